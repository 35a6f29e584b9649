using System.Text;

namespace Opta.Diagnostics;

/// <summary>
/// Text from files, made safe to print on a terminal: control characters (ESC, BEL, the other C0 and C1 codes,
/// DEL) and the bidirectional overrides become visible escapes (<c>\x1b</c>, <c>\u202e</c>), so a service file or
/// a <c>--base</c> folder cannot move the cursor, retitle the window, hide text or fake a line of output.
/// </summary>
public static class TerminalText
{
    /// <summary><paramref name="text"/> as one line: every control character but tab escaped, newlines too.</summary>
    public static string Escape(string text) => Escape(text, keepNewlines: false);

    /// <summary>Escapes as <see cref="Escape(string)"/> but keeps line breaks, for text that is several lines on purpose.</summary>
    public static string EscapeLines(string text) => Escape(text, keepNewlines: true);

    private static string Escape(string text, bool keepNewlines)
    {
        var i = 0;
        while (i < text.Length && !NeedsEscape(text[i], keepNewlines))
        {
            i++;
        }

        if (i == text.Length)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length + 16).Append(text, 0, i);
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (!NeedsEscape(c, keepNewlines))
            {
                sb.Append(c);
            }
            else if (c <= 0xFF)
            {
                sb.Append("\\x").Append(((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }

    private static bool NeedsEscape(char c, bool keepNewlines) =>
        c switch
        {
            '\t' => false,
            '\n' => !keepNewlines,
            < ' ' => true,
            >= '\x7f' and <= '\x9f' => true,
            >= '\u202a' and <= '\u202e' => true,
            >= '\u2066' and <= '\u2069' => true,
            _ => false,
        };
}
