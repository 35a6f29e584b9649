using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using CoreScalarStyle = YamlDotNet.Core.ScalarStyle;

namespace Opta.Yaml;

/// <summary>
/// Parses the plain block YAML that service files are written in into the events YamlDotNet's parser makes for it,
/// with the same values, styles and start positions, in a fraction of the time; any other text it declines (null),
/// and YamlDotNet parses that.
/// </summary>
/// <remarks>
/// <para>
/// What it takes: block mappings and sequences (a sequence may sit at its key's column, a mapping may start on a
/// <c>- </c> line), keys and values on one line each, plain scalars, single-quoted scalars, double-quoted scalars
/// with no escape but <c>\\ \" \/ \n \t</c>, flow sequences and mappings of scalars closed on their line (a flow
/// mapping's value may be a flow sequence of scalars), <c>[]</c> and <c>{}</c>, comments and blank lines.
/// Everything else makes it decline: anchors, aliases, tags, block scalars, scalars over several lines, other
/// escapes, other flow collections, complex keys, directives and document markers, tabs, carriage returns, a
/// byte-order mark, control characters, Unicode line separators, a plain scalar starting with <c>:</c> or holding a
/// space and a <c>*</c> (YamlDotNet reads both otherwise than YAML), an empty value with a comment or spaces after
/// its colon, an empty sequence item, a root that is not a mapping or a sequence at the first column, and anything
/// YAML calls an error. Declining costs one pass over part of the text.
/// </para>
/// <para>
/// In a small <c>validate</c> or <c>render</c>, YamlDotNet's scanner and parser were about a third of the work past
/// the runtime's start (docs/performance.md). BlockYamlParserTests hold the two parsers' events equal on the
/// examples, generated fleets, a table of tricky texts and random edits of them.
/// </para>
/// </remarks>
internal sealed class BlockYamlParser
{
    private readonly string text;
    private readonly List<ParsingEvent> events;

    // The content line the parser is at: its number (1-based), where it starts and ends (its '\n' or the end of the
    // text), and its first character that is not a space; contentAt is -1 past the last content line.
    private int lineNo;
    private int lineStart;
    private int lineEnd;
    private int contentAt;
    private Mark? endOfText;

    // How many block collections are open. Past the loader's depth limit the parser declines, so that YamlDotNet and
    // the loader report the nesting as they do for any file, and a hostile file cannot exhaust the stack here.
    private int depth;

    // A line that starts with a directive or a document marker was met: the parse is declined at its end.
    private bool markerSeen;

    private BlockYamlParser(string text)
    {
        this.text = text;
        events = new List<ParsingEvent>(text.Length / 8);
    }

    /// <summary>The events of <paramref name="text"/>, StreamStart to StreamEnd, or null when it is not the YAML taken here.</summary>
    public static List<ParsingEvent>? TryParse(string text)
    {
        try
        {
            return Parse(text);
        }
        catch (IndexOutOfRangeException)
        {
            // A text this parser misjudged: YamlDotNet reads it. The tests call Parse, which lets this through.
            return null;
        }
    }

    /// <summary><see cref="TryParse"/>, letting a bug's exception through (for the tests).</summary>
    internal static List<ParsingEvent>? Parse(string text)
    {
        if (!Acceptable(text))
        {
            return null;
        }

        var parser = new BlockYamlParser(text);
        return parser.Document() ? parser.events : null;
    }

