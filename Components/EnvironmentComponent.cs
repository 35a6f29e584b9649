using System.Collections.Immutable;
using Opta.Infra.Mapping;
using Opta.Planning;
using Pulumi;

namespace Opta.Infra.Components;

/// <summary>One environment of one service file: its Namespace and a <see cref="K8sService"/> per module.</summary>
public sealed class EnvironmentComponent : ComponentResource
{
    public const string TypeToken = Opta.Output.PulumiImportFile.EnvironmentType;

    public EnvironmentComponent(string name, EnvironmentPlan plan, ComponentResourceOptions? options = null)
        : base(TypeToken, name, options)
    {
        var mapper = new KubernetesArgsMapper();
        Namespace = KubernetesResources.Declare(
            plan.Namespace.Metadata.Name,
            plan.Namespace,
            KubernetesArgsMapper.ToJson(plan.Namespace),
            mapper,
            new CustomResourceOptions { Parent = this });

        Services = plan.Services
            .Select(service => new K8sService(
                service.ModuleName,
                new K8sServiceArgs { Plan = service, Namespace = Namespace },
                new ComponentResourceOptions { Parent = this }))
            .ToImmutableArray();

        NamespaceName = Pulumi.Output.Create(plan.Namespace.Metadata.Name);
        RegisterOutputs(new Dictionary<string, object?> { ["namespace"] = NamespaceName });
    }

    public CustomResource Namespace { get; }

    public ImmutableArray<K8sService> Services { get; }

    [Output("namespace")]
    public Output<string> NamespaceName { get; private set; }
}
