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
                return WriteFolder(dir, objects, Loading.ProjectLoader.Display(file), plan.Plan.EnvironmentName);
            }

            var stdout = Console.OpenStandardOutput();
            using var writer = new StreamWriter(stdout, new System.Text.UTF8Encoding(false), 1 << 16);
            writer.Write(ManifestWriter.ToYamlStream(objects));
            return CliOutput.Ok;
        });
        return command;
    }

    private static int WriteFolder(string dir, List<IKubernetesObject<V1ObjectMeta>> objects, string source, string environment)
    {
        if (File.Exists(dir))
        {
            CliOutput.Error($"-o {dir}: is a file; give a folder (it is created if missing)");
            return CliOutput.Failed;
        }

        var header = $"{FileMarker} from {source} (environment {environment}); edit opta.yaml, not this file.\n";
        var files = objects.ToDictionary(ManifestWriter.FileName, o => header + ManifestWriter.ToYaml(o), StringComparer.Ordinal);
        try
        {
            Directory.CreateDirectory(dir);
            foreach (var (name, content) in files)
            {
                AtomicFile.Write(Path.Combine(dir, name), content);
            }

            foreach (var stale in Directory.EnumerateFiles(dir, "*.yaml"))
            {
                if (!files.ContainsKey(Path.GetFileName(stale)) && File.ReadLines(stale).FirstOrDefault()?.StartsWith(FileMarker, StringComparison.Ordinal) == true)
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

        Console.Error.WriteLine($"Wrote {ValidateCommand.Count(files.Count, "file")} to {dir}.");
        return CliOutput.Ok;
    }
}
