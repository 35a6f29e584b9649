namespace Opta.Diagnostics;

/// <summary>The texts of the files read for one run, by the name diagnostics use for them.</summary>
/// <remarks>A text is split into lines only when a diagnostic quotes one: a valid file never is.</remarks>
public sealed class SourceSet
{
    private readonly Dictionary<string, string> texts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string[]> lines = new(StringComparer.Ordinal);

    public void Add(string displayName, string text)
    {
        texts[displayName] = text;
        lines.Remove(displayName);
    }

    public string? Line(string displayName, int line)
    {
        if (!lines.TryGetValue(displayName, out var all))
        {
            if (!texts.TryGetValue(displayName, out var text))
            {
                return null;
            }

            all = lines[displayName] = text.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        }

        return line >= 1 && line <= all.Length ? all[line - 1] : null;
    }
}
