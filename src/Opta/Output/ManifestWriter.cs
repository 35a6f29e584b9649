using k8s;
using k8s.Models;

namespace Opta.Output;

/// <summary>Writes planned objects as YAML: one configured serializer for all output.</summary>
public static class ManifestWriter
{
    public const string Mask = "***";

    /// <summary>A YAML stream: documents separated by <c>---</c>, in the order given.</summary>
    public static string ToYamlStream(IEnumerable<IKubernetesObject<V1ObjectMeta>> objects) =>
        string.Join("---\n", objects.Select(ToYaml));

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
    public static string ToYaml(IKubernetesObject<V1ObjectMeta> obj)
    {
        var text = KubernetesYaml.Serialize(obj);
        return text.EndsWith('\n') ? text : text + "\n";
    }

    /// <summary>The file name <c>render -o</c> uses: <c>&lt;kind&gt;-&lt;name&gt;.yaml</c>, lowercase.</summary>
    public static string FileName(IKubernetesObject<V1ObjectMeta> obj) =>
        $"{obj.Kind.ToLowerInvariant()}-{obj.Metadata.Name}.yaml";
}
