using System.Text;
using Opta.Spec;

namespace Opta.Planning;

/// <summary>Opta's names and labels for one module, kept exactly so Opta-deployed objects can be adopted.</summary>
/// <remarks>A class, not a record: the names derived from the layer and module are worked out once, when it is made.</remarks>
public sealed class ServiceNames
{
    public const string ManagedBy = "opta-infra";

    public ServiceNames(string layer, string module, string environment)
    {
        Layer = layer;
        Module = module;
        Environment = environment;
        Release = $"{layer}-{module}";
        var name = Release.Contains("k8s-service", StringComparison.Ordinal) ? Release : Release + "-k8s-service";
        FullName = (name.Length > 63 ? name[..63] : name).TrimEnd('-');
    }

    public string Layer { get; }

    public string Module { get; }

    public string Environment { get; }

    /// <summary>Helm's release: <c>&lt;layer&gt;-&lt;module&gt;</c>; the selector's instance label.</summary>
    public string Release { get; }

    /// <summary>The chart's fullname rule: the release if it contains <c>k8s-service</c>, else <c>&lt;release&gt;-k8s-service</c>; 63 characters at most.</summary>
    public string FullName { get; }

    public string Namespace => Layer;

    public string ServiceAccount => Module;

    public string Service(bool headless) => headless ? $"{Module}-headless" : Module;

    /// <summary><c>&lt;fullname&gt;-&lt;first 8 hex of sha256("&lt;domain&gt;-&lt;pathPrefixName&gt;")&gt;</c>.</summary>
    public string Ingress(PublicRoute route)
    {
        var digest = Sha256.HashData(Encoding.UTF8.GetBytes($"{route.Domain}-{route.PathPrefixName}"));
        return $"{FullName}-{Convert.ToHexStringLower(digest)[..8]}";
    }

    public string CronJob(int index) => $"{FullName}-{index}";

    /// <summary>The Secret holding the module's <c>{secret.NAME}</c> env var values.</summary>
    public string Secret => $"{Module}-secrets";

    public Dictionary<string, string> SelectorLabels() => new()
    {
        ["app.kubernetes.io/name"] = "k8s-service",
        ["app.kubernetes.io/instance"] = Release,
    };

    public Dictionary<string, string> OptaLabels() => AddOptaLabels([]);

    /// <summary>Labels on every object of the module: selector, Opta's, and <c>managed-by: opta-infra</c>.</summary>
    public Dictionary<string, string> CommonLabels()
    {
        var labels = AddOptaLabels(SelectorLabels());
        labels["app.kubernetes.io/managed-by"] = ManagedBy;
        return labels;
    }

    private Dictionary<string, string> AddOptaLabels(Dictionary<string, string> labels)
    {
        labels["opta.dev/module-name"] = Module;
        labels["opta.dev/layer-name"] = Layer;
        labels["opta.dev/environment-name"] = Environment;
        return labels;
    }
}