    /// <summary>The characters of printable ASCII and the line feed, which need no closer look.</summary>
    private static readonly System.Buffers.SearchValues<char> PlainText = System.Buffers.SearchValues.Create(
        "\n !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    /// <summary>Characters the parser never takes (it declines before parsing anything): controls but the line feed, Unicode line breaks, marks.</summary>
    private static bool Acceptable(string text)
    {
        var rest = text.AsSpan();
        if (rest.IsEmpty)
        {
            return false;
        }

        for (var at = rest.IndexOfAnyExcept(PlainText); at >= 0; at = rest.IndexOfAnyExcept(PlainText))
        {
            var c = rest[at];
            if (c < ' ' || c is >= '\u007F' and <= '\u009F' || c is '\u2028' or '\u2029' or '\uFEFF' or '\uFFFE' or '\uFFFF' || char.IsSurrogate(c))
            {
                return false;
            }

            rest = rest[(at + 1)..];
        }

        return true;
    }

    /// <summary>A directive, or what may be a document marker (<c>---</c>, <c>...</c>), at the line start <paramref name="at"/>.</summary>
    private bool IsDirectiveOrMarker(int at) =>
        text[at] == '%' || (text[at] is '-' or '.' && at + 2 < text.Length && text[at + 1] == text[at] && text[at + 2] == text[at]);

    private int Indent => contentAt - lineStart;

    private Mark MarkAt(int index) => new(index, lineNo, index - lineStart + 1);

    /// <summary>Where the next node starts, or the end of the text: the position of the end events.</summary>
    private Mark NextMark()
    {
        if (contentAt >= 0)
        {
            return MarkAt(contentAt);
        }

        return endOfText ??= new Mark(text.Length, text.AsSpan().Count('\n') + 1, text.Length - (text.LastIndexOf('\n') + 1) + 1);
    }

    /// <summary>Moves to the first line at or after <paramref name="from"/> (a line start) that holds more than spaces and a comment.</summary>
    private void SeekContent(int from, int fromLineNo)
    {
        var start = from;
        var number = fromLineNo;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            end = end < 0 ? text.Length : end;
            var first = start;
            while (first < end && text[first] == ' ')
            {
                first++;
            }

            if (first < end && text[first] != '#')
            {
                (lineNo, lineStart, lineEnd, contentAt) = (number, start, end, first);
                markerSeen |= first == start && IsDirectiveOrMarker(first);
                return;
            }

            start = end + 1;
            number++;
        }

        (lineNo, lineStart, lineEnd, contentAt) = (number, text.Length, text.Length, -1);
    }

    private void NextLine() => SeekContent(lineEnd + 1, lineNo + 1);

    private bool Document()
    {
        var origin = new Mark(0, 1, 1);
        events.Add(new StreamStart(in origin, in origin));
        SeekContent(0, 1);
        if (contentAt < 0 || Indent != 0)
        {
            return false;
        }

        var start = MarkAt(contentAt);
        events.Add(new DocumentStart(null, new TagDirectiveCollection(), true, start, start));
        if (!BlockNode() || contentAt >= 0 || markerSeen)
        {
            return false;
        }

        var end = NextMark();
        events.Add(new DocumentEnd(true, end, end));
        events.Add(new StreamEnd(in end, in end));
        return true;
    }

    /// <summary>A block mapping or sequence starting at the current line's content.</summary>
    private bool BlockNode() => IsSequenceEntry(contentAt) ? BlockSequence(Indent) : BlockMapping(contentAt);

    private bool IsSequenceEntry(int at) => text[at] == '-' && (at + 1 == lineEnd || text[at + 1] == ' ');

    /// <summary>A block mapping whose first key is at <paramref name="keyAt"/> on the current line; its keys are at that column.</summary>
    private bool BlockMapping(int keyAt)
    {
        var column = keyAt - lineStart;
        if (++depth > YamlLimits.Default.MaxDepth)
        {
            return false;
        }

        var start = MarkAt(keyAt);
        events.Add(new MappingStart(AnchorName.Empty, TagName.Empty, true, MappingStyle.Block, start, start));
        if (!Entry(keyAt, column))
        {
            return false;
        }

        while (contentAt >= 0 && Indent >= column)
        {
            if (Indent > column || IsSequenceEntry(contentAt) || !Entry(contentAt, column))
            {
                return false;
            }
        }

        var end = NextMark();
        events.Add(new MappingEnd(in end, in end));
        depth--;
        return true;
    }

    /// <summary>One key and its value; the parser ends at the first content line after them.</summary>
    private bool Entry(int keyAt, int column)
    {
        if (Key(keyAt) is not { } colon)
        {
            return false;
        }

        var valueAt = SkipSpaces(colon + 1);
        if (valueAt < lineEnd && text[valueAt] != '#')
        {
            if (!InlineValue(valueAt))
            {
                return false;
            }

            NextLine();
            // A more indented line after a value on the key's line continues a plain scalar, or is an error.
            return contentAt < 0 || Indent <= column;
        }

        // The value starts on a later line, or is empty. Spaces or a comment may follow the colon.
        var bare = colon + 1 == lineEnd;
        var empty = MarkAt(colon + 1);
        NextLine();
        if (contentAt >= 0 && Indent > column)
        {
            return BlockNode();
        }

        if (contentAt >= 0 && Indent == column && IsSequenceEntry(contentAt))
        {
            // A sequence at its key's column.
            return BlockSequence(column);
        }

        if (!bare)
        {
            // An empty value with spaces or a comment after its colon: where YamlDotNet puts it is not worth knowing.
            return false;
        }

        events.Add(new Scalar(AnchorName.Empty, TagName.Empty, "", CoreScalarStyle.Plain, true, false, empty, empty, false));
        return true;
    }

