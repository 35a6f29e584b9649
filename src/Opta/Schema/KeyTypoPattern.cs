using System.Text;
using Opta.Diagnostics;

namespace Opta.Schema;

/// <summary>
/// Regular expressions (ECMA-262 and .NET alike) that recognise a misspelt field name, so the JSON Schema can say
/// "did you mean 'healthcheck_path'?" where an editor's schema cannot run <see cref="DidYouMean"/>: for a short name,
/// one edit away (a letter missing, extra, wrong or two letters swapped); for any name, a key about as long that
/// starts or ends with at least three letters no other field starts or ends with. A key may match the patterns of two
/// names (<c>portz</c>); the schema tries them in order. An approximation of <see cref="DidYouMean"/>, tested against it.
/// </summary>
public static class KeyTypoPattern
{
    private const int MinAffix = 3;

    private const int MaxOneEdit = 8;

    /// <summary>One anchored pattern per name, in the order given.</summary>
    public static IReadOnlyList<string> For(IReadOnlyList<string> names) =>
        [.. names.Select(n => "^(?:" + Body(n, names) + ")$")];

    /// <summary>The alternatives of one name's pattern, unanchored.</summary>
    private static string Body(string name, IReadOnlyList<string> names)
    {
        var alternatives = new List<string>();
        // Keep the patterns small: schema validators compile every pattern, and a one-edit pattern grows with the
        // square of the name. Short names get it; long ones are recognised by a beginning or an end only they have,
        // with the rest about as long as the name's.
        if (name.Length <= MaxOneEdit)
        {
            alternatives.Add(OneEdit(name, 0));
        }

        var prefix = Enumerable.Range(MinAffix, Math.Max(0, name.Length - MinAffix))
            .FirstOrDefault(n => !names.Any(o => o != name && o.StartsWith(name[..n], StringComparison.Ordinal)));
        if (prefix > 0)
        {
            // The beginning as a key of its own (DidYouMean takes a key that begins only one field), then with the
            // rest of the name, more or less.
            var tail = "";
            for (var i = name.Length - 1; i >= prefix; i--)
            {
                tail = "(?:" + Escape(name[i]) + tail + ")?";
            }

            alternatives.Add(Escape(name[..prefix]) + tail);
            alternatives.Add(Escape(name[..prefix]) + Around(name.Length - prefix));
        }

        var suffix = Enumerable.Range(MinAffix, Math.Max(0, name.Length - MinAffix))
            .FirstOrDefault(n => !names.Any(o => o != name && o.EndsWith(name[^n..], StringComparison.Ordinal)));
        if (suffix > 0)
        {
            alternatives.Add(Around(name.Length - suffix) + Escape(name[^suffix..]));
        }

        return string.Join("|", alternatives);
    }

    /// <summary>
    /// The names one edit from <c>name[i..]</c>, as a regular expression that shares the letters before each edit: at
    /// <c>i</c>, a wrong or missing letter or an extra one before it, the next two letters swapped, or the letter as
    /// written and an edit later.
    /// </summary>
    private static string OneEdit(string name, int i)
    {
        if (i == name.Length)
        {
            return ".?";
        }

        var here = "(?:.?|." + Escape(name[i]) + ")" + Escape(name[(i + 1)..]);
        if (i + 1 < name.Length && name[i] != name[i + 1])
        {
            here += "|" + Escape(name[i + 1]) + Escape(name[i]) + Escape(name[(i + 2)..]);
        }

        return "(?:" + here + "|" + Escape(name[i]) + OneEdit(name, i + 1) + ")";
    }

    /// <summary>Any letters, <paramref name="length"/> of them give or take two.</summary>
    private static string Around(int length) => $".{{{Math.Max(0, length - 2)},{length + 2}}}";

    private static string Escape(char c) => Escape(c.ToString());

    private static string Escape(string s)
    {
        var sb = new StringBuilder();
        foreach (var c in s)
        {
            if (@"\^$.|?*+()[]{}-/".Contains(c))
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }

        return sb.ToString();
    }
}
