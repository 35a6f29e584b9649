using System.Text.Json.Nodes;

namespace Opta.Diffing;

/// <summary>Reads the manifests of a folder written by <c>render -o</c>: every <c>*.yaml</c>/<c>*.yml</c> file in it.</summary>
public static class ManifestFolder
{
    private const long MaxFileBytes = 8 * 1024 * 1024;

    /// <summary>
    /// The manifests of <paramref name="folder"/> in file-name order, or null with every problem found, each
    /// naming the file (and line) and what is wrong.
    /// </summary>
    public static IReadOnlyList<Manifest>? Read(string folder, out IReadOnlyList<string> problems)
    {
        var found = new List<string>();
        problems = found;
        List<string> files;
        try
        {
            files = Directory.EnumerateFiles(folder)
                .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            found.Add($"the folder {folder} cannot be listed ({ex.Message.TrimEnd('.')})");
            return null;
        }

        if (files.Count == 0)
        {
            found.Add($"the folder {folder} has no *.yaml or *.yml files; write one with `opta-infra render -c FILE -o {folder}`");
            return null;
        }

        var manifests = new List<Manifest>();
        var seen = new Dictionary<ObjectKey, string>();
        foreach (var file in files)
        {
            var display = Path.Combine(folder, Path.GetFileName(file));
            // What render -o writes are regular files: a link, a pipe or a device there is refused, never opened.
            if (Loading.RegularFile.ReadAllText(file, MaxFileBytes, out var whyNot, followLinks: false) is not { } text)
            {
                found.Add($"{display}: cannot be read: {whyNot}");
                continue;
            }

            IReadOnlyList<ManifestYaml.Document> documents;
            try
            {
                documents = ManifestYaml.Parse(text);
            }
            catch (ManifestYamlException ex)
            {
                found.Add($"{display}:{ex.Start.Line}:{ex.Start.Column}: invalid YAML: {ex.Reason}");
                continue;
            }

            foreach (var document in documents)
            {
                if (document.Root is null)
                {
                    continue;
                }

                var at = $"{display}:{document.Line}";
                if (document.Root is not JsonObject body || Manifest.KeyOf(body) is not { } key)
                {
                    found.Add($"{at}: not a Kubernetes object (it needs apiVersion, kind and metadata.name); the folder must hold only what `opta-infra render -o` wrote");
                    continue;
                }

                if (seen.TryGetValue(key, out var first))
                {
                    found.Add($"{at}: {key} is also in {first}; keep one of them");
                    continue;
                }

                seen[key] = at;
                manifests.Add(new Manifest(key, body, at));
            }
        }

        return found.Count == 0 ? manifests : null;
    }
}
