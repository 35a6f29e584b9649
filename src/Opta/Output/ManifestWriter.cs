using System.Text;
using k8s;
using k8s.Models;

namespace Opta.Output;

/// <summary>Writes planned objects as YAML: one configured serializer for all output.</summary>
/// <remarks>
/// The format is <see cref="KubernetesYaml.Serialize"/>'s; <see cref="ModelYamlWriter"/> produces the same bytes
/// faster (tests compare the two), and KubernetesYaml itself writes whatever that writer does not support.
/// </remarks>
public static class ManifestWriter
{
    public const string Mask = "***";

    /// <summary>A YAML stream: documents separated by <c>---</c>, in the order given.</summary>
    public static string ToYamlStream(IEnumerable<IKubernetesObject<V1ObjectMeta>> objects) => ToYamlStream(objects, blockEmitter: true);

    /// <summary>The same stream; without the block emitter, every document goes through YamlDotNet's (benchmarks compare the two).</summary>
    internal static string ToYamlStream(IEnumerable<IKubernetesObject<V1ObjectMeta>> objects, bool blockEmitter) =>
        YamlStream(objects, blockEmitter).ToString();

    /// <summary>
    /// The same stream written to <paramref name="destination"/> as UTF-8 (no byte-order mark), the bytes of
    /// <c>Encoding.UTF8.GetBytes(ToYamlStream(objects))</c> without making the whole text at all: the documents go
    /// through one text buffer, encoded and written whenever it is nearly full. The whole text, as a string and an
    /// array or in a growing builder, was most of what a small render allocated.
    /// </summary>
    public static void WriteYamlStream(IEnumerable<IKubernetesObject<V1ObjectMeta>> objects, Stream destination)
    {
        var sink = new Utf8Sink(destination);
        sink.Write(YamlStream(objects, blockEmitter: true, sink));
        sink.Finish();
    }

    /// <summary>The text buffer of <see cref="WriteYamlStream"/>: written out when three quarters full.</summary>
    private const int BufferChars = 16 * 1024;

    /// <summary>Writes <paramref name="text"/> as UTF-8, chunk by chunk; a surrogate pair split between two chunks is encoded whole.</summary>
    internal static void WriteUtf8(StringBuilder text, Stream destination)
    {
        var sink = new Utf8Sink(destination);
        sink.Write(text);
        sink.Finish();
    }

    /// <summary>Encodes text to a stream in pieces, keeping a surrogate pair split between two pieces whole.</summary>
    private sealed class Utf8Sink(Stream destination)
    {
        private readonly Encoder encoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetEncoder();
        private readonly byte[] bytes = new byte[16 * 1024];

        public void Write(StringBuilder text)
        {
            foreach (var chunk in text.GetChunks())
            {
                var chars = chunk.Span;
                while (!chars.IsEmpty)
                {
                    encoder.Convert(chars, bytes, flush: false, out var used, out var written, out _);
                    destination.Write(bytes, 0, written);
                    chars = chars[used..];
                }
            }
        }

        public void Finish()
        {
            encoder.Convert([], bytes, flush: true, out _, out var rest, out _);
            destination.Write(bytes, 0, rest);
        }
    }

    /// <summary>The stream's text; with a <paramref name="sink"/>, what is written to it along the way is not in the text returned.</summary>
    private static StringBuilder YamlStream(IEnumerable<IKubernetesObject<V1ObjectMeta>> objects, bool blockEmitter, Utf8Sink? sink = null)
    {
        var output = sink is null ? new StringBuilder() : new StringBuilder(BufferChars);
        var writer = new ModelYamlWriter { UseBlockEmitter = blockEmitter };
        var first = true;
        foreach (var obj in objects)
        {
            if (!first)
            {
                output.Append("---\n");
            }

            first = false;
            Append(output, obj, writer);
            if (sink is not null && output.Length > BufferChars * 3 / 4)
            {
                // Cleared while it is one chunk (the usual case), the builder keeps its array.
                sink.Write(output);
                output.Clear();
            }
        }

        return output;
    }

    /// <summary>The same objects with every Secret value replaced by <c>***</c> (the keys stay visible).</summary>
    public static IEnumerable<IKubernetesObject<V1ObjectMeta>> MaskSecrets(IEnumerable<IKubernetesObject<V1ObjectMeta>> objects) =>
        objects.Select(o => o is V1Secret secret ? Masked(secret) : o);

    private static V1Secret Masked(V1Secret secret) => new()
    {
        ApiVersion = secret.ApiVersion,
        Kind = secret.Kind,
        Metadata = secret.Metadata,
        Type = secret.Type,
        Immutable = secret.Immutable,
        Data = secret.Data?.ToDictionary(kv => kv.Key, _ => System.Text.Encoding.UTF8.GetBytes(Mask)),
        StringData = secret.StringData?.ToDictionary(kv => kv.Key, _ => Mask),
    };

    /// <summary>One object as a YAML document ending in a newline.</summary>
    public static string ToYaml(IKubernetesObject<V1ObjectMeta> obj) => Append(new StringBuilder(), obj, new ModelYamlWriter()).ToString();

    /// <summary>
    /// The file name <c>render -o</c> uses: <c>&lt;layer&gt;.&lt;kind&gt;-&lt;name&gt;.yaml</c>, lowercase. The layer (the
    /// namespace, which holds no dot) keeps two layers rendered into one folder apart: both may have a module
    /// named <c>web</c>, whose Service is <c>web</c> in each.
    /// </summary>
    public static string FileName(IKubernetesObject<V1ObjectMeta> obj) =>
        $"{obj.Metadata.NamespaceProperty ?? obj.Metadata.Name}.{obj.Kind.ToLowerInvariant()}-{obj.Metadata.Name}.yaml";

    private static StringBuilder Append(StringBuilder output, IKubernetesObject<V1ObjectMeta> obj, ModelYamlWriter writer)
    {
        if (!writer.TryWrite(obj, output))
        {
            output.Append(KubernetesYaml.Serialize(obj));
        }

        if (output.Length == 0 || output[^1] != '\n')
        {
            output.Append('\n');
        }

        return output;
    }
}
