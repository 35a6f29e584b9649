using System.Collections.Immutable;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Opta.Infra.Mapping;
using Opta.Planning;
using Pulumi;
using Docker = Pulumi.Docker;

namespace Opta.Infra.Components;

/// <summary>What a <see cref="K8sService"/> deploys: the engine's plan of one module, and where.</summary>
public sealed record K8sServiceArgs
{
    public required ServicePlan Plan { get; init; }

    /// <summary>The environment's Namespace; every object waits for it.</summary>
    public required Resource Namespace { get; init; }

    /// <summary>The Secrets and Services of the databases the module links to; its workloads wait for them.</summary>
    public IReadOnlyList<Resource> LinkedResources { get; init; } = [];
}

/// <summary>
/// One <c>k8s-service</c> module: its image build (for <c>image: AUTO</c> with a Dockerfile) and one typed
/// Kubernetes resource per object the engine planned. It decides nothing about the objects themselves.
/// </summary>
public sealed class K8sService : ComponentResource
{
    public const string TypeToken = Opta.Output.PulumiImportFile.ServiceType;

    public K8sService(string name, K8sServiceArgs args, ComponentResourceOptions? options = null)
        : base(TypeToken, name, options)
    {
        var plan = args.Plan;
        var images = new Dictionary<string, Input<string>>();
        if (plan.Image.Build is { } build)
        {
            Image = DeclareImage(name, plan.Image, build);
            // The digest, not the tag: every push changes the pod template, so it rolls out, and the preview
            // shows the image change (unknown until the build runs).
            images[build.Reference] = Image.RepoDigest;
            ImageReference = Image.RepoDigest.Apply(digest => (string?)digest);
        }
        else
        {
            ImageReference = Pulumi.Output.Create(plan.Image.Reference);
        }

        var mapper = new KubernetesArgsMapper(images);
        var declared = new Dictionary<IKubernetesObject<V1ObjectMeta>, CustomResource>(ReferenceEqualityComparer.Instance);

        // What pods read at start-up first, so the workloads can wait for it (the plan lists the Secret after them).
        var podDependencies = new List<Resource> { args.Namespace };
        podDependencies.AddRange(args.LinkedResources);
        foreach (var obj in plan.Objects.Where(KubernetesResources.IsPodDependency))
        {
            declared[obj] = Declare(obj, mapper, new CustomResourceOptions { Parent = this, DependsOn = { args.Namespace } });
            podDependencies.Add(declared[obj]);
        }

        foreach (var obj in plan.Objects.Where(o => !KubernetesResources.IsPodDependency(o)))
        {
            var resourceOptions = new CustomResourceOptions { Parent = this, DependsOn = { args.Namespace } };
            if (KubernetesResources.IsWorkload(obj))
            {
                resourceOptions.DependsOn = podDependencies.ToArray();
                // The HorizontalPodAutoscaler owns the replica count: never undo its scaling.
                resourceOptions.IgnoreChanges.Add("spec.replicas");
            }

            declared[obj] = Declare(obj, mapper, resourceOptions);
        }

        WorkloadDependencies = podDependencies;
        var resources = plan.Objects.Select(o => declared[o]).ToList();
        Resources = resources;
        ServiceDnsName = Pulumi.Output.Create(plan.ServiceDnsName);
        PublicUrls = Pulumi.Output.Create(plan.PublicUrls.ToImmutableArray());
        RegisterOutputs(new Dictionary<string, object?>
        {
            ["imageReference"] = ImageReference,
            ["serviceDnsName"] = ServiceDnsName,
            ["publicUrls"] = PublicUrls,
        });
    }

    /// <summary>The image build, when the plan has one.</summary>
    public Docker.Image? Image { get; }

    /// <summary>The Kubernetes resources, in the plan's order.</summary>
    public IReadOnlyList<CustomResource> Resources { get; }

    /// <summary>What the workloads depend on: the Namespace, the linked databases' Secrets and Services, the ServiceAccount and Secret.</summary>
    public IReadOnlyList<Resource> WorkloadDependencies { get; }

    /// <summary>The image the containers run: the pushed digest of a build, else the plan's reference (null when nothing runs yet).</summary>
    [Output("imageReference")]
    public Output<string?> ImageReference { get; private set; }

    /// <summary>The Service's DNS name; null for a worker (a module without ports), which has no Service.</summary>
    [Output("serviceDnsName")]
    public Output<string?> ServiceDnsName { get; private set; }

    [Output("publicUrls")]
    public Output<ImmutableArray<string>> PublicUrls { get; private set; }

    private static CustomResource Declare(IKubernetesObject<V1ObjectMeta> obj, KubernetesArgsMapper mapper, CustomResourceOptions options)
    {
        var json = KubernetesArgsMapper.ToJson(obj);
        if (KubernetesResources.IsWorkload(obj))
        {
            AssertNoReplicas(obj, json);
        }

        // The object's own name: unique per kind in the namespace, so unique per resource type in the stack.
        return KubernetesResources.Declare(obj.Metadata.Name, obj, json, mapper, options);
    }

    private Docker.Image DeclareImage(string name, ImagePlan image, ImageBuildPlan build)
    {
        var args = new Docker.ImageArgs
        {
            ImageName = build.Reference,
            Build = new Docker.Inputs.DockerBuildArgs
            {
                // Relative to the program folder (the working directory of `pulumi up`): the provider resolves
                // the Dockerfile against it, and relative paths keep the stack's state free of one machine's
                // checkout location, so a preview elsewhere shows no spurious change.
                Context = RelativeToProgram(build.Context),
                Dockerfile = RelativeToProgram(build.Dockerfile),
                Platform = build.Platform,
            },
        };
        if (image.Registry is { } server)
        {
            // No credentials: the local registry takes anonymous pushes, and for any other the provider falls
            // back to the Docker client's own login.
            args.Registry = new Docker.Inputs.RegistryArgs { Server = server };
        }

        return new Docker.Image(name, args, new CustomResourceOptions { Parent = this });
    }

    private static string RelativeToProgram(string path) =>
        Path.GetRelativePath(Directory.GetCurrentDirectory(), path).Replace('\\', '/');

    /// <summary>
    /// The HorizontalPodAutoscaler owns the replica count, so the engine never plans one; a workload that carries one
    /// is an engine bug, and `pulumi up` would fight the autoscaler on every run. Stop before declaring it.
    /// </summary>
    private static void AssertNoReplicas(IKubernetesObject<V1ObjectMeta> obj, JsonObject json)
    {
        if (json["spec"] is JsonObject spec && spec.ContainsKey("replicas"))
        {
            throw new InvalidOperationException($"{obj.Kind} {obj.Metadata.Name}: the plan sets spec.replicas, which the HorizontalPodAutoscaler owns; this is a bug in opta-infra's engine, please report it");
        }
    }
}
