using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Opta.Output;

/// <summary>
/// Writes the block-style YAML that YamlDotNet's <see cref="Emitter"/> writes for KubernetesYaml, without analysing
/// every scalar again: each distinct scalar is written once by YamlDotNet's own emitter, alone in a one-entry
/// mapping, and its text is reused.
/// </summary>
/// <remarks>
/// The layout is YamlDotNet's with its defaults as KubernetesYaml uses them: two-space indentation, sequences in a
/// mapping at the mapping's indentation, a mapping in a sequence starting on the <c>- </c> line, empty collections
/// as <c>{}</c> and <c>[]</c>, and no line folding (YamlDotNet's best width is unlimited). Anything outside that
/// (a scalar that takes more than one line, a key YamlDotNet would not write as a simple key, a flow collection, a
/// tag, an anchor, a sequence directly in a sequence) throws <see cref="NotSupportedException"/>, and the caller
/// writes the document with YamlDotNet's emitter instead. Tests compare both byte for byte.
/// </remarks>
internal sealed class BlockEmitter : IEmitter
{
    private readonly StringBuilder output;
    private readonly ScalarTexts texts;
    // The open collections, innermost last: a stack of values, so that opening one allocates nothing.
    private Frame[] frames = new Frame[16];
    private int depth;
    private Pending pending;

    /// <param name="output">where the document goes</param>
    /// <param name="texts">the scalar texts already written, shared by the documents of one stream</param>
    public BlockEmitter(StringBuilder output, ScalarTexts texts)
    {
        this.output = output;
        this.texts = texts;
    }

    private enum Pending
    {
        None,
        Mapping,
        Sequence,
    }

    public void Emit(ParsingEvent @event)
    {
        switch (@event)
        {
            case StreamStart or StreamEnd or DocumentEnd:
                break;
            case DocumentStart start when start.IsImplicit && start.Version is null:
                break;
            case MappingStart start when start.Style != MappingStyle.Flow && start.Tag.IsEmpty && start.Anchor.IsEmpty:
                Open(Pending.Mapping);
                break;
            case SequenceStart start when start.Style != SequenceStyle.Flow && start.Tag.IsEmpty && start.Anchor.IsEmpty:
                Open(Pending.Sequence);
                break;
            case MappingEnd when pending == Pending.Mapping:
            case SequenceEnd when pending == Pending.Sequence:
                WriteEmpty();
                break;
            case MappingEnd or SequenceEnd:
                Resolve();
                Close(@event is MappingEnd);
                break;
            case Scalar scalar when scalar.Anchor.IsEmpty:
                Resolve();
                WriteScalar(scalar, cached: null);
                break;
            default:
                throw new NotSupportedException(@event.GetType().Name);
        }
    }

    /// <summary>A scalar the writer made once and emits wherever its value occurs: its text is kept on it.</summary>
    public void Emit(CachedScalar scalar)
    {
        Resolve();
        WriteScalar(scalar.Event, scalar);
    }

    private void Open(Pending kind)
    {
        Resolve();
        if (depth > 0 && Top is { IsMapping: true, ExpectsValue: false })
        {
            throw new NotSupportedException("a collection as a mapping key");
        }

        if (depth > 0 && Top is { IsMapping: false })
        {
            ItemPrefix(ref Top);
        }

        pending = kind;
    }

    /// <summary>The collection just opened has content: its parent moves to the next line where that is the layout.</summary>
    private void Resolve()
    {
        if (pending == Pending.None)
        {
            return;
        }

        var isMapping = pending == Pending.Mapping;
        pending = Pending.None;
        if (depth == 0)
        {
            Push(new Frame(isMapping, 0, false));
            return;
        }

        var parent = Top;
        if (parent.IsMapping)
        {
            // key:\n then the mapping two columns in, or the sequence at the key's column.
            output.Append('\n');
            Push(new Frame(isMapping, isMapping ? parent.Indent + 2 : parent.Indent, false));
        }
        else if (isMapping)
        {
            // - first: ... on the item's line, the other keys under it.
            Push(new Frame(true, parent.Indent + 2, true));
        }
        else
        {
            throw new NotSupportedException("a sequence directly in a sequence");
        }
    }

    private void WriteEmpty()
    {
        var text = pending == Pending.Mapping ? "{}" : "[]";
        pending = Pending.None;
        if (depth == 0)
        {
            throw new NotSupportedException("an empty document");
        }

        ref var parent = ref Top;
        if (parent.IsMapping)
        {
            output.Append(' ');
        }

        output.Append(text).Append('\n');
        Completed(ref parent);
    }

    private void Close(bool isMapping)
    {
        if (depth == 0 || Top.IsMapping != isMapping || Top.ExpectsValue)
        {
            throw new NotSupportedException("an unbalanced event stream");
        }

        depth--;
        if (depth > 0)
        {
            Completed(ref Top);
        }
    }

    private void WriteScalar(Scalar scalar, CachedScalar? cached)
    {
        if (depth == 0)
        {
            throw new NotSupportedException("a document that is a scalar");
        }

        ref var parent = ref Top;
        if (parent.IsMapping && !parent.ExpectsValue)
        {
            if (!(parent.Inline && parent.Count == 0))
            {
                output.Append(' ', parent.Indent);
            }

            output.Append(cached is null ? Text(scalar, key: true) : cached.KeyText ??= Text(scalar, key: true)).Append(':');
            parent.ExpectsValue = true;
            return;
        }

        if (parent.IsMapping)
        {
            output.Append(' ');
        }
        else
        {
            ItemPrefix(ref parent);
        }

        output.Append(cached is null ? Text(scalar, key: false) : cached.ValueText ??= Text(scalar, key: false)).Append('\n');
        Completed(ref parent);
    }

