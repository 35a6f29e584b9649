using k8s;
using k8s.Models;

namespace Opta.Output;

/// <summary>Writes planned objects as YAML: one configured serializer for all output.</summary>
public static class ManifestWriter
{
    /// <summary>A YAML stream: documents separated by <c>---</c>, in the order given.</summary>
    public static string ToYamlStream(IEnumerable<IKubernetesObject<V1ObjectMeta>> objects) =>
        string.Join("---\n", objects.Select(ToYaml));

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
