using Opta.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using CoreScalarStyle = YamlDotNet.Core.ScalarStyle;

namespace Opta.Yaml;

/// <summary>
/// Loads one YAML document into <see cref="YamlValue"/> nodes with positions. Strict: duplicate keys and
/// non-scalar keys are errors; aliases are shared, never copied, and their expanded size is bounded.
/// </summary>
public sealed class YamlLoader
{
    private readonly string file;
    private readonly DiagnosticBag diagnostics;
    private readonly YamlLimits limits;
    private readonly Dictionary<string, (YamlValue Node, long Weight)> anchors = new(StringComparer.Ordinal);
    private int aliasCount;
    private bool aborted;

    private YamlLoader(string file, DiagnosticBag diagnostics, YamlLimits limits)
    {
        this.file = file;
        this.diagnostics = diagnostics;
        this.limits = limits;
    }

    /// <summary>Parses <paramref name="text"/>; returns null (with diagnostics) when it is not usable YAML.</summary>
    public static YamlValue? Load(string text, string file, DiagnosticBag diagnostics, YamlLimits? limits = null)
    {
        var loader = new YamlLoader(file, diagnostics, limits ?? YamlLimits.Default);

        // Most service files are plain block YAML, which BlockYamlParser reads several times faster (it keeps to the
        // default limits' depth); it declines the rest, which YamlDotNet's parser reads after the checks that guard it.
        var events = ReferenceEquals(loader.limits, YamlLimits.Default) ? BlockYamlParser.TryParse(text) : null;
        if (events is null && loader.RefusedBeforeParsing(text))
        {
            return null;
        }

        try
        {
            return loader.LoadDocument(text, events);
        }
        catch (YamlException ex)
        {
            diagnostics.Error(loader.At(ex.Start), $"invalid YAML: {Describe(ex)}; {Hint(text, (int)ex.Start.Line)}");
            return null;
        }
    }

    /// <summary>Most YAML errors in hand-written files are indentation; name the key that is off when there is one.</summary>
    private static string Hint(string text, int line)
    {
        var lines = text.Split('\n');
        if (line >= 1 && line <= lines.Length)
        {
            var l = lines[line - 1].TrimEnd('\r');
            var trimmed = l.TrimStart(' ');
            var colon = trimmed.IndexOf(':');
            if (colon > 0 && !trimmed.StartsWith('-') && !trimmed.StartsWith('#') && trimmed[..colon].All(c => char.IsLetterOrDigit(c) || c is '_' or '-'))
            {
                return $"the key '{trimmed[..colon]}' is indented {l.Length - trimmed.Length} spaces, which lines up with no map above it: indent it exactly like its sibling keys (top-level keys start at column 1)";
            }

            if (l.Contains('\t'))
            {
                return "this line has a tab; YAML indentation must use spaces";
            }
        }

        return "check the indentation and quoting around this line";
    }

    internal static string Describe(YamlException ex)
    {
        var message = ex.Message;
        var paren = message.IndexOf("): ", StringComparison.Ordinal);
        if (message.StartsWith('(') && paren > 0)
        {
            message = message[(paren + 3)..];
        }

        return message.TrimEnd('.').Replace("\r", "").Replace("\n", " ");
    }

    /// <summary>
    /// What is refused from the text alone, before YamlDotNet sees it: a NUL character (YAML is text; trailing NULs
    /// are padding or a binary file), and flow collections (<c>[</c>, <c>{</c>) nested deeper than the limit. The
    /// parser looks ahead over a whole flow collection for a possible key, so it would reach the depth check only
    /// after work that grows with the square of the nesting: 100 KB of <c>[</c> took minutes.
    /// </summary>
    private bool RefusedBeforeParsing(string text)
    {
        var nul = text.IndexOf('\0', StringComparison.Ordinal);
        if (nul >= 0)
        {
            var (line, column) = LineAndColumn(text, nul);
            diagnostics.Error(new SourcePosition(file, line, column), $"the file holds a NUL character (line {line}, column {column}); opta.yaml is text: remove it (is it a binary file, or padded with zero bytes?)");
            return true;
        }

        if (FlowDeeperThan(text, limits.MaxDepth) is { } tooDeep)
        {
            var (line, column) = LineAndColumn(text, tooDeep);
            diagnostics.Error(new SourcePosition(file, line, column), $"YAML nesting is deeper than {limits.MaxDepth} levels; opta.yaml never needs that much");
            return true;
        }

        return false;
    }

