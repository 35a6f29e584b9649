using System.Text;
using k8s;
using Opta.Loading;
using Opta.Output;
using Opta.Planning;

namespace Opta.Fuzz;

/// <summary>
/// One fuzz input through load, validate, plan and render. Bad input must end in diagnostics; anything
/// thrown from here (a crash, or a broken invariant below) is a finding.
/// </summary>
/// <remarks>
/// An input is the service file. Lines <c>#== NAME</c> start further files (e.g. <c>#== env.yaml</c>), so
/// environment files are fuzzed too; a plain YAML file is a valid input. Nothing touches the disk.
/// </remarks>
public static class FuzzTarget
{
    public const string ServiceFile = "opta.yaml";

    private const string FileMarker = "#== ";

    /// <summary>Every <c>{secret.NAME}</c> resolves to this followed by NAME (but <c>{secret.unset}</c>, which has no value).</summary>
    private const string SecretMarker = "7f1c9a2e-secret-";

    public static void Run(ReadOnlySpan<byte> data) => Run(Encoding.UTF8.GetString(data));

    public static void Run(string input)
    {
        var files = Split(input);
        var options = new PlanOptions
        {
            Reader = new InMemorySourceReader(files),
            ImageTag = "fuzz",
            ResolveImageBuilds = false,
            Variables = new Dictionary<string, string> { ["fuzz"] = "value" },
            Secrets = name => name == "unset" ? null : SecretMarker + name,
        };

        var result = OptaEngine.Plan(ServiceFile, options);
        var formatted = result.FormatDiagnostics();
        Check(result.Diagnostics.All(d => d.Message.Length > 0), "a diagnostic has no message");
        Check(formatted.Length >= result.Diagnostics.Count, "formatted diagnostics are missing");
        Check(!formatted.Contains(SecretMarker, StringComparison.Ordinal), "a diagnostic shows a secret value");
        Check(result.Succeeded == (result.Plan is not null), "a plan came with errors, or no plan and no error");
        if (result.Plan is null)
        {
            Check(result.Errors.Any(), "no plan and no error");
            return;
        }

        var objects = result.Plan.AllObjects().ToList();
        var rendered = ManifestWriter.ToYamlStream(objects);
        var reparsed = KubernetesYaml.LoadAllFromString(rendered);
        Check(reparsed.Count == objects.Count, $"rendered {objects.Count} objects, read back {reparsed.Count}");
        var again = string.Join("---\n", reparsed.Select(o =>
        {
            var text = KubernetesYaml.Serialize(o);
            return text.EndsWith('\n') ? text : text + "\n";
        }));
        Check(again == rendered, "render → parse → render changed the output");
        var masked = ManifestWriter.ToYamlStream(ManifestWriter.MaskSecrets(objects));
        Check(!masked.Contains(SecretMarker, StringComparison.Ordinal), "a secret value is printed outside its Secret");
    }

    /// <summary>Splits an input into files at <c>#== NAME</c> lines; the text before the first is the service file.</summary>
    public static Dictionary<string, string> Split(string input)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        var name = ServiceFile;
        var current = new StringBuilder();
        foreach (var line in input.Split('\n'))
        {
            if (line.StartsWith(FileMarker, StringComparison.Ordinal))
            {
                files.TryAdd(name, current.ToString());
                name = line[FileMarker.Length..].Trim();
                current.Clear();
                continue;
            }

            current.Append(line).Append('\n');
        }

        files.TryAdd(name, current.ToString());
        return files;
    }

    private static void Check(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException("fuzz invariant broken: " + what);
        }
    }

    private sealed class InMemorySourceReader(Dictionary<string, string> files) : ISourceReader
    {
        public string? Read(string path, long maxBytes, out string? whyNot)
        {
            // The loader hands readers the resolved absolute path; the files are keyed as the service file names them.
            var name = ProjectLoader.Display(Path.GetRelativePath(Environment.CurrentDirectory, path));
            if (!files.TryGetValue(name, out var text))
            {
                whyNot = "no such file";
                return null;
            }

            if (Encoding.UTF8.GetByteCount(text) > maxBytes)
            {
                whyNot = $"it is over the limit of {maxBytes:N0} bytes";
                return null;
            }

            whyNot = null;
            return text;
        }
    }
}
