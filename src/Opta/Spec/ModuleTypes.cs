namespace Opta.Spec;

/// <summary>Every module type Opta knew, by the <c>type:</c> names that mean it, and the provider aliases Opta applied.</summary>
/// <remarks>
/// The tables of the types a file does not use are not built: <see cref="Find"/> looks at k8s-service first, then the
/// databases, then the rest of Opta's catalog, in the order of <see cref="All"/>, and a file of services (most of a
/// small <c>validate</c>) never builds the catalog's documentation texts.
/// </remarks>
public static class ModuleTypes
{
    private static IReadOnlyList<ModuleTypeDefinition>? all;

    public static IReadOnlyList<ModuleTypeDefinition> All =>
        all ??= [K8sServiceFields.Definition, .. CompanionFields.All.Select(c => c.Definition), .. OptaModuleCatalog.All];

    /// <summary>The cloud providers of an environment file's <c>providers</c>, by Opta's key.</summary>
    public static IReadOnlyList<string> CloudProviders { get; } = ["aws", "google", "azurerm"];

    /// <summary>
    /// Opta's registry aliases (<c>config/registry/&lt;provider&gt;/index.yaml</c>) for the names whose meaning depends on
    /// the cloud: under a cloud provider, <c>postgres</c> is that cloud's managed database. Locally (and when the
    /// environment names no cloud) they mean the in-cluster databases.
    /// </summary>
    private static readonly Dictionary<string, Dictionary<string, string>> CloudAliases = new(StringComparer.Ordinal)
    {
        ["postgres"] = new() { ["aws"] = "aws-postgres", ["google"] = "gcp-postgres", ["azurerm"] = "azure-postgres" },
        ["mysql"] = new() { ["aws"] = "aws-mysql", ["google"] = "gcp-mysql", ["azurerm"] = "azure-mysql" },
        ["redis"] = new() { ["aws"] = "aws-redis", ["google"] = "gcp-redis", ["azurerm"] = "azure-redis" },
    };

    /// <summary>What <paramref name="type"/> means under each cloud provider (none: the same everywhere).</summary>
    public static IReadOnlyList<string> CloudAliasesOf(string type) =>
        CloudAliases.TryGetValue(type, out var aliases) ? CloudProviders.Select(c => aliases[c]).ToList() : [];

    /// <summary>Every type name Opta knew, for did-you-mean.</summary>
    public static IEnumerable<string> AllTypeNames => All.SelectMany(d => d.TypeNames);

    /// <summary>The definition a <c>type:</c> value means, or null for a type opta-infra does not know.</summary>
    public static ModuleTypeDefinition? Find(string type)
    {
        if (Names(K8sServiceFields.Definition, type))
        {
            return K8sServiceFields.Definition;
        }

        foreach (var companion in CompanionFields.All)
        {
            if (Names(companion.Definition, type))
            {
                return companion.Definition;
            }
        }

        foreach (var definition in OptaModuleCatalog.All)
        {
            if (Names(definition, type))
            {
                return definition;
            }
        }

        return null;
    }

    private static bool Names(ModuleTypeDefinition definition, string type)
    {
        var names = definition.TypeNames;
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == type)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The definition a <c>type:</c> value means in an environment whose cloud is <paramref name="cloud"/> (null: local
    /// or none named), and the name it resolves to (<c>postgres</c> under <c>aws</c> is <c>aws-postgres</c>).
    /// </summary>
    public static (ModuleTypeDefinition Definition, string Resolved)? Resolve(string type, string? cloud)
    {
        var resolved = cloud is not null && CloudAliases.TryGetValue(type, out var aliases) && aliases.TryGetValue(cloud, out var alias) ? alias : type;
        return Find(resolved) is { } definition ? (definition, resolved)
            // Opta had no such alias (mysql on Azure): the cloud's database all the same, not deployed here.
            : resolved != type ? (OptaModuleCatalog.CloudSqlDatabase, resolved) : null;
    }
}
