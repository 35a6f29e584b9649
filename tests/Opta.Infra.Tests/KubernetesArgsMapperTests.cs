using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Opta.Infra.Mapping;
using Opta.Infra.Tests.Support;
using Pulumi;
using Kube = Pulumi.Kubernetes;

namespace Opta.Infra.Tests;

/// <summary>
/// The generic mapper on objects the examples do not produce: whatever KubernetesClient serializes reaches
/// Pulumi unchanged, and what cannot be placed fails loudly.
/// </summary>
public sealed class KubernetesArgsMapperTests
{
    private const string Namespace = "shop";

    public static TheoryData<string> Objects => new(Samples().Keys);

    [Theory]
    [MemberData(nameof(Objects))]
    public async Task Inputs_equal_the_objects_json_field_by_field(string sample)
    {
        var obj = Samples()[sample];
        var expected = Tree.FromJson(KubernetesArgsMapper.ToJson(obj));

        var run = await PulumiHarness.RunAsync(() =>
            KubernetesResources.Declare(obj.Metadata.Name, obj, KubernetesArgsMapper.ToJson(obj), new KubernetesArgsMapper(), new CustomResourceOptions()));

        var declared = Assert.Single(run.Registrations);
        Assert.Equal(obj.Metadata.Name, declared.Name);
        var differences = Tree.Diff(expected, Tree.FromInputs(declared.Inputs), sample);
        Assert.True(differences.Count == 0, string.Join("\n", differences));
    }

    [Fact]
    public async Task A_containers_planned_image_is_replaced_and_others_are_kept()
    {
        var obj = Samples()["deployment"];
        var mapper = new KubernetesArgsMapper(new Dictionary<string, Input<string>>
        {
            ["localhost:5000/shop/web:ctx-1"] = Pulumi.Output.Create("localhost:5000/shop/web@sha256:abc"),
        });

        var run = await PulumiHarness.RunAsync(() =>
            KubernetesResources.Declare("web", obj, KubernetesArgsMapper.ToJson(obj), mapper, new CustomResourceOptions()));

        var spec = Tree.At(Tree.FromInputs(Assert.Single(run.Registrations).Inputs), "spec", "template", "spec");
        Assert.Equal("localhost:5000/shop/web@sha256:abc", Tree.At(spec, "containers", 0, "image"));
        Assert.Equal("busybox:1.36", Tree.At(spec, "initContainers", 0, "image"));
    }

    [Theory]
    [InlineData("spec", "bogus")]
    [InlineData("spec.template.spec.containers.0", "colour")]
    [InlineData("", "status")]
    public void A_field_pulumi_has_no_input_for_throws_with_its_path(string at, string field)
    {
        var json = KubernetesArgsMapper.ToJson(Samples()["deployment"]);
        JsonNode target = json;
        foreach (var step in at.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            target = int.TryParse(step, out var index) ? target[index]! : target[step]!;
        }

        target.AsObject()[field] = new JsonObject { ["x"] = 1 };

        var error = Assert.Throws<KubernetesMappingException>(() => new KubernetesArgsMapper().Map<Kube.Types.Inputs.Apps.V1.DeploymentArgs>(json));
        Assert.Contains($"{field}", error.Message);
        Assert.StartsWith("Deployment/web", error.Message.Replace("\"", ""));
    }

    [Fact]
    public void A_value_of_the_wrong_type_throws_instead_of_converting()
    {
        var json = KubernetesArgsMapper.ToJson(Samples()["deployment"]);
        json["spec"]!["revisionHistoryLimit"] = "three";

        var error = Assert.Throws<KubernetesMappingException>(() => new KubernetesArgsMapper().Map<Kube.Types.Inputs.Apps.V1.DeploymentArgs>(json));
        Assert.Contains("revisionHistoryLimit", error.Message);
    }

    [Fact]
    public void A_kind_without_a_pulumi_resource_in_the_table_throws()
    {
        var pod = new V1Pod { ApiVersion = "v1", Kind = "Pod", Metadata = new V1ObjectMeta { Name = "stray" } };

        var error = Assert.Throws<KubernetesMappingException>(() => KubernetesResources.Declare(
            "stray", pod, KubernetesArgsMapper.ToJson(pod), new KubernetesArgsMapper(), new CustomResourceOptions()));
        Assert.Contains("V1Pod", error.Message);
    }

