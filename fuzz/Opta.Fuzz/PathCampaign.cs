using System.Diagnostics;
using System.Text;
using Opta.Diffing;
using Opta.Images;
using Opta.Planning;

namespace Opta.Fuzz;

/// <summary>
/// A campaign over paths and file kinds, on a real disk: a temporary repository holding every kind of file a
/// hostile checkout can hold (named pipes, links out of it, to <c>/dev/zero</c> and <c>/proc/self/environ</c>, link
/// loops, dangling links, folders where files are expected), and service files whose path fields
/// (<c>environments[].path</c>, <c>build.context</c>, <c>build.dockerfile</c>) are drawn from hostile values. Every
/// run must end (a watchdog counts a run over 20 seconds as a hang), throw nothing, never quote the secret written
/// outside the repository, and print no control character. <c>render -o</c>-style folders of the same kinds go
/// through the manifest reader of <c>diff --base</c>.
/// </summary>
public static class PathCampaign
{
    private const string OutsideSecret = "OUTSIDE-7d1e-secret";

    private static readonly string[] Kinds =
        ["file.yaml", "pipe", "link-out", "link-zero", "link-environ", "loop-a", "dangling", "folder", "folder/Dockerfile", "Dockerfile", "env.yaml", "linked-folder", "linked-folder/env.yaml"];

    private static readonly string[] Hostile =
        ["", ".", "..", "/", "../..", "../outside", "../outside/env.yaml", "/etc/passwd", "/etc/shadow", "/proc/self/environ", "/proc/self/fd/0",
         "/dev/zero", "/dev/stdin", "/sys/kernel", "~", "a\0b", "\u001b[2J", "con", new string('a', 300), string.Join('/', Enumerable.Repeat("..", 40)),
         "./././env.yaml", "folder/../env.yaml", "folder/../../outside/env.yaml", "link-out/../env.yaml", "linked-folder/../env.yaml", "env.yaml/", "env.yaml\n"];

    /// <summary>Runs for <paramref name="seconds"/> or <paramref name="maxRuns"/> inputs; 0 when nothing failed or hung.</summary>
    public static int Run(int seconds, int seed, long maxRuns = long.MaxValue)
    {
        var root = Directory.CreateTempSubdirectory("opta-path-campaign-").FullName;
        try
        {
            var repo = Build(root);
            var random = new Random(seed);
            var clock = Stopwatch.StartNew();
            var (runs, failures, hangs) = (0L, 0, 0);
            while (clock.Elapsed.TotalSeconds < seconds && runs < maxRuns)
            {
                var (service, case_) = ServiceFile(random);
                File.WriteAllText(Path.Combine(repo, "opta.yaml"), service);
                var folder = random.Next(4) == 0 ? Path.Combine(repo, Pick(random, ["kinds", "folder", "linked-folder", "."])) : null;
                var run = Task.Run(() => Check(repo, folder));
                runs++;
                if (!((IAsyncResult)run).AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(20)))
                {
                    hangs++;
                    Directory.CreateDirectory("path-findings");
                    File.WriteAllText(Path.Combine("path-findings", $"hang-{hangs}.yaml"), service);
                    Console.Error.WriteLine($"hang: {case_}");
                    break;
                }

                if (run.Exception?.InnerException is { } ex)
                {
                    failures++;
                    Directory.CreateDirectory("path-findings");
                    File.WriteAllText(Path.Combine("path-findings", $"failure-{failures}.yaml"), service);
                    Console.Error.WriteLine($"{case_}: {ex.GetType().Name}: {ex.Message}");
                }
            }

            Console.WriteLine($"{runs} runs in {clock.Elapsed.TotalSeconds:F0} s, {failures} failures, {hangs} hangs");
            return failures + hangs == 0 ? 0 : 1;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static void Check(string repo, string? folder)
    {
        var result = OptaEngine.Plan(Path.Combine(repo, "opta.yaml"), new PlanOptions
        {
            Secrets = _ => "s",
            AllowedPaths = [Path.Combine(repo, "kinds")],
        });
        var text = result.FormatDiagnostics();
        Require(!text.Contains(OutsideSecret, StringComparison.Ordinal), "a diagnostic quotes a file outside the repository");
        Require(!text.Any(c => c != '\n' && c != '\t' && char.IsControl(c)), "a diagnostic holds a control character");
        Require(result.Succeeded == (result.Plan is not null), "a plan came with errors, or no plan and no error");
        if (folder is not null)
        {
            var manifests = ManifestFolder.Read(folder, out var problems);
            Require(manifests is not null || problems.Count > 0, "a base folder was refused without a reason");
            Require(!string.Join('\n', problems).Contains(OutsideSecret, StringComparison.Ordinal), "a base-folder problem quotes a file outside the repository");
        }

        _ = new DockerIgnore([new string('*', 50) + "a", "**/" + new string('?', 40)]).IsExcluded(new string('a', 2000));
    }

    private static void Require(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException("path campaign invariant broken: " + what);
        }
    }

