namespace Opta.Images;

/// <summary>
/// <c>.dockerignore</c> matching as Docker does it: patterns relative to the context root, <c>*</c>, <c>?</c>,
/// <c>[…]</c>, <c>**</c> across folders, <c>!</c> to re-include; the last matching pattern wins, and a pattern
/// that matches a folder matches everything under it.
/// </summary>
/// <remarks>
/// Matching runs the pattern as a set of states over the path, one step per character: time is the pattern's
/// length times the path's, whatever either holds. A backtracking regex took minutes for
/// <c>*a*a*a*a*a*a*a*a*b</c> against one long file name, and the context is the checkout a pull request controls.
/// </remarks>
public sealed class DockerIgnore
{
    private readonly List<(Glob Pattern, bool Exclude)> rules = [];

    public static DockerIgnore Empty { get; } = new([]);

    public DockerIgnore(IEnumerable<string> lines)
    {
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var exclude = true;
            if (line.StartsWith('!'))
            {
                exclude = false;
                line = line[1..].Trim();
            }

            line = Clean(line);
            if (line.Length == 0)
            {
                continue;
            }

            rules.Add((new Glob(line), exclude));
        }
    }

    public static DockerIgnore Load(string contextDirectory) =>
        Loading.RegularFile.ReadAllText(Path.Combine(contextDirectory, ".dockerignore"), 1024 * 1024, out _) is { } text
            ? new DockerIgnore(text.Split('\n'))
            : Empty;

    /// <summary>True when some pattern re-includes files (then excluded folders must still be walked).</summary>
    public bool HasExceptions => rules.Any(r => !r.Exclude);

    /// <summary>Whether <paramref name="relativePath"/> (forward slashes, no leading slash) is left out of the context.</summary>
    public bool IsExcluded(string relativePath)
    {
        var excluded = false;
        foreach (var (pattern, exclude) in rules)
        {
            if (excluded != exclude && pattern.Matches(relativePath))
            {
                excluded = exclude;
            }
        }

        return excluded;
    }

    private static string Clean(string pattern)
    {
        var parts = new List<string>();
        foreach (var seg in pattern.Replace('\\', '/').Split('/'))
        {
            if (seg is "" or ".")
            {
                continue;
            }

            if (seg == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }

                continue;
            }

            parts.Add(seg);
        }

        return string.Join('/', parts);
    }

    /// <summary>One pattern, compiled to steps; a path matches when it, or a folder above it, matches.</summary>
    internal sealed class Glob
    {
        private enum Kind
        {
            Literal,     // one given character
            AnyChar,     // ?: one character but '/'
            Set,         // [...]: one character of a set (never '/')
            Star,        // *: any run of characters without '/'
            DoubleStar,  // **: any run of characters
            AnyFolders,  // **/: nothing, or any run ending in '/'
        }

        private readonly record struct Step(Kind Kind, char Char = default, string Set = "", bool Negated = false);

        private readonly Step[] steps;

        public Glob(string pattern) => steps = Compile(pattern);

        public bool Matches(string path)
        {
            // active[j]: the first j steps can match the characters read so far.
            var active = new bool[steps.Length + 1];
            var next = new bool[steps.Length + 1];
            active[0] = true;
            Close(active);
            for (var i = 0; i < path.Length; i++)
            {
                // The pattern matched a folder above the path ("docs" matches "docs/readme.md").
                if (path[i] == '/' && active[steps.Length])
                {
                    return true;
                }

                Array.Clear(next);
                var c = path[i];
                var any = false;
                for (var j = 0; j < steps.Length; j++)
                {
                    if (!active[j])
                    {
                        continue;
                    }

                    var step = steps[j];
                    switch (step.Kind)
                    {
                        case Kind.Literal when c == step.Char:
                        case Kind.AnyChar when c != '/':
                        case Kind.Set when c != '/' && InSet(step, c):
                            next[j + 1] = any = true;
                            break;
                        case Kind.Star when c != '/':
                        case Kind.DoubleStar:
                            next[j] = any = true;
                            break;
                        case Kind.AnyFolders:
                            next[j] = any = true;
                            if (c == '/')
                            {
                                next[j + 1] = true;
                            }

                            break;
                    }
                }

                if (!any)
                {
                    return false;
                }

                Close(next);
                (active, next) = (next, active);
            }

            return active[steps.Length];
        }

        /// <summary>Steps that may match nothing are passed over: a state before one is also a state after it.</summary>
        private void Close(bool[] states)
        {
            for (var j = 0; j < steps.Length; j++)
            {
                if (states[j] && steps[j].Kind is Kind.Star or Kind.DoubleStar or Kind.AnyFolders)
                {
                    states[j + 1] = true;
                }
            }
        }

        private static bool InSet(Step step, char c)
        {
            var found = false;
            var set = step.Set;
            for (var k = 0; k < set.Length && !found; k++)
            {
                if (k + 2 < set.Length && set[k + 1] == '-')
                {
                    found = c >= set[k] && c <= set[k + 2];
                    k += 2;
                }
                else
                {
                    found = c == set[k];
                }
            }

            return found != step.Negated;
        }

        private static Step[] Compile(string pattern)
        {
            var result = new List<Step>();
            for (var i = 0; i < pattern.Length; i++)
            {
                var c = pattern[i];
                switch (c)
                {
                    case '*' when i + 1 < pattern.Length && pattern[i + 1] == '*':
                        i++;
                        while (i + 1 < pattern.Length && pattern[i + 1] == '*')
                        {
                            i++;
                        }

                        if (i + 1 < pattern.Length && pattern[i + 1] == '/')
                        {
                            i++;
                            result.Add(new Step(Kind.AnyFolders));
                        }
                        else
                        {
                            result.Add(new Step(Kind.DoubleStar));
                        }

                        break;
                    case '*':
                        // Consecutive stars of one kind match what one does; keeping one keeps the steps few.
                        if (result.Count == 0 || result[^1].Kind != Kind.Star)
                        {
                            result.Add(new Step(Kind.Star));
                        }

                        break;
                    case '?':
                        result.Add(new Step(Kind.AnyChar));
                        break;
                    case '[':
                        var end = pattern.IndexOf(']', i + 1);
                        if (end < 0)
                        {
                            result.Add(new Step(Kind.Literal, '['));
                            break;
                        }

                        var set = pattern[(i + 1)..end];
                        var negated = set.StartsWith('^') || set.StartsWith('!');
                        result.Add(new Step(Kind.Set, Set: negated ? set[1..] : set, Negated: negated));
                        i = end;
                        break;
                    case '\\' when i + 1 < pattern.Length:
                        result.Add(new Step(Kind.Literal, pattern[++i]));
                        break;
                    default:
                        result.Add(new Step(Kind.Literal, c));
                        break;
                }
            }

            return [.. result];
        }
    }
}