    private static Dictionary<string, IKubernetesObject<V1ObjectMeta>> Samples() => new()
    {
        ["deployment"] = new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = "Deployment",
            Metadata = Meta("web"),
            Spec = new V1DeploymentSpec
            {
                RevisionHistoryLimit = 3,
                ProgressDeadlineSeconds = 600,
                Selector = new V1LabelSelector
                {
                    MatchLabels = new Dictionary<string, string> { ["app"] = "web" },
                    MatchExpressions = [new V1LabelSelectorRequirement { Key = "tier", OperatorProperty = "In", Values = ["front", "edge"] }],
                },
                Strategy = new V1DeploymentStrategy
                {
                    Type = "RollingUpdate",
                    RollingUpdate = new V1RollingUpdateDeployment { MaxSurge = "25%", MaxUnavailable = 0 },
                },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta
                    {
                        Labels = new Dictionary<string, string> { ["app"] = "web", ["tier"] = "front" },
                        Annotations = new Dictionary<string, string> { ["prometheus.io/scrape"] = "true" },
                    },
                    Spec = new V1PodSpec
                    {
                        ServiceAccountName = "web",
                        AutomountServiceAccountToken = false,
                        TerminationGracePeriodSeconds = 45,
                        NodeSelector = new Dictionary<string, string> { ["kubernetes.io/os"] = "linux" },
                        Tolerations = [new V1Toleration { Key = "dedicated", OperatorProperty = "Equal", Value = "web", Effect = "NoSchedule" }],
                        Affinity = new V1Affinity
                        {
                            PodAntiAffinity = new V1PodAntiAffinity
                            {
                                PreferredDuringSchedulingIgnoredDuringExecution =
                                [
                                    new V1WeightedPodAffinityTerm
                                    {
                                        Weight = 100,
                                        PodAffinityTerm = new V1PodAffinityTerm
                                        {
                                            TopologyKey = "kubernetes.io/hostname",
                                            LabelSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
                                        },
                                    },
                                ],
                            },
                        },
                        SecurityContext = new V1PodSecurityContext
                        {
                            RunAsNonRoot = true,
                            RunAsUser = 1000,
                            FsGroup = 2000,
                            SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
                        },
                        Volumes =
                        [
                            new V1Volume { Name = "scratch", EmptyDir = new V1EmptyDirVolumeSource { SizeLimit = new ResourceQuantity("1Gi") } },
                            new V1Volume { Name = "config", Secret = new V1SecretVolumeSource { SecretName = "web-config", DefaultMode = 420 } },
                        ],
                        InitContainers = [new V1Container { Name = "wait", Image = "busybox:1.36", Command = ["sh", "-c", "sleep 1"] }],
                        Containers =
                        [
                            new V1Container
                            {
                                Name = "web",
                                Image = "localhost:5000/shop/web:ctx-1",
                                ImagePullPolicy = "Always",
                                Args = ["--port", "8080"],
                                Ports =
                                [
                                    new V1ContainerPort { Name = "http", ContainerPort = 8080, Protocol = "TCP" },
                                    new V1ContainerPort { Name = "metrics", ContainerPort = 9090 },
                                ],
                                Env =
                                [
                                    new V1EnvVar { Name = "MODE", Value = "production" },
                                    new V1EnvVar
                                    {
                                        Name = "PASSWORD",
                                        ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = "db", Key = "password", Optional = false } },
                                    },
                                    new V1EnvVar
                                    {
                                        Name = "POD",
                                        ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.name" } },
                                    },
                                ],
                                EnvFrom = [new V1EnvFromSource { SecretRef = new V1SecretEnvSource { Name = "manual-secrets", Optional = true } }],
                                Resources = new V1ResourceRequirements
                                {
                                    Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("250m"), ["memory"] = new("256Mi") },
                                    Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("512Mi") },
                                },
                                ReadinessProbe = new V1Probe { HttpGet = new V1HTTPGetAction { Path = "/ready", Port = "http", Scheme = "HTTP" }, PeriodSeconds = 10 },
                                LivenessProbe = new V1Probe { HttpGet = new V1HTTPGetAction { Path = "/live", Port = 8080 }, InitialDelaySeconds = 30 },
                                StartupProbe = new V1Probe { TcpSocket = new V1TCPSocketAction { Port = 8080 }, FailureThreshold = 30 },
                                Lifecycle = new V1Lifecycle { PreStop = new V1LifecycleHandler { Exec = new V1ExecAction { Command = ["sleep", "5"] } } },
                                SecurityContext = new V1SecurityContext
                                {
                                    AllowPrivilegeEscalation = false,
                                    ReadOnlyRootFilesystem = true,
                                    Capabilities = new V1Capabilities { Drop = ["ALL"] },
                                },
                                VolumeMounts =
                                [
                                    new V1VolumeMount { Name = "scratch", MountPath = "/tmp" },
                                    new V1VolumeMount { Name = "config", MountPath = "/etc/web", ReadOnlyProperty = true },
                                ],
                            },
                        ],
                    },
                },
            },
        },
        ["secret"] = new V1Secret
        {
            ApiVersion = "v1",
            Kind = "Secret",
            Metadata = Meta("web-secrets"),
            Type = "Opaque",
            Data = new Dictionary<string, byte[]> { ["token"] = Encoding.UTF8.GetBytes("s3cr3t\n") },
            StringData = new Dictionary<string, string> { ["user"] = "admin" },
        },
        ["configmap"] = new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = Meta("web-config"),
            Data = new Dictionary<string, string> { ["app.conf"] = "listen 8080\n" },
        },
        ["service"] = new V1Service
        {
            ApiVersion = "v1",
            Kind = "Service",
            Metadata = Meta("web"),
            Spec = new V1ServiceSpec
            {
                Type = "ClusterIP",
                SessionAffinity = "ClientIP",
                Selector = new Dictionary<string, string> { ["app"] = "web" },
                Ports =
                [
                    new V1ServicePort { Name = "http", Port = 80, TargetPort = "http", Protocol = "TCP" },
                    new V1ServicePort { Name = "metrics", Port = 9090, TargetPort = 9090 },
                ],
            },
        },
    };

    private static V1ObjectMeta Meta(string name) => new()
    {
        Name = name,
        NamespaceProperty = Namespace,
        Labels = new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "opta-infra" },
    };
}
