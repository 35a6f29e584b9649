using k8s;
using k8s.Models;
using Opta.Spec;

namespace Opta.Planning;

/// <summary>The plan of one database module opta-infra deploys in the cluster (<c>postgres</c>, <c>mysql</c>, <c>redis</c>, <c>mongodb</c>).</summary>
public sealed record CompanionPlan
{
    public required string ModuleName { get; init; }

    public required int ModuleIndex { get; init; }

    /// <summary>The module type's canonical name (<c>postgres</c>).</summary>
    public required string Type { get; init; }

    public required CompanionKind Kind { get; init; }

    /// <summary>Render order: Secret, Service, StatefulSet.</summary>
    public required IReadOnlyList<IKubernetesObject<V1ObjectMeta>> Objects { get; init; }

    /// <summary>The in-cluster host the linked services connect to (<c>db_host</c> / <c>cache_host</c>).</summary>
    public required string Host { get; init; }

    public required int Port { get; init; }

    /// <summary>The Secret holding the link variables (and the server's own password).</summary>
    public required string SecretName { get; init; }

    /// <summary>Values the sinks generate: never in the plan, which holds <see cref="GeneratedCredential.Placeholder"/> instead.</summary>
    public required IReadOnlyList<GeneratedCredential> Credentials { get; init; }

    /// <summary>The outputs known before anything is deployed, for <c>{module.&lt;name&gt;.&lt;output&gt;}</c>.</summary>
    public required IReadOnlyDictionary<string, string> KnownOutputs { get; init; }
}

/// <summary>
/// A credential the plan does not hold: a random value generated once per stack and kept stable, so the plan stays
/// deterministic and nothing secret is ever rendered. The Secret's data holds <see cref="Placeholder"/> at
/// <see cref="Key"/>; <c>render</c> masks it (or, with <c>--show-secrets</c>, shows the placeholder) and the Pulumi
/// program replaces it with the value it derives from the stack's secret seed.
/// </summary>
public sealed record GeneratedCredential
{
    public required string Layer { get; init; }

    public required string Module { get; init; }

    public required string SecretName { get; init; }

    public required string Key { get; init; }

    /// <summary>Characters, from letters and digits (so the value needs no quoting in a URL or a shell).</summary>
    public int Length { get; init; } = 32;

    /// <summary>What the plan holds in place of the value; unique per credential.</summary>
    public string Placeholder => $"(generated at deploy time: {Module}/{Key})";

    /// <summary>What the Pulumi program derives the value from, with the stack's seed: stable across runs, distinct per credential.</summary>
    public string DerivationInput => $"opta-infra/{Layer}/{Module}/{Key}";
}
