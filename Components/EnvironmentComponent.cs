using System.Collections.Immutable;
using Opta.Infra.Mapping;
using Opta.Planning;
using Pulumi;

namespace Opta.Infra.Components;

/// <summary>One environment of one service file: its Namespace and a <see cref="K8sService"/> per module.</summary>
public sealed class EnvironmentComponent : ComponentResource
{
    public const string TypeToken = Opta.Output.PulumiImportFile.EnvironmentType;

    /// <param name="credentialSeed">The stack's secret seed for generated credentials; needed only when the plan has some.</param>
    public EnvironmentComponent(string name, EnvironmentPlan plan, Output<string>? credentialSeed = null, ComponentResourceOptions? options = null)
        : base(TypeToken, name, options)
    {
        var mapper = new KubernetesArgsMapper();
        Namespace = KubernetesResources.Declare(
            plan.Namespace.Metadata.Name,
            plan.Namespace,
            KubernetesArgsMapper.ToJson(plan.Namespace),
            mapper,
            new CustomResourceOptions { Parent = this });

        var credentials = GeneratedCredentials.Derive(plan.GeneratedCredentials, credentialSeed);
        Companions = plan.Companions
            .Select(companion => new Companion(
                companion.ModuleName,
                new CompanionArgs { Plan = companion, Namespace = Namespace, Credentials = credentials },
                new ComponentResourceOptions { Parent = this }))
            .ToImmutableArray();
        var byName = Companions.ToDictionary(c => c.GetResourceName());

        Services = plan.Services
            .Select(service => new K8sService(
                service.ModuleName,
                new K8sServiceArgs
                {
                    Plan = service,
                    Namespace = Namespace,
                    // Pods of a linking service read the database's Secret and connect to its Service at start-up.
                    LinkedResources = service.LinkedCompanions
                        .SelectMany(c => new Resource?[] { byName[c].Secret, byName[c].Service })
                        .OfType<Resource>()
                        .ToList(),
                },
                new ComponentResourceOptions { Parent = this }))
            .ToImmutableArray();

        NamespaceName = Pulumi.Output.Create(plan.Namespace.Metadata.Name);
        RegisterOutputs(new Dictionary<string, object?> { ["namespace"] = NamespaceName });
    }

    public CustomResource Namespace { get; }

    public ImmutableArray<K8sService> Services { get; }

    public ImmutableArray<Companion> Companions { get; }

    [Output("namespace")]
    public Output<string> NamespaceName { get; private set; }
}
