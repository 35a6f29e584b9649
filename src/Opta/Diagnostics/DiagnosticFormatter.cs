using System.Text;

namespace Opta.Diagnostics;

/// <summary>
/// Renders diagnostics as compilers do: the <c>FILE:LINE:COL: error: …</c> line, the source line, and a caret.
/// Only the offending line is quoted, cut to <see cref="MaxQuotedLine"/> characters, and everything taken from a
/// file is escaped for the terminal (<see cref="TerminalText"/>).
/// </summary>
public static class DiagnosticFormatter
{
    /// <summary>Longest part of a source line (or of a message) shown; the rest becomes an ellipsis.</summary>
    public const int MaxQuotedLine = 200;

    /// <summary>Longest message shown: a message quotes values, which may be long.</summary>
    public const int MaxMessage = 2000;

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
        sb.Append(Cut(TerminalText.Escape(d.ToString()), MaxMessage)).Append('\n');
        var line = sources.Line(d.Position.File, d.Position.Line);
        if (line is null)
        {
            return;
        }

        // The caret column counts the characters before it as they are shown (escapes are wider).
        var column = Math.Clamp(d.Position.Column - 1, 0, line.Length);
        var before = Show(line[..column]);
        var shown = Show(line);
        if (shown.Length > MaxQuotedLine)
        {
            // Keep the caret's neighbourhood in view when it is far to the right.
            var start = before.Length > MaxQuotedLine - 20 ? before.Length - (MaxQuotedLine / 2) : 0;
            var piece = shown.Substring(start, Math.Min(MaxQuotedLine, shown.Length - start));
            var lead = start > 0 ? "…" : "";
            var tail = start + piece.Length < shown.Length ? "…" : "";
            sb.Append("  ").Append(lead).Append(piece).Append(tail).Append('\n');
            sb.Append("  ").Append(' ', lead.Length + before.Length - start).Append("^\n");
            return;
        }

        sb.Append("  ").Append(shown).Append('\n');
        sb.Append("  ").Append(' ', before.Length).Append("^\n");
    }

    private static string Show(string text) => TerminalText.Escape(text.Replace('\t', ' '));

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..max] + "…";
}
