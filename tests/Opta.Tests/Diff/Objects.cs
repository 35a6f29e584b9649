using k8s;
using k8s.Models;

namespace Opta.Tests.Diff;

/// <summary>Hand-built objects shaped like what the planner makes for one k8s-service module.</summary>
internal static class Objects
{
    public static V1Namespace Namespace(string name = "web") => new()
    {
        ApiVersion = "v1",
        Kind = "Namespace",
        Metadata = new V1ObjectMeta { Name = name },
    };

    public static V1Deployment Deployment(
        string image = "registry.example/app:1.0",
        IList<V1EnvVar>? env = null,
        int port = 8080,
        string version = "1.0")
    => new()
    {
        ApiVersion = "apps/v1",
        Kind = "Deployment",
        Metadata = new V1ObjectMeta
        {
            Name = "app",
            NamespaceProperty = "web",
            Labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = "app", ["app.kubernetes.io/version"] = version },
        },
        Spec = new V1DeploymentSpec
        {
            Replicas = 2,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = "app" } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = "app" } },
                Spec = new V1PodSpec
                {
                    Containers =
                    [
                        new V1Container
                        {
                            Name = "app",
                            Image = image,
                            Env = env ?? [Env("A", "1"), Env("B", "2")],
                            Ports = [new V1ContainerPort { Name = "http", ContainerPort = port }],
                            Resources = new V1ResourceRequirements
                            {
                                Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("100m"), ["memory"] = new("128Mi") },
                                Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("1") },
                            },
                        },
                    ],
                },
            },
        },
    };

    public static V1Service Service(int port = 80, string targetPort = "http") => new()
    {
        ApiVersion = "v1",
        Kind = "Service",
        Metadata = new V1ObjectMeta { Name = "app", NamespaceProperty = "web" },
        Spec = new V1ServiceSpec
        {
            Selector = new Dictionary<string, string> { ["app.kubernetes.io/name"] = "app" },
            Ports = [new V1ServicePort { Name = "http", Port = port, TargetPort = targetPort }],
        },
    };

    public static V1Secret Secret(IDictionary<string, string> stringData, string name = "app-secrets") => new()
    {
        ApiVersion = "v1",
        Kind = "Secret",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "web" },
        Type = "Opaque",
        StringData = stringData,
    };

    public static V1Ingress Ingress(params string[] hosts) => new()
    {
        ApiVersion = "networking.k8s.io/v1",
        Kind = "Ingress",
        Metadata = new V1ObjectMeta { Name = "app", NamespaceProperty = "web" },
        Spec = new V1IngressSpec
        {
            IngressClassName = "nginx",
            Rules = hosts.Select(h => new V1IngressRule
            {
                Host = h,
                Http = new V1HTTPIngressRuleValue
                {
                    Paths =
                    [
                        new V1HTTPIngressPath
                        {
                            Path = "/",
                            PathType = "Prefix",
                            Backend = new V1IngressBackend { Service = new V1IngressServiceBackend { Name = "app", Port = new V1ServiceBackendPort { Name = "http" } } },
                        },
                    ],
                },
            }).ToList(),
        },
    };

    public static V1EnvVar Env(string name, string value) => new() { Name = name, Value = value };

    public static List<Opta.Diffing.Manifest> Manifests(params IKubernetesObject<V1ObjectMeta>[] objects) =>
        objects.Select(Opta.Diffing.Manifest.FromObject).ToList();
}
