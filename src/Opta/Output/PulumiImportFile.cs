using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Opta.Planning;

namespace Opta.Output;

/// <summary>
/// The file <c>pulumi import --file</c> takes to adopt the objects Opta deployed: one entry per object, with the
/// resource name and parent the Pulumi program gives it, so the next <c>pulumi up</c> updates them in place.
/// </summary>
/// <remarks>
/// Mirrors the program's resource tree: the stack's <c>opta:index:Environment</c> component (named after the
/// environment) holds the Namespace and one <c>opta:index:K8sService</c> component per module (named after the
/// module), which holds that module's objects, each named after the object. The components are created empty
/// by the import (<c>component: true</c>, Pulumi CLI 3.94+), and <c>parent</c> names another entry of the file.
/// </remarks>
public static class PulumiImportFile
{
    public const string EnvironmentType = "opta:index:Environment";
    public const string ServiceType = "opta:index:K8sService";

    /// <summary>The component of a database deployed in the cluster: <c>opta:index:Postgres</c>, <c>…:MySql</c>, <c>…:Redis</c>, <c>…:MongoDb</c>.</summary>
    public static string CompanionType(Spec.CompanionKind kind) => $"opta:index:{kind}";

    /// <summary>
    /// What the file does not adopt, one sentence per database module: Opta's local databases were Bitnami Helm
    /// releases in another namespace, with other objects; opta-infra creates new ones, empty.
    /// </summary>
    public static IReadOnlyList<string> NotAdopted(EnvironmentPlan plan) => plan.Companions
        .Select(c => $"modules[{c.ModuleIndex}] '{c.ModuleName}' ({c.Type}): not adopted: Opta's local {c.Type} was a Bitnami Helm release (opta-local-{c.Type}) in namespace paas-{plan.Layer}, "
            + $"so `pulumi up` creates a new, empty {c.Type} in namespace {plan.Layer}; move the data first (docs/migrating-from-opta.md, \"Databases\")")
        .ToList();

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        IndentSize = 2,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Write(EnvironmentPlan plan) => Build(plan).ToJsonString(Json) + "\n";

    public static JsonObject Build(EnvironmentPlan plan)
    {
        var resources = new JsonArray();
        var environment = $"{plan.EnvironmentName}-environment";
        resources.Add((JsonNode)Component(EnvironmentType, environment, plan.EnvironmentName, parent: null));
        resources.Add((JsonNode)Import(plan.Namespace, environment));
        foreach (var service in plan.Services)
        {
            var component = $"{service.ModuleName}-k8sservice";
            resources.Add((JsonNode)Component(ServiceType, component, service.ModuleName, environment));
            foreach (var obj in service.Objects.Where(OptaCreated))
            {
                resources.Add((JsonNode)Import(obj, component));
            }
        }

        return new JsonObject { ["resources"] = resources };
    }

    /// <summary>
    /// Objects Opta's chart rendered. The others do not exist yet and are created by <c>pulumi up</c>: the
    /// PodDisruptionBudget, and the <c>&lt;module&gt;-secrets</c> Secret of <c>{secret.NAME}</c> values (Opta's
    /// Secrets were <c>secret</c> and <c>manual-secrets</c>, which opta-infra does not manage).
    /// </summary>
    public static bool OptaCreated(IKubernetesObject<V1ObjectMeta> obj) => obj is not (V1PodDisruptionBudget or V1Secret);

    /// <summary>Pulumi.Kubernetes' type token: <c>kubernetes:apps/v1:Deployment</c>, <c>kubernetes:core/v1:Service</c>.</summary>
    public static string TypeToken(IKubernetesObject<V1ObjectMeta> obj)
    {
        var slash = obj.ApiVersion.IndexOf('/');
        var groupVersion = slash < 0 ? "core/" + obj.ApiVersion : obj.ApiVersion;
        return $"kubernetes:{groupVersion}:{obj.Kind}";
    }

    /// <summary>The id Pulumi.Kubernetes imports by: <c>namespace/name</c>, or the name of a cluster-scoped object.</summary>
    public static string Id(IKubernetesObject<V1ObjectMeta> obj) =>
        obj.Metadata.NamespaceProperty is { Length: > 0 } ns ? $"{ns}/{obj.Metadata.Name}" : obj.Metadata.Name;

    private static JsonObject Import(IKubernetesObject<V1ObjectMeta> obj, string parent) => new()
    {
        ["type"] = TypeToken(obj),
        // `name` keys the entry within the file; `logicalName` is the resource name the program uses.
        ["name"] = $"{obj.Metadata.Name}-{obj.Kind.ToLowerInvariant()}",
        ["logicalName"] = obj.Metadata.Name,
        ["id"] = Id(obj),
        ["parent"] = parent,
    };

    private static JsonObject Component(string type, string name, string logicalName, string? parent)
    {
        var entry = new JsonObject
        {
            ["type"] = type,
            ["name"] = name,
            ["logicalName"] = logicalName,
            ["component"] = true,
        };
        if (parent is not null)
        {
            entry["parent"] = parent;
        }

        return entry;
    }
}