    /// <summary>The key at <paramref name="at"/> as a scalar event; the index of its colon, or null when the line holds no key.</summary>
    private int? Key(int at)
    {
        int colon;
        if (text[at] is '"' or '\'')
        {
            if (Quoted(at, isKey: true) is not { } afterQuote)
            {
                return null;
            }

            colon = SkipSpaces(afterQuote);
            if (colon >= lineEnd || text[colon] != ':' || (colon + 1 < lineEnd && text[colon + 1] != ' '))
            {
                return null;
            }

            return colon;
        }

        if (!PlainStart(at) || ColonOf(at) is not { } found)
        {
            return null;
        }

        colon = found;
        var end = colon;
        while (end > at && text[end - 1] == ' ')
        {
            end--;
        }

        if (end - at > 1024)
        {
            // Longer than YAML lets an implicit key be.
            return null;
        }

        Add(text[at..end], CoreScalarStyle.Plain, at, end, isKey: true);
        return colon;
    }

    /// <summary>The colon that ends the plain key at <paramref name="at"/> (one followed by a space or the line's end), or null.</summary>
    private int? ColonOf(int at)
    {
        for (var i = at; i < lineEnd; i++)
        {
            switch (text[i])
            {
                case ':' when i + 1 == lineEnd || text[i + 1] == ' ':
                    return i;
                case '#' or '*' when text[i - 1] == ' ':
                    // A comment; or what YamlDotNet reads past the colon (a key "b *" is its scalar "b *: d").
                    return null;
            }
        }

        return null;
    }

    /// <summary>A value written on the key's or the dash's line: a scalar, a flow sequence, <c>{}</c>; nothing after it but a comment.</summary>
    private bool InlineValue(int at)
    {
        switch (text[at])
        {
            case '[':
                return FlowSequence(at);
            case '{':
                return FlowMapping(at);
            case '"' or '\'':
                return Quoted(at, isKey: false) is { } after && RestIsComment(after);
        }

        if (!PlainStart(at))
        {
            return false;
        }

        var stop = lineEnd;
        for (var i = at; i < lineEnd; i++)
        {
            var c = text[i];
            if (c == ':' && (i + 1 == lineEnd || text[i + 1] == ' '))
            {
                // A second mapping value on one line: an error, YamlDotNet says which.
                return false;
            }

            if (c == '#' && text[i - 1] == ' ')
            {
                stop = i;
                break;
            }

            if (c == '*' && text[i - 1] == ' ')
            {
                // YamlDotNet's scanner treats a space and a star in a plain scalar unlike YAML; left to it.
                return false;
            }
        }

        while (text[stop - 1] == ' ')
        {
            stop--;
        }

        Add(text[at..stop], CoreScalarStyle.Plain, at, stop, isKey: false);
        return true;
    }

    /// <summary>A flow sequence of scalars closed on its line, such as <c>["/bin/sh", "-c", "true"]</c>, then nothing but a comment.</summary>
    private bool FlowSequence(int at) => FlowSequenceEnd(at) is { } end && RestIsComment(end);

    /// <summary>A flow sequence of scalars closed on its line; the index after its <c>]</c>, or null.</summary>
    private int? FlowSequenceEnd(int at)
    {
        var open = MarkAt(at);
        events.Add(new SequenceStart(AnchorName.Empty, TagName.Empty, true, SequenceStyle.Flow, open, open));
        var i = SkipSpaces(at + 1);
        if (i < lineEnd && text[i] == ']')
        {
            return CloseFlow(i);
        }

        while (i < lineEnd)
        {
            if (FlowScalar(i, isKey: false) is not { } end)
            {
                return null;
            }

            i = end;
            if (!AfterFlowItem(ref i, ']'))
            {
                return null;
            }

            if (text[i] == ']')
            {
                return CloseFlow(i);
            }
        }

        return null;
    }

