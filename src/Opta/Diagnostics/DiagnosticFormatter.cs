using System.Text;

namespace Opta.Diagnostics;

/// <summary>
/// Renders diagnostics as compilers do: the <c>FILE:LINE:COL: error: …</c> line, the source line, and a caret.
/// </summary>
public static class DiagnosticFormatter
{
    public static string Format(IEnumerable<Diagnostic> diagnostics, SourceSet sources)
    {
        var sb = new StringBuilder();
        foreach (var d in diagnostics)
        {
            Append(sb, d, sources);
        }

        return sb.ToString();
    }

    public static void Append(StringBuilder sb, Diagnostic d, SourceSet sources)
    {
        sb.Append(d).Append('\n');
        var line = sources.Line(d.Position.File, d.Position.Line);
        if (line is null)
        {
            return;
        }

        var shown = line.Replace('\t', ' ');
        if (shown.Length > 200)
        {
            shown = shown[..200] + "…";
        }

        sb.Append("  ").Append(shown).Append('\n');
        var caret = Math.Clamp(d.Position.Column - 1, 0, Math.Max(shown.Length, 0));
        sb.Append("  ").Append(' ', caret).Append("^\n");
    }
}
