using Opta.Loading;
using Opta.Spec;

namespace Opta.Planning;

/// <summary>One environment variable a link gives a service: always read from a Secret key, never written inline.</summary>
public sealed record LinkVariable(string Name, string SecretName, string Key);

/// <summary>Where each link's values come from: a companion's credentials Secret, or the Secret Opta left for a cloud module.</summary>
internal static class LinkPlanner
{
    /// <summary>The Secret Opta's k8s-service chart wrote the link values of cloud modules into (keyed by the variable's name: <c>&lt;module&gt;_&lt;var&gt;</c>, or its rename).</summary>
    public const string OptaLinkSecret = "secret";

    public static IReadOnlyList<LinkVariable> Variables(K8sServiceSpec spec, IReadOnlyDictionary<string, ModuleSource> modules)
    {
        var result = new List<LinkVariable>();
        foreach (var link in spec.Links)
        {
            if (!modules.TryGetValue(link.Target, out var target) || target.Type.Link is not { GivesVariables: true } info)
            {
                continue;
            }

            foreach (var variable in info.Variables)
            {
                var name = link.Renames?.FirstOrDefault(r => r.Variable == variable).Name ?? $"{link.Target}_{variable}";
                result.Add(target.Type.Handling == ModuleHandling.Deployed
                    ? new LinkVariable(name, CompanionPlanner.SecretName(link.Target), variable)
                    // Opta's chart keyed `secret` by the variable's name, renamed or not.
                    : new LinkVariable(name, OptaLinkSecret, name));
            }
        }

        return result;
    }

    /// <summary>The companion modules a service links to, which its pods need first.</summary>
    public static IReadOnlyList<string> Companions(K8sServiceSpec spec, IReadOnlyDictionary<string, ModuleSource> modules)
    {
        // A loop, not a LINQ chain: see DiagnosticBag.Sorted.
        var companions = new List<string>();
        foreach (var link in spec.Links)
        {
            if (modules.TryGetValue(link.Target, out var target) && target.Type.Companion is not null && !companions.Contains(link.Target))
            {
                companions.Add(link.Target);
            }
        }

        return companions;
    }
}
