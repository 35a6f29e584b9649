using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Opta.Diffing;

/// <summary>One Kubernetes object as a JSON tree, with where it came from (a file, or the plan).</summary>
public sealed record Manifest(ObjectKey Key, JsonObject Body, string Origin)
{
    /// <summary>The manifest of a planned object, exactly as <c>render</c> would write it.</summary>
    public static Manifest FromObject(IKubernetesObject<V1ObjectMeta> obj)
    {
        var body = ManifestYaml.ToTree(obj);
        return new Manifest(KeyOf(body) ?? throw new InvalidOperationException($"{obj.Kind} has no apiVersion, kind or name"), body, "plan");
    }

    /// <summary>The identity of a manifest tree, or null when apiVersion, kind or metadata.name is missing.</summary>
    public static ObjectKey? KeyOf(JsonObject body)
    {
        var apiVersion = Text(body["apiVersion"]);
        var kind = Text(body["kind"]);
        var metadata = body["metadata"] as JsonObject;
        var name = Text(metadata?["name"]);
        if (string.IsNullOrEmpty(apiVersion) || string.IsNullOrEmpty(kind) || string.IsNullOrEmpty(name))
        {
            return null;
        }

        return new ObjectKey(apiVersion, kind, Text(metadata?["namespace"]) ?? "", name);
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
