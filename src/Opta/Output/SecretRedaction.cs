using System.Text;
using k8s;
using k8s.Models;

namespace Opta.Output;

/// <summary>What the sinks print in place of Secret data unless the user asks to see it (<c>--show-secrets</c>).</summary>
public static class SecretRedaction
{
    public const string Mask = "***";

    /// <summary>The object, or for a Secret a copy whose every value is <see cref="Mask"/> (keys are kept).</summary>
    public static IKubernetesObject<V1ObjectMeta> Redact(IKubernetesObject<V1ObjectMeta> obj) => obj is V1Secret secret
        ? new V1Secret
        {
            ApiVersion = secret.ApiVersion,
            Kind = secret.Kind,
            Metadata = secret.Metadata,
            Type = secret.Type,
            Immutable = secret.Immutable,
            StringData = secret.StringData?.ToDictionary(e => e.Key, _ => Mask),
            Data = secret.Data?.ToDictionary(e => e.Key, _ => Encoding.UTF8.GetBytes(Mask)),
        }
        : obj;

    public static IEnumerable<IKubernetesObject<V1ObjectMeta>> Redact(IEnumerable<IKubernetesObject<V1ObjectMeta>> objects) => objects.Select(Redact);
}