    /// <summary>
    /// After an item of a flow collection: at a comma, moves <paramref name="i"/> to the next item; at the closing
    /// bracket <paramref name="close"/>, to it. False for anything else, a trailing comma included.
    /// </summary>
    private bool AfterFlowItem(ref int i, char close)
    {
        i = SkipSpaces(i);
        if (i < lineEnd && text[i] == close)
        {
            return true;
        }

        if (i >= lineEnd || text[i] != ',')
        {
            return false;
        }

        i = SkipSpaces(i + 1);
        return i < lineEnd && text[i] != close;
    }

    private int CloseFlow(int at)
    {
        var close = MarkAt(at);
        events.Add(new SequenceEnd(in close, in close));
        return at + 1;
    }

    /// <summary>A flow mapping of scalars closed on its line, such as <c>{name: http, port: 8080}</c>, or <c>{}</c>.</summary>
    private bool FlowMapping(int at)
    {
        var open = MarkAt(at);
        events.Add(new MappingStart(AnchorName.Empty, TagName.Empty, true, MappingStyle.Flow, open, open));
        var i = at + 1;
        if (i < lineEnd && text[i] == '}')
        {
            var empty = MarkAt(i);
            events.Add(new MappingEnd(in empty, in empty));
            return RestIsComment(i + 1);
        }

        i = SkipSpaces(i);
        while (i < lineEnd)
        {
            // key: value, each a scalar; the colon followed by a space.
            if (FlowScalar(i, isKey: true) is not { } keyEnd)
            {
                return false;
            }

            var colon = SkipSpaces(keyEnd);
            if (colon + 1 >= lineEnd || text[colon] != ':' || text[colon + 1] != ' ')
            {
                return false;
            }

            i = SkipSpaces(colon + 1);
            if (i >= lineEnd || text[i] is ',' or '}' || (text[i] == '[' ? FlowSequenceEnd(i) : FlowScalar(i, isKey: false)) is not { } valueEnd)
            {
                // No value, or one that is neither a scalar nor a sequence of scalars.
                return false;
            }

            i = valueEnd;
            if (!AfterFlowItem(ref i, '}'))
            {
                return false;
            }

            if (text[i] == '}')
            {
                var close = MarkAt(i);
                events.Add(new MappingEnd(in close, in close));
                return RestIsComment(i + 1);
            }
        }

        return false;
    }

    /// <summary>
    /// A scalar in a flow collection: quoted, or plain up to a comma or a closing bracket (a key's up to its colon);
    /// the index after it, or null for anything else (a nested collection, a comment, a colon in a value).
    /// </summary>
    private int? FlowScalar(int at, bool isKey)
    {
        if (text[at] is '"' or '\'')
        {
            return Quoted(at, isKey);
        }

        if (!PlainStart(at) || (text[at] is '-' or '?' && text[at + 1] is ',' or ']' or '}'))
        {
            return null;
        }

        var end = at;
        while (end < lineEnd && text[end] is not (',' or ']' or '}'))
        {
            if (text[end] == ':' && isKey && end + 1 < lineEnd && text[end + 1] == ' ')
            {
                break;
            }

            if (text[end] is ':' or '#' or '[' or '{' || (text[end] == '*' && text[end - 1] == ' '))
            {
                return null;
            }

            end++;
        }

        var stop = end;
        while (text[stop - 1] == ' ')
        {
            stop--;
        }

        Add(text[at..stop], CoreScalarStyle.Plain, at, stop, isKey);
        return end;
    }

    /// <summary>A quoted scalar closed on its line, with no escapes; the index after its closing quote, or null.</summary>
    private int? Quoted(int at, bool isKey)
    {
        var quote = text[at];
        if (quote == '"')
        {
            System.Text.StringBuilder? unescaped = null;
            var from = at + 1;
            for (var i = at + 1; i < lineEnd; i++)
            {
                if (text[i] == '\\')
                {
                    // The escapes of a quoted value or a path; any other is left to YamlDotNet.
                    var escaped = i + 1 < lineEnd ? text[i + 1] : '\0';
                    if (escaped is not ('\\' or '"' or '/' or 'n' or 't'))
                    {
                        return null;
                    }

                    unescaped ??= new System.Text.StringBuilder();
                    unescaped.Append(text, from, i - from).Append(escaped switch { 'n' => '\n', 't' => '\t', _ => escaped });
                    from = i + 2;
                    i++;
                    continue;
                }

                if (text[i] == '"')
                {
                    var value = unescaped is null ? text[(at + 1)..i] : unescaped.Append(text, from, i - from).ToString();
                    Add(value, CoreScalarStyle.DoubleQuoted, at, i + 1, isKey);
                    return i + 1;
                }
            }

            return null;
        }

        var doubled = false;
        for (var i = at + 1; i < lineEnd; i++)
        {
            if (text[i] != '\'')
            {
                continue;
            }

            if (i + 1 < lineEnd && text[i + 1] == '\'')
            {
                doubled = true;
                i++;
                continue;
            }

            var value = text[(at + 1)..i];
            Add(doubled ? value.Replace("''", "'", StringComparison.Ordinal) : value, CoreScalarStyle.SingleQuoted, at, i + 1, isKey);
            return i + 1;
        }

        return null;
    }