    private static (int Line, int Column) LineAndColumn(string text, int index)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = text.IndexOf('\n', 0, index); i >= 0; i = text.IndexOf('\n', i + 1, index - i - 1))
        {
            line++;
            lineStart = i + 1;
        }

        return (line, index - lineStart + 1);
    }

    /// <summary>
    /// The index of the first <c>[</c> or <c>{</c> that opens a flow collection more than <paramref name="max"/>
    /// deep, or null. One pass, skipping comments, quoted scalars and block scalars; a bracket inside a plain value
    /// (<c>image: a[1]</c>) opens nothing. It may over-count only in text no real file holds (dozens of lines
    /// continuing a plain value, each starting with a bracket), and the parser's own check stays behind it.
    /// </summary>
    internal static int? FlowDeeperThan(string text, int max)
    {
        var depth = 0;
        var nodeStart = true; // where a flow collection, a quoted value or a block scalar may begin
        var lineStart = true;
        var indent = 0;
        var blockScalarParent = -1; // the indentation of the line that opened a block scalar, while inside one
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n')
            {
                lineStart = true;
                indent = 0;
                nodeStart |= depth == 0;
                continue;
            }

            if (lineStart)
            {
                if (c == ' ')
                {
                    indent++;
                    continue;
                }

                lineStart = false;
                if (blockScalarParent >= 0)
                {
                    if (indent > blockScalarParent || c == '\r')
                    {
                        i = EndOfLine(text, i);
                        continue;
                    }

                    blockScalarParent = -1;
                }
            }

            switch (c)
            {
                case ' ' or '\t' or '\r':
                    break;
                case '#' when i == 0 || text[i - 1] is ' ' or '\t' or '\n':
                    i = EndOfLine(text, i);
                    break;
                case '"' when nodeStart:
                    for (i++; i < text.Length && text[i] != '"'; i++)
                    {
                        if (text[i] == '\\')
                        {
                            i++;
                        }
                    }

                    nodeStart = false;
                    break;
                case '\'' when nodeStart:
                    for (i++; i < text.Length; i++)
                    {
                        if (text[i] == '\'')
                        {
                            if (i + 1 < text.Length && text[i + 1] == '\'')
                            {
                                i++;
                                continue;
                            }

                            break;
                        }
                    }

                    nodeStart = false;
                    break;
                case '[' or '{' when nodeStart || depth > 0:
                    depth++;
                    if (depth > max)
                    {
                        return i;
                    }

                    nodeStart = true;
                    break;
                case ']' or '}' when depth > 0:
                    depth--;
                    nodeStart = false;
                    break;
                case ',' when depth > 0:
                    nodeStart = true;
                    break;
                case '-' or '.' when depth == 0 && indent == 0 && (i == 0 || text[i - 1] == '\n') && i + 2 < text.Length && text[i + 1] == c && text[i + 2] == c
                    && (i + 3 == text.Length || text[i + 3] is ' ' or '\t' or '\r' or '\n'):
                    // `---` or `...` at the start of a line: a document marker, after which a node may start.
                    i += 2;
                    nodeStart = true;
                    break;
                case ':' or '-' or '?' when i + 1 == text.Length || text[i + 1] is ' ' or '\t' or '\n' or '\r' || (depth > 0 && c == ':'):
                    nodeStart = true;
                    break;
                case '|' or '>' when nodeStart && depth == 0:
                    blockScalarParent = indent;
                    i = EndOfLine(text, i);
                    break;
                case '&' or '!' when nodeStart:
                    // An anchor or a tag comes before the node it names.
                    while (i + 1 < text.Length && text[i + 1] is not (' ' or '\t' or '\n' or '\r' or ',' or '[' or ']' or '{' or '}'))
                    {
                        i++;
                    }

                    break;
                default:
                    nodeStart = false;
                    break;
            }
        }

        return null;
    }

    private static int EndOfLine(string text, int i)
    {
        var end = text.IndexOf('\n', i);
        return (end < 0 ? text.Length : end) - 1;
    }

    private SourcePosition At(Mark mark) => new(file, (int)Math.Max(mark.Line, 1), (int)Math.Max(mark.Column, 1));

    private YamlValue? LoadDocument(string text, List<ParsingEvent>? events)
    {
        IParser parser = events is not null ? new EventReplay(events) : new GuardedParser(new Parser(new StringReader(text)));
        parser.Consume<StreamStart>();
        if (parser.TryConsume<StreamEnd>(out _))
        {
            return null;
        }

        parser.Consume<DocumentStart>();
        YamlValue root;
        if (parser.Accept<DocumentEnd>(out _))
        {
            root = new YamlScalar(SourcePosition.StartOf(file), "", Yaml.ScalarStyle.Plain);
        }
        else
        {
            (root, _) = ReadNode(parser, 0);
        }

        if (aborted)
        {
            return null;
        }

        parser.Consume<DocumentEnd>();
        if (parser.Accept<DocumentStart>(out var second))
        {
            diagnostics.Error(At(second.Start), "the file holds more than one YAML document (a second '---'); opta.yaml is one document");
            return null;
        }

        return root;
    }

    private (YamlValue Node, long Weight) ReadNode(IParser parser, int depth)
    {
        if (aborted)
        {
            SkipNode(parser);
            return (Placeholder(), 1);
        }

        if (depth >= limits.MaxDepth)
        {
            var ev = parser.Current!;
            diagnostics.Error(At(ev.Start), $"YAML nesting is deeper than {limits.MaxDepth} levels; opta.yaml never needs that much");
            aborted = true;
            SkipNode(parser);
            return (Placeholder(), 1);
        }

        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            return ReadAlias(alias);
        }

        if (parser.TryConsume<Scalar>(out var scalar))
        {
            if (scalar.Value.Length > limits.MaxScalarLength)
            {
                diagnostics.Error(At(scalar.Start), $"a value of {scalar.Value.Length} characters is longer than the limit of {limits.MaxScalarLength}");
                aborted = true;
            }

            var node = new YamlScalar(At(scalar.Start), scalar.Value, Map(scalar.Style), scalar.Tag.IsEmpty ? null : scalar.Tag.Value);
            return Remember(scalar.Anchor, node, 1);
        }

        if (parser.TryConsume<SequenceStart>(out var seqStart))
        {
            var items = new List<YamlValue>();
            long weight = 1;
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                var (item, w) = ReadNode(parser, depth + 1);
                items.Add(item);
                weight = AddWeight(weight, w, item.Position);
            }

            return Remember(seqStart.Anchor, new YamlList(At(seqStart.Start), items), weight);
        }

        if (parser.TryConsume<MappingStart>(out var mapStart))
        {
            return ReadMap(parser, mapStart, depth);
        }

        var unexpected = parser.Current!;
        throw new YamlException(unexpected.Start, unexpected.End, $"unexpected {unexpected.GetType().Name}");
    }

    private (YamlValue Node, long Weight) ReadMap(IParser parser, MappingStart start, int depth)
    {
        var entries = new List<KeyValuePair<YamlScalar, YamlValue>>();
        var seen = new SeenKeys();
        HashSet<string>? merged = null;
        long weight = 1;
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            var keyEvent = parser.Current!;
            var (keyNode, kw) = ReadNode(parser, depth + 1);
            var (value, vw) = ReadNode(parser, depth + 1);
            weight = AddWeight(AddWeight(weight, kw, keyNode.Position), vw, value.Position);
            if (aborted)
            {
                continue;
            }

            if (keyNode is not YamlScalar key)
            {
                diagnostics.Error(At(keyEvent.Start), "a map key must be a plain value, not a map or a list");
                continue;
            }

            if (key.Value == "<<" && !key.IsQuoted)
            {
                Merge(entries, ref seen, merged ??= new HashSet<string>(StringComparer.Ordinal), value);
                continue;
            }

            if (merged is not null && merged.Remove(key.Value))
            {
                // A key written next to a merge key overrides the merged value.
                entries.RemoveAll(e => e.Key.Value == key.Value);
                seen.Set(key);
                entries.Add(new(key, value));
                continue;
            }

            if (seen.Find(key.Value) is { } first)
            {
                diagnostics.Error(key.Position, $"duplicate key '{key.Value}' (first written at line {first.Position.Line}); a key may appear once per map: remove one of them");
                continue;
            }

            seen.Set(key);
            entries.Add(new(key, value));
        }

        return Remember(start.Anchor, new YamlMap(At(start.Start), entries), weight);
    }

    private void Merge(List<KeyValuePair<YamlScalar, YamlValue>> entries, ref SeenKeys seen, HashSet<string> merged, YamlValue source)
    {
        IEnumerable<YamlValue> maps = source is YamlList list ? list.Items : [source];
        foreach (var m in maps)
        {
            if (m is not YamlMap map)
            {
                diagnostics.Error(m.Position, "a merge key '<<' takes a map or a list of maps");
                continue;
            }

            foreach (var e in map.Entries)
            {
                if (seen.Find(e.Key.Value) is null)
                {
                    seen.Set(e.Key);
                    entries.Add(e);
                    merged.Add(e.Key.Value);
                }
            }
        }
    }

    private (YamlValue Node, long Weight) ReadAlias(AnchorAlias alias)
    {
        aliasCount++;
        if (aliasCount > limits.MaxAliases)
        {
            if (!aborted)
            {
                diagnostics.Error(At(alias.Start), $"the file uses more than {limits.MaxAliases} YAML aliases ('*name'); that is refused to keep loading bounded");
            }

            aborted = true;
            return (Placeholder(), 1);
        }

        if (!anchors.TryGetValue(alias.Value.Value, out var target))
        {
            diagnostics.Error(At(alias.Start), $"alias '*{alias.Value.Value}' names no anchor defined before it; define '&{alias.Value.Value}' first");
            return (Placeholder(), 1);
        }

        return target;
    }

    private long AddWeight(long total, long add, SourcePosition at)
    {
        var sum = total + add;
        if (sum > limits.MaxExpandedNodes || sum < 0)
        {
            if (!aborted)
            {
                diagnostics.Error(at, aliasCount == 0
                    ? $"the document has more than {limits.MaxExpandedNodes:N0} nodes (values, lists and maps); opta.yaml never needs that many, so it is refused"
                    : $"YAML aliases expand this document to more than {limits.MaxExpandedNodes:N0} nodes (a 'billion laughs' file?); it is refused");
            }

            aborted = true;
            return limits.MaxExpandedNodes;
        }

        return sum;
    }

    private (YamlValue Node, long Weight) Remember(AnchorName anchor, YamlValue node, long weight)
    {
        if (!anchor.IsEmpty)
        {
            anchors[anchor.Value] = (node, weight);
        }

        return (node, weight);
    }

    /// <summary>
    /// The keys of one map so far, for the duplicate check. Most maps have a handful of keys, which a list finds as
    /// fast as a dictionary without building one per map; a long map gets a dictionary.
    /// </summary>
    private struct SeenKeys
    {
        private const int ListedAtMost = 16;
        private List<YamlScalar>? listed;
        private Dictionary<string, YamlScalar>? indexed;

        public readonly YamlScalar? Find(string key)
        {
            if (indexed is not null)
            {
                return indexed.GetValueOrDefault(key);
            }

            return listed is null ? null : IndexIn(listed, key) is var at and >= 0 ? listed[at] : null;
        }

        /// <summary>Remembers <paramref name="key"/> as the key its text names (replacing one with the same text).</summary>
        public void Set(YamlScalar key)
        {
            if (indexed is null && listed is { Count: >= ListedAtMost })
            {
                indexed = new Dictionary<string, YamlScalar>(StringComparer.Ordinal);
                foreach (var seen in listed)
                {
                    indexed[seen.Value] = seen;
                }
            }

            if (indexed is not null)
            {
                indexed[key.Value] = key;
                return;
            }

            listed ??= [];
            var at = IndexIn(listed, key.Value);
            if (at >= 0)
            {
                listed[at] = key;
            }
            else
            {
                listed.Add(key);
            }
        }

        private static int IndexIn(List<YamlScalar> keys, string key)
        {
            for (var i = 0; i < keys.Count; i++)
            {
                if (keys[i].Value == key)
                {
                    return i;
                }
            }

            return -1;
        }
    }

    private YamlScalar Placeholder() => new(SourcePosition.StartOf(file), "", Yaml.ScalarStyle.Plain);

    private static void SkipNode(IParser parser) => parser.SkipThisAndNestedEvents();

    /// <summary>
    /// YamlDotNet's scanner throws more than <see cref="YamlException"/> on some malformed input (found by fuzzing:
    /// <c>InvalidOperationException</c> from plain scalars, <c>ArgumentException</c> from tags). This turns every
    /// exception of the parser into a <see cref="YamlException"/> at the last position it reached.
    /// </summary>
    private sealed class GuardedParser(IParser inner) : IParser
    {
        private Mark last = Mark.Empty;

        public ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            try
            {
                var moved = inner.MoveNext();
                if (inner.Current is { } ev)
                {
                    last = ev.End;
                }

                return moved;
            }
            catch (Exception ex) when (ex is not YamlException and (InvalidOperationException or ArgumentException or FormatException or OverflowException or IndexOutOfRangeException))
            {
                throw new YamlException(last, last, $"the YAML parser gave up ({ex.Message.TrimEnd('.')})", ex);
            }
        }
    }

    /// <summary>
    /// The events <see cref="BlockYamlParser"/> read, one by one, as YamlDotNet's parser gives them; each is let go
    /// once read, so a large file's events do not all stay alive beside the nodes made from them.
    /// </summary>
    private sealed class EventReplay(List<ParsingEvent> events) : IParser
    {
        private int next;

        public ParsingEvent? Current { get; private set; }

        public bool MoveNext()
        {
            if (next >= events.Count)
            {
                Current = null;
                return false;
            }

            Current = events[next];
            events[next++] = null!;
            return true;
        }
    }

    private static Yaml.ScalarStyle Map(CoreScalarStyle style) => style switch
    {
        CoreScalarStyle.SingleQuoted => Yaml.ScalarStyle.SingleQuoted,
        CoreScalarStyle.DoubleQuoted => Yaml.ScalarStyle.DoubleQuoted,
        CoreScalarStyle.Literal => Yaml.ScalarStyle.Literal,
        CoreScalarStyle.Folded => Yaml.ScalarStyle.Folded,
        _ => Yaml.ScalarStyle.Plain,
    };
}
