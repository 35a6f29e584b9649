using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Opta.Diffing;

/// <summary>
/// Reads a YAML stream of Kubernetes manifests into JSON trees, so that objects rendered now and objects read
/// back from <c>render -o</c> files are compared in one form. Plain scalars are typed by the YAML 1.2 core
/// schema; quoted scalars are strings. Duplicate keys and aliases are refused: <c>render</c> never writes them.
/// </summary>
public static partial class ManifestYaml
{
    /// <summary>One document of a stream: its tree (null for an empty document) and the line it starts on.</summary>
    public sealed record Document(JsonNode? Root, int Line);

    /// <summary>Every document in <paramref name="text"/>; throws <see cref="ManifestYamlException"/> for unusable YAML.</summary>
    public static IReadOnlyList<Document> Parse(string text)
    {
        var parser = new Parser(new StringReader(text));
        var documents = new List<Document>();
        try
        {
            parser.Consume<StreamStart>();
            while (parser.TryConsume<DocumentStart>(out var start))
            {
                JsonNode? root = null;
                if (!parser.Accept<DocumentEnd>(out _))
                {
                    root = ReadNode(parser, 0);
                }

                parser.Consume<DocumentEnd>();
                documents.Add(new Document(root, (int)start.Start.Line));
            }

            parser.Consume<StreamEnd>();
        }
        catch (YamlException ex) when (ex is not ManifestYamlException)
        {
            throw new ManifestYamlException(ex.Start, ex.End, Yaml.YamlLoader.Describe(ex));
        }

        return documents;
    }

    /// <summary>The tree of one object as <c>render</c> writes it.</summary>
    public static JsonObject ToTree(k8s.IKubernetesObject<k8s.Models.V1ObjectMeta> obj) =>
        Parse(Output.ManifestWriter.ToYaml(obj)).Single().Root as JsonObject
        ?? throw new InvalidOperationException($"{obj.Kind} {obj.Metadata?.Name} did not serialize to a YAML map");

    private const int MaxDepth = 64;

    private static JsonNode? ReadNode(IParser parser, int depth)
    {
        var current = parser.Current!;
        if (depth > MaxDepth)
        {
            throw new ManifestYamlException(current.Start, current.End, $"nesting is deeper than {MaxDepth} levels");
        }

        if (current is AnchorAlias)
        {
            throw new ManifestYamlException(current.Start, current.End, "aliases (*name) are not supported here; render -o never writes them");
        }

        if (parser.TryConsume<Scalar>(out var scalar))
        {
            return ScalarValue(scalar);
        }

        if (parser.TryConsume<SequenceStart>(out _))
        {
            var array = new JsonArray();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                array.Add(ReadNode(parser, depth + 1));
            }

            return array;
        }

        if (parser.TryConsume<MappingStart>(out _))
        {
            var map = new JsonObject();
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var keyEvent = parser.Current!;
                if (!parser.TryConsume<Scalar>(out var key))
                {
                    throw new ManifestYamlException(keyEvent.Start, keyEvent.End, "a map key must be a plain value, not a map or a list");
                }

                if (map.ContainsKey(key.Value))
                {
                    throw new ManifestYamlException(key.Start, key.End, $"duplicate key '{key.Value}'");
                }

                map[key.Value] = ReadNode(parser, depth + 1);
            }

            return map;
        }

        throw new ManifestYamlException(current.Start, current.End, $"unexpected {current.GetType().Name}");
    }

    private static JsonNode? ScalarValue(Scalar scalar)
    {
        var text = scalar.Value;
        if (scalar.Style != ScalarStyle.Plain || !scalar.Tag.IsEmpty)
        {
            return scalar.Tag.IsEmpty || scalar.Tag.Value == "tag:yaml.org,2002:str" ? JsonValue.Create(text) : Resolve(text);
        }

        return Resolve(text);
    }

    private static JsonNode? Resolve(string text)
    {
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }

        if (IntPattern().IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            return JsonValue.Create(l);
        }

        if (FloatPattern().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
        {
            return JsonValue.Create(d);
        }

        return JsonValue.Create(text);
    }

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex IntPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}

/// <summary>A YAML text that cannot be read as manifests; <see cref="YamlException.Start"/> says where.</summary>
public sealed class ManifestYamlException(Mark start, Mark end, string reason) : YamlException(start, end, reason)
{
    public string Reason { get; } = reason;
}
