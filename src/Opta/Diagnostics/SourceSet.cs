namespace Opta.Diagnostics;

/// <summary>The texts of the files read for one run, by the name diagnostics use for them.</summary>
public sealed class SourceSet
{
    private readonly Dictionary<string, string[]> lines = new(StringComparer.Ordinal);

    public void Add(string displayName, string text) =>
        lines[displayName] = text.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();

    public string? Line(string displayName, int line) =>
        lines.TryGetValue(displayName, out var all) && line >= 1 && line <= all.Length ? all[line - 1] : null;
}
