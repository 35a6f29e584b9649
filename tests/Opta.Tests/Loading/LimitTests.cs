using System.Diagnostics;
using Opta.Spec;
using Opta.Tests.Support;

namespace Opta.Tests.Loading;

/// <summary>Every bound on what a file may cost has its own error; files that cannot be read are named with why.</summary>
public sealed class LimitTests
{
    private const string Base = "name: web\nimage: nginx:1.27\nport: {http: 80}\n";

    private static string Service(string modules) =>
        $"name: shop\nenvironments:\n  - {{name: staging, path: opta.yaml}}\nmodules:\n{modules}";

    [Fact]
    public void Too_many_modules_is_one_error_and_no_module_is_read()
    {
        var modules = string.Concat(Enumerable.Range(0, FileFields.MaxModules + 1).Select(i => $"  - {{type: k8s-service, name: m{i}, image: nginx}}\n"));
        using var project = new TempProject().Write("opta.yaml", Service(modules));

        var error = PlanAssert.SingleError(project.Plan());

        Assert.Equal("modules: has 5001 items; at most 5000 are accepted (a limit that keeps planning bounded): remove some", error.Message);
        Assert.Equal((5, 3), (error.Position.Line, error.Position.Column));
    }

    public static TheoryData<string, int, int, string> Bounds => new()
    {
        { Base + "args: [" + string.Join(", ", Enumerable.Repeat("x", 1001)) + "]", 11, 11, "modules[0].args: has 1001 items; at most 1000 are accepted" },
        { Base + "pod_annotations: {" + string.Join(", ", Enumerable.Range(0, 1001).Select(i => $"a{i}: x")) + "}", 11, 22, "modules[0].pod_annotations: has 1001 entries; at most 1000 are accepted" },
        { "name: web\nimage: nginx\nports:\n" + string.Concat(Enumerable.Range(1, 101).Select(i => $"  - {{name: p{i}, type: tcp, port: {i}}}\n")), 11, 7, "modules[0].ports: has 101 items; at most 100 are accepted" },
        { $"name: web\nimage: nginx:{new string('1', 1030)}\nport: {{http: 80}}", 9, 12, "modules[0].image: the value is 1,036 characters; at most 1,024 are accepted: shorten it" },
        { Base + $"env_vars: {{A: \"{new string('x', 70_000)}\"}}", 11, 19, "modules[0].env_vars.A: the value is 70,000 characters; at most 65,536 are accepted" },
        { Base + "sticky_session_max_age: 99999999999", 11, 29, "modules[0].sticky_session_max_age: 99999999999 is out of range; it must be an integer from 1 to 2147483647" },
        { Base + "initial_liveness_delay: 3601", 11, 29, "modules[0].initial_liveness_delay: 3601 is out of range; it must be an integer from 0 to 3600" },
        { Base + "persistent_storage: [{size: 70000, path: /d}]", 11, 33, "modules[0].persistent_storage[0].size: 70000 is out of range" },
    };

    [Theory]
    [MemberData(nameof(Bounds))]
    public void Each_bound_has_its_own_error(string body, int line, int column, string message)
        => PlanAssert.SingleErrorAt(body, line, column, message);

    [Fact]
    public void A_variable_used_many_times_cannot_expand_without_bound()
    {
        var big = new string('x', 200_000);
        var uses = string.Concat(Enumerable.Repeat("{vars.big}", 1000));
        using var project = new TempProject().Write("opta.yaml",
            $"name: shop\nenvironments:\n  - name: staging\n    path: opta.yaml\n    variables: {{big: {big}}}\nmodules:\n  - {{type: k8s-service, name: web, image: nginx, port: {{http: 80}}, env_vars: {{A: \"{uses}\"}}}}\n");

        var clock = Stopwatch.StartNew();
        var error = PlanAssert.SingleError(project.Plan());

        Assert.StartsWith("modules[0].env_vars.A: the value expands to more than 262,144 characters ({vars.big} is 200,000 characters)", error.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "expanding took " + clock.Elapsed);
    }

    [Fact]
    public void A_directory_given_as_the_service_file_is_refused_clearly()
    {
        using var project = new TempProject();

        var error = PlanAssert.SingleError(OptaEngine.Plan(project.Dir));

        Assert.Equal("cannot read the service file (-c) '" + Opta.Loading.ProjectLoader.Display(project.Dir) + "': it is a directory, not a file", error.Message);
    }

    [Fact]
    public void A_symlink_loop_is_refused_clearly_as_the_service_file_and_as_an_environment_file()
    {
        using var project = new TempProject().Write("opta.yaml", "name: shop\nenvironments:\n  - {name: staging, path: env.yaml}\nmodules: []\n");
        File.CreateSymbolicLink(Path.Combine(project.Dir, "a.yaml"), "b.yaml");
        File.CreateSymbolicLink(Path.Combine(project.Dir, "b.yaml"), "a.yaml");
        File.CreateSymbolicLink(Path.Combine(project.Dir, "env.yaml"), "a.yaml");

        var asService = PlanAssert.SingleError(OptaEngine.Plan(Path.Combine(project.Dir, "a.yaml")));
        var asEnvironment = PlanAssert.SingleError(project.Plan());

        Assert.EndsWith("a.yaml': it is a symbolic link loop", asService.Message, StringComparison.Ordinal);
        Assert.EndsWith("env.yaml': it is a symbolic link loop", asEnvironment.Message, StringComparison.Ordinal);
        Assert.Equal((3, 27), (asEnvironment.Position.Line, asEnvironment.Position.Column));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void An_unreadable_file_is_refused_clearly()
    {
        using var project = new TempProject().Write("opta.yaml", "name: shop\nenvironments:\n  - {name: staging, path: env.yaml}\nmodules: []\n");
        var env = Path.Combine(project.Dir, "env.yaml");
        File.WriteAllText(env, "name: staging\n");
        File.SetUnixFileMode(env, UnixFileMode.None);

        // As root, mode 000 is still readable; a write-only kernel file is unreadable even for root, but a service
        // file may not name /proc, so that case reads it through the reader itself.
        if (CanRead(env))
        {
            const string unreadable = "/proc/sys/vm/compact_memory";
            Assert.True(File.Exists(unreadable) && !CanRead(unreadable), "no unreadable file to test with: running as root, and " + unreadable + " is readable or missing");
            Assert.Null(Opta.Loading.FileSystemSourceReader.Instance.Read(unreadable, 1024, out var whyNot));
            Assert.Equal("permission denied", whyNot);
            return;
        }

        var error = PlanAssert.SingleError(project.Plan());

        Assert.EndsWith("env.yaml': permission denied", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_named_pipe_is_refused_without_hanging()
    {
        using var project = new TempProject();
        using (var mkfifo = Process.Start("mkfifo", project.ServiceFile))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var plan = Task.Run(() => project.Plan());
        var finished = await Task.WhenAny(plan, Task.Delay(TimeSpan.FromSeconds(30)));

        Assert.True(finished == plan, "reading a named pipe hung");
        Assert.EndsWith("opta.yaml': it is a named pipe (FIFO), not a regular file", PlanAssert.SingleError(await plan).Message, StringComparison.Ordinal);
    }

    private static bool CanRead(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
