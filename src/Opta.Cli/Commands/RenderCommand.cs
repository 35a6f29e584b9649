using System.CommandLine;
using k8s;
using k8s.Models;
using Opta.Output;

namespace Opta.Cli.Commands;

internal static class RenderCommand
{
    /// <summary>First line of every file <c>render -o</c> writes; marks files a later render may replace or remove.</summary>
    public const string FileMarker = "# Rendered by opta-infra";

    public static Command Create()
    {
        var common = new CommonOptions();
        var output = new Option<string?>("--output-dir", "-o")
        {
            Description = "Write one file per object into this folder instead of a YAML stream on stdout",
            HelpName = "DIR",
        };
        var showSecrets = new Option<bool>("--show-secrets")
        {
            Description = "Print the values of Secrets (from {secret.NAME}) instead of ***",
        };
        var command = new Command("render", """
            Print the Kubernetes objects opta.yaml deploys, as a YAML stream (no cluster needed).

            Examples:
              opta-infra render -c examples/hello/opta.yaml
              opta-infra render -c opta.yaml --env staging --image-tag v1.2.0 -o rendered/
              OPTA_SECRET_DB_PASSWORD=… opta-infra render -c opta.yaml --show-secrets

            Secret values ({secret.NAME} in env_vars, read from OPTA_SECRET_NAME) print as *** unless --show-secrets.
            """);
        common.AddTo(command);
        command.Add(output);
        command.Add(showSecrets);
        command.SetAction(result =>
        {
            var file = result.GetValue(common.Config)!;
            if (common.PlanAndReport(result, "nothing was rendered") is not { } plan)
            {
                return CliOutput.Failed;
            }

            var objects = plan.Plan!.AllObjects().ToList();
            if (!result.GetValue(showSecrets))
            {
                objects = ManifestWriter.MaskSecrets(objects).ToList();
            }

            if (result.GetValue(output) is { } dir)
            {
                return WriteFolder(dir, objects, Loading.ProjectLoader.Display(file), plan.Plan.Layer, plan.Plan.EnvironmentName);
            }

            // The stream's UTF-8 bytes straight from the writer's buffer: a StreamWriter's buffers, or the text as one
            // string and one array, would be most of what a small render allocates.
            using var stdout = Console.OpenStandardOutput();
            ManifestWriter.WriteYamlStream(objects, stdout);
            return CliOutput.Ok;
        });
        return command;
    }

    /// <summary>How long a render waits for another one writing the same folder.</summary>
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(10);

    /// <summary>Longest file read back from an output folder (to see who wrote it).</summary>
    private const long MaxOwnFileBytes = 8 * 1024 * 1024;

    private static int WriteFolder(string dir, List<IKubernetesObject<V1ObjectMeta>> objects, string source, string layer, string environment)
    {
        if (CliOutput.MalformedPath(dir) is { } malformed)
        {
            CliOutput.Error($"-o '{dir}' {malformed}; give a folder (it is created if missing)");
            return CliOutput.Failed;
        }

        if (Loading.RegularFile.KindOf(dir) is var kind and not (Loading.FileKind.Missing or Loading.FileKind.Directory))
        {
            CliOutput.Error(kind == Loading.FileKind.Regular
                ? $"-o {dir}: is a file; give a folder (it is created if missing)"
                : $"-o {dir}: {Loading.RegularFile.WhyNotRegular(kind)}; give a folder (it is created if missing)");
            return CliOutput.Failed;
        }

        var header = $"{FileMarker} from {source} (layer {layer}, environment {environment}); edit opta.yaml, not this file.\n";
        var files = objects.ToDictionary(ManifestWriter.FileName, o => (Content: header + ManifestWriter.ToYaml(o), Secret: o is V1Secret), StringComparer.Ordinal);
        try
        {
            Directory.CreateDirectory(dir);
            using var folderLock = FolderLock.Acquire(dir, LockWait, out var locked);
            if (folderLock is null)
            {
                CliOutput.Error($"-o {dir}: {locked}");
                return CliOutput.Failed;
            }

            foreach (var (name, file) in files)
            {
                AtomicFile.Write(Path.Combine(dir, name), file.Content, file.Secret ? AtomicFile.Private : AtomicFile.Ordinary);
            }

            // Only what an earlier render of this layer wrote is replaced: other layers' files and the user's stay.
            foreach (var stale in Directory.EnumerateFiles(dir, "*.yaml"))
            {
                if (!files.ContainsKey(Path.GetFileName(stale)) && WrittenFor(stale, source, layer))
                {
                    File.Delete(stale);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            CliOutput.Error($"-o {dir}: cannot write there ({ex.Message.TrimEnd('.')})");
            return CliOutput.Failed;
        }

        Console.Error.WriteLine($"Wrote {ValidateCommand.Count(files.Count, "file")} to {Diagnostics.TerminalText.Escape(dir)}.");
        return CliOutput.Ok;
    }

    /// <summary>
    /// Whether a file of the folder was written by a render of <paramref name="layer"/> (its first line says so;
    /// files from before the layer was recorded count when they came from the same service file). Links, pipes and
    /// devices are never opened, so a planted one can neither hang the render nor be deleted as ours.
    /// </summary>
    private static bool WrittenFor(string file, string source, string layer)
    {
        var text = Loading.RegularFile.ReadAllText(file, MaxOwnFileBytes, out _, followLinks: false);
        var first = text?[..Math.Max(0, text.IndexOf('\n'))];
        if (first is null || !first.StartsWith(FileMarker + " from ", StringComparison.Ordinal))
        {
            return false;
        }

        return first.Contains($" (layer {layer}, ", StringComparison.Ordinal)
            || (!first.Contains(" (layer ", StringComparison.Ordinal) && first.StartsWith($"{FileMarker} from {source} (", StringComparison.Ordinal));
    }
}