    /// <summary>
    /// A plain scalar may start here: not an indicator, or <c>-</c> or <c>?</c> before a character that is not a space.
    /// (YAML lets one start with <c>:</c> too, but YamlDotNet reads such a key after a flow sequence as a value.)
    /// </summary>
    private bool PlainStart(int at) => text[at] switch
    {
        '-' or '?' => at + 1 < lineEnd && text[at + 1] != ' ',
        ':' or ',' or '[' or ']' or '{' or '}' or '#' or '&' or '*' or '!' or '|' or '>' or '\'' or '"' or '%' or '@' or '`' => false,
        _ => true,
    };

    /// <summary>Nothing but spaces, then the line's end or a comment, from <paramref name="at"/>.</summary>
    private bool RestIsComment(int at)
    {
        var i = SkipSpaces(at);
        return i == lineEnd || (i > at && text[i] == '#');
    }

    private int SkipSpaces(int at)
    {
        while (at < lineEnd && text[at] == ' ')
        {
            at++;
        }

        return at;
    }

    private void Add(string value, CoreScalarStyle style, int start, int end, bool isKey) =>
        events.Add(new Scalar(AnchorName.Empty, TagName.Empty, value, style, style == CoreScalarStyle.Plain, style != CoreScalarStyle.Plain, MarkAt(start), MarkAt(end), isKey));

    /// <summary>A block sequence whose dashes are at <paramref name="column"/>, the first on the current line.</summary>
    private bool BlockSequence(int column)
    {
        if (++depth > YamlLimits.Default.MaxDepth)
        {
            return false;
        }

        var start = MarkAt(contentAt);
        events.Add(new SequenceStart(AnchorName.Empty, TagName.Empty, true, SequenceStyle.Block, start, start));
        while (contentAt >= 0 && Indent == column && IsSequenceEntry(contentAt))
        {
            var itemAt = SkipSpaces(contentAt + 1);
            if (itemAt == lineEnd || text[itemAt] == '#')
            {
                // The item starts on a later line (or is empty, which is left to YamlDotNet).
                NextLine();
                if (contentAt < 0 || Indent <= column || !BlockNode())
                {
                    return false;
                }
            }
            else if (IsSequenceEntry(itemAt))
            {
                // A sequence in a sequence on one line.
                return false;
            }
            else if (text[itemAt] is not ('[' or '{') && (text[itemAt] is '"' or '\'' ? QuotedKeyFollows(itemAt) : PlainStart(itemAt) && ColonOf(itemAt) is not null))
            {
                // - key: value, the mapping's keys at the first key's column.
                if (!BlockMapping(itemAt))
                {
                    return false;
                }
            }
            else
            {
                if (!InlineValue(itemAt))
                {
                    return false;
                }

                NextLine();
                if (contentAt >= 0 && Indent > column)
                {
                    return false;
                }
            }
        }

        if (contentAt >= 0 && Indent > column)
        {
            return false;
        }

        var end = NextMark();
        events.Add(new SequenceEnd(in end, in end));
        depth--;
        return true;
    }

    /// <summary>Whether the quoted scalar at <paramref name="at"/> is a key (a colon follows it); it reads it without adding it.</summary>
    private bool QuotedKeyFollows(int at)
    {
        var quote = text[at];
        var i = at + 1;
        while (i < lineEnd)
        {
            if (text[i] == quote)
            {
                if (quote == '\'' && i + 1 < lineEnd && text[i + 1] == '\'')
                {
                    i += 2;
                    continue;
                }

                var colon = SkipSpaces(i + 1);
                return colon < lineEnd && text[colon] == ':' && (colon + 1 == lineEnd || text[colon + 1] == ' ');
            }

            i++;
        }

        return false;
    }
}