    private ref Frame Top => ref frames[depth - 1];

    private void Push(Frame frame)
    {
        if (depth == frames.Length)
        {
            Array.Resize(ref frames, depth * 2);
        }

        frames[depth++] = frame;
    }

    private void ItemPrefix(ref Frame sequence)
    {
        if (!(sequence.Inline && sequence.Count == 0))
        {
            output.Append(' ', sequence.Indent);
        }

        output.Append("- ");
    }

    private static void Completed(ref Frame parent)
    {
        parent.ExpectsValue = false;
        parent.Count++;
    }

    /// <summary>The scalar's text as a key or as a value: as it is for most, else asked of YamlDotNet once per distinct scalar.</summary>
    private string Text(Scalar scalar, bool key)
    {
        if (IsPlainAsIs(scalar, key))
        {
            return scalar.Value;
        }

        var id = new ScalarKey(scalar.Value, scalar.Style, scalar.Tag.IsEmpty ? null : scalar.Tag.Value, scalar.IsPlainImplicit, scalar.IsQuotedImplicit, key);
        if (!texts.ByKey.TryGetValue(id, out var text))
        {
            text = texts.ByKey[id] = Alone(scalar, key);
        }

        return text;
    }

    /// <summary>
    /// Most scalars (names, labels, images, paths, numbers, commands) are text YamlDotNet writes as it is: plain style
    /// asked for or left to it, no tag to write, printable ASCII without quotes, backslashes, <c>#</c> or flow
    /// brackets, not starting with a space or an indicator (a <c>-</c> only before a character that is not a space, and
    /// not as <c>---</c>), not ending in a space or a colon, no colon before a space: what no YAML indicator,
    /// multi-line or whitespace rule of its emitter touches; a key also short enough to be a simple key. Everything
    /// else is asked of YamlDotNet. A test holds YamlDotNet to writing every text this takes as it is.
    /// </summary>
    internal static bool IsPlainAsIs(Scalar scalar, bool key)
    {
        var value = scalar.Value;
        if (scalar.Style is not (ScalarStyle.Any or ScalarStyle.Plain) || !scalar.IsPlainImplicit || value.Length == 0
            || (key && value.Length > 128) || value[^1] is ' ' or ':'
            || !(char.IsAsciiLetterOrDigit(value[0]) || value[0] is '/' or '.' or '_' or '(' or '$' or '=' or '+' or '~' or '^' or '<' or ';'
                || (value[0] == '-' && value.Length > 1 && value[1] != ' ' && !value.StartsWith("---", StringComparison.Ordinal)))
            || value.StartsWith("...", StringComparison.Ordinal))
        {
            return false;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c is < ' ' or > '~' or '"' or '\'' or '\\' or '#' or ',' or '[' or ']' or '{' or '}' or '`'
                || (c == ':' && value[i + 1] == ' '))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The scalar as YamlDotNet writes it in a one-entry block mapping, as the key or as the value.</summary>
    internal static string Alone(Scalar scalar, bool key)
    {
        var writer = new StringWriter();
        var emitter = new Emitter(writer);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart());
        emitter.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, true, MappingStyle.Block));
        emitter.Emit(key ? scalar : new Scalar("k"));
        emitter.Emit(key ? new Scalar("v") : scalar);
        emitter.Emit(new MappingEnd());
        emitter.Emit(new DocumentEnd(true));
        emitter.Emit(new StreamEnd());
        var written = writer.ToString();
        var text = key
            ? (written.EndsWith(": v\n", StringComparison.Ordinal) ? written[..^4] : null)
            : (written.StartsWith("k: ", StringComparison.Ordinal) && written.EndsWith('\n') ? written[3..^1] : null);
        if (string.IsNullOrEmpty(text) || text.Contains('\n') || text.StartsWith("? ", StringComparison.Ordinal))
        {
            throw new NotSupportedException("a scalar written on more than one line or as a complex key");
        }

        return text;
    }

    /// <summary>What decides a scalar's text.</summary>
    internal readonly record struct ScalarKey(string Value, ScalarStyle Style, string? Tag, bool PlainImplicit, bool QuotedImplicit, bool IsKey);

    /// <summary>The texts YamlDotNet wrote for scalars, shared by the documents of one stream.</summary>
    /// <remarks>
    /// The writer reuses one <see cref="CachedScalar"/> per distinct value and per property name and keeps its texts
    /// on it; this table serves the scalars it makes afresh (IntOrString values) and the first meeting of each.
    /// </remarks>
    internal sealed class ScalarTexts
    {
        public Dictionary<ScalarKey, string> ByKey { get; } = new();
    }

    /// <summary>A scalar event the writer reuses, with its texts as a key and as a value once written.</summary>
    internal sealed class CachedScalar(Scalar @event)
    {
        public Scalar Event { get; } = @event;

        public string? KeyText { get; set; }

        public string? ValueText { get; set; }
    }

    private struct Frame(bool isMapping, int indent, bool inline)
    {
        public bool IsMapping { get; } = isMapping;

        /// <summary>The column of the keys or of the dashes.</summary>
        public int Indent { get; } = indent;

        /// <summary>The first entry goes on the current line (a mapping that is a sequence item).</summary>
        public bool Inline { get; } = inline;

        public int Count { get; set; }

        public bool ExpectsValue { get; set; }
    }
}
