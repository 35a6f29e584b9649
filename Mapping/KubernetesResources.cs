using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Pulumi;
using Kube = Pulumi.Kubernetes;

namespace Opta.Infra.Mapping;

/// <summary>The kind table: which typed Pulumi.Kubernetes resource declares each kind of object the engine plans.</summary>
/// <remarks>
/// Keyed by the CLR type of the engine's object rather than by its apiVersion/kind strings, so the compiler
/// checks both sides of every row. A kind missing here fails the run loudly instead of deploying less than
/// <c>render</c> shows.
/// </remarks>
public static class KubernetesResources
{
    /// <summary>Declares <paramref name="obj"/> (whose wire form, possibly adjusted, is <paramref name="json"/>) as a resource named <paramref name="name"/>.</summary>
    public static CustomResource Declare(
        string name,
        IKubernetesObject<V1ObjectMeta> obj,
        JsonObject json,
        KubernetesArgsMapper mapper,
        CustomResourceOptions options) => obj switch
        {
            V1Namespace => new Kube.Core.V1.Namespace(name, mapper.Map<Kube.Types.Inputs.Core.V1.NamespaceArgs>(json), options),
            V1ServiceAccount => new Kube.Core.V1.ServiceAccount(name, mapper.Map<Kube.Types.Inputs.Core.V1.ServiceAccountArgs>(json), options),
            V1Service => new Kube.Core.V1.Service(name, mapper.Map<Kube.Types.Inputs.Core.V1.ServiceArgs>(json), options),
            V1Secret => new Kube.Core.V1.Secret(name, mapper.Map<Kube.Types.Inputs.Core.V1.SecretArgs>(json), options),
            V1ConfigMap => new Kube.Core.V1.ConfigMap(name, mapper.Map<Kube.Types.Inputs.Core.V1.ConfigMapArgs>(json), options),
            V1Deployment => new Kube.Apps.V1.Deployment(name, mapper.Map<Kube.Types.Inputs.Apps.V1.DeploymentArgs>(json), options),
            V1StatefulSet => new Kube.Apps.V1.StatefulSet(name, mapper.Map<Kube.Types.Inputs.Apps.V1.StatefulSetArgs>(json), options),
            V2HorizontalPodAutoscaler => new Kube.Autoscaling.V2.HorizontalPodAutoscaler(name, mapper.Map<Kube.Types.Inputs.Autoscaling.V2.HorizontalPodAutoscalerArgs>(json), options),
            V1PodDisruptionBudget => new Kube.Policy.V1.PodDisruptionBudget(name, mapper.Map<Kube.Types.Inputs.Policy.V1.PodDisruptionBudgetArgs>(json), options),
            V1Ingress => new Kube.Networking.V1.Ingress(name, mapper.Map<Kube.Types.Inputs.Networking.V1.IngressArgs>(json), options),
            V1CronJob => new Kube.Batch.V1.CronJob(name, mapper.Map<Kube.Types.Inputs.Batch.V1.CronJobArgs>(json), options),
            _ => throw new KubernetesMappingException(
                $"{obj.GetType().Name} {obj.Metadata?.Name}: no Pulumi resource is declared for this kind; add it to {nameof(KubernetesResources)}"),
        };

    /// <summary>Objects whose pods run the service's image (and need its ServiceAccount and Secret first).</summary>
    public static bool IsWorkload(IKubernetesObject<V1ObjectMeta> obj) => obj is V1Deployment or V1StatefulSet or V1CronJob;

    /// <summary>Objects a pod reads at start-up.</summary>
    public static bool IsPodDependency(IKubernetesObject<V1ObjectMeta> obj) => obj is V1ServiceAccount or V1Secret or V1ConfigMap;
}