    private static (string Text, string Case) ServiceFile(Random random)
    {
        string Path() => random.Next(3) switch
        {
            0 => Pick(random, Kinds),
            1 => Pick(random, Hostile),
            _ => Pick(random, ["kinds/", "linked-folder/", "folder/", "../"]) + Pick(random, Kinds),
        };

        var env = Path();
        var context = Path();
        var dockerfile = Path();
        var build = random.Next(3) switch
        {
            0 => "",
            1 => $", build: {{context: {Quote(context)}}}",
            _ => $", build: {{context: {Quote(context)}, dockerfile: {Quote(dockerfile)}}}",
        };
        var text = new StringBuilder()
            .Append("name: shop\nenvironments:\n  - name: staging\n    path: ").Append(Quote(env)).Append('\n')
            .Append("modules:\n  - {type: k8s-service, name: web, image: ").Append(random.Next(2) == 0 ? "AUTO" : "nginx")
            .Append(", port: {http: 80}, env_vars: {A: \"{secret.A}\"}").Append(build).Append("}\n")
            .ToString();
        return (text, $"path={Quote(env)} context={Quote(context)} dockerfile={Quote(dockerfile)}");
    }

    private static string Quote(string value)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in value)
        {
            sb.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                < ' ' => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
        }

        return sb.Append('"').ToString();
    }

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];

    /// <summary>The repository with every kind of file, and a folder outside it holding the secret.</summary>
    private static string Build(string root)
    {
        var outside = System.IO.Path.Combine(root, "outside");
        var repo = System.IO.Path.Combine(root, "repo");
        Directory.CreateDirectory(outside);
        File.WriteAllText(System.IO.Path.Combine(outside, "env.yaml"), $"name: {OutsideSecret}\norg_name: [{OutsideSecret}\n");
        Directory.CreateDirectory(System.IO.Path.Combine(repo, ".git"));
        foreach (var place in new[] { repo, System.IO.Path.Combine(repo, "kinds") })
        {
            Directory.CreateDirectory(System.IO.Path.Combine(place, "folder"));
            Directory.CreateDirectory(System.IO.Path.Combine(place, "folder", "Dockerfile"));
            File.WriteAllText(System.IO.Path.Combine(place, "file.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");
            File.WriteAllText(System.IO.Path.Combine(place, "env.yaml"), "name: staging\norg_name: acme\n");
            File.WriteAllText(System.IO.Path.Combine(place, "Dockerfile"), "FROM scratch\n");
            MakeFifo(System.IO.Path.Combine(place, "pipe"));
            MakeFifo(System.IO.Path.Combine(place, "pipe.yaml"));
            File.CreateSymbolicLink(System.IO.Path.Combine(place, "link-out"), System.IO.Path.Combine(outside, "env.yaml"));
            File.CreateSymbolicLink(System.IO.Path.Combine(place, "link-out.yaml"), System.IO.Path.Combine(outside, "env.yaml"));
            File.CreateSymbolicLink(System.IO.Path.Combine(place, "link-zero"), "/dev/zero");
            File.CreateSymbolicLink(System.IO.Path.Combine(place, "link-zero.yaml"), "/dev/zero");
            File.CreateSymbolicLink(System.IO.Path.Combine(place, "link-environ"), "/proc/self/environ");
            File.CreateSymbolicLink(System.IO.Path.Combine(place, "loop-a"), "loop-b");
            File.CreateSymbolicLink(System.IO.Path.Combine(place, "loop-b"), "loop-a");
            File.CreateSymbolicLink(System.IO.Path.Combine(place, "dangling"), "nowhere");
            Directory.CreateSymbolicLink(System.IO.Path.Combine(place, "linked-folder"), outside);
        }

        return repo;
    }

    private static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
    }
}
