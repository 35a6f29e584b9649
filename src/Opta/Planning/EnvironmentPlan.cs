using k8s;
using k8s.Models;

namespace Opta.Planning;

/// <summary>Everything opta-infra deploys for one environment of one service file: every decision made.</summary>
public sealed record EnvironmentPlan
{
    /// <summary>The layer (the service file's <c>name</c>); also the namespace.</summary>
    public required string Layer { get; init; }

    /// <summary>The environment's name (<c>{env}</c>, the <c>opta.dev/environment-name</c> label).</summary>
    public required string EnvironmentName { get; init; }

    public required V1Namespace Namespace { get; init; }

    /// <summary>One plan per <c>k8s-service</c> module, in file order.</summary>
    public required IReadOnlyList<ServicePlan> Services { get; init; }

    /// <summary>One plan per database module deployed in the cluster, in file order.</summary>
    public IReadOnlyList<CompanionPlan> Companions { get; init; } = [];

    /// <summary>Every credential the sinks generate (the plan holds placeholders).</summary>
    public IEnumerable<GeneratedCredential> GeneratedCredentials => Companions.SelectMany(c => c.Credentials);

    /// <summary>Every object in render order: the Namespace, each database's objects, then each service's.</summary>
    public IEnumerable<IKubernetesObject<V1ObjectMeta>> AllObjects()
    {
        yield return Namespace;
        foreach (var companion in Companions)
        {
            foreach (var o in companion.Objects)
            {
                yield return o;
            }
        }

        foreach (var service in Services)
        {
            foreach (var o in service.Objects)
            {
                yield return o;
            }
        }
    }
}

/// <summary>The plan of one <c>k8s-service</c> module.</summary>
public sealed record ServicePlan
{
    public required string ModuleName { get; init; }

    /// <summary>The module's index in the service file's <c>modules</c> list.</summary>
    public required int ModuleIndex { get; init; }

    /// <summary>Where the module's <c>image</c> is written, for messages about the image.</summary>
    public required Diagnostics.SourcePosition ImagePosition { get; init; }

    /// <summary>
    /// The module's objects in render order: ServiceAccount, Service, Deployment or StatefulSet,
    /// HorizontalPodAutoscaler, PodDisruptionBudget, Secret, Ingresses, CronJobs (each only when planned).
    /// </summary>
    public required IReadOnlyList<IKubernetesObject<V1ObjectMeta>> Objects { get; init; }

    public required ImagePlan Image { get; init; }

    /// <summary>
    /// The Service's in-cluster DNS name, <c>&lt;service&gt;.&lt;namespace&gt;.svc.cluster.local</c>; null for a worker
    /// (a module without ports), which has no Service.
    /// </summary>
    public required string? ServiceDnsName { get; init; }

    /// <summary>Where <c>public_uri</c> routes from: <c>http://host/path</c>, or <c>http://*/path</c> for any host.</summary>
    public required IReadOnlyList<string> PublicUrls { get; init; }

    /// <summary>The database modules the service links to: their Service and Secret come first.</summary>
    public IReadOnlyList<string> LinkedCompanions { get; init; } = [];

    public T? Find<T>()
        where T : class => Objects.OfType<T>().FirstOrDefault();
}

public enum ImageSource
{
    /// <summary>An external reference, used verbatim.</summary>
    External,

    /// <summary><c>AUTO</c> with a tag given (<c>--image-tag</c>, or the Pulumi config <c>opta-infra:imageTag</c>).</summary>
    AutoTagged,

    /// <summary><c>AUTO</c> built from a Dockerfile; the tag derives from the build context's content.</summary>
    AutoBuild,

    /// <summary><c>AUTO</c> with no tag and no Dockerfile: nothing to run yet, so no workload is planned.</summary>
    AutoUnresolved,
}

/// <summary>Which image the module's containers run.</summary>
public sealed record ImagePlan
{
    public required ImageSource Source { get; init; }

    /// <summary>The reference the containers use; null when <see cref="ImageSource.AutoUnresolved"/>.</summary>
    public string? Reference { get; init; }

    /// <summary>For <c>AUTO</c>: <c>&lt;registry&gt;/&lt;layer&gt;/&lt;module&gt;</c>.</summary>
    public string? Repository { get; init; }

    /// <summary>For <c>AUTO</c>: the registry host (<c>localhost:5000</c>).</summary>
    public string? Registry { get; init; }

    public string? Tag { get; init; }

    public ImageBuildPlan? Build { get; init; }
}

/// <summary>An image to build before deploying; its tag is known before anything is built.</summary>
public sealed record ImageBuildPlan
{
    /// <summary>Absolute path of the build context.</summary>
    public required string Context { get; init; }

    /// <summary>Absolute path of the Dockerfile.</summary>
    public required string Dockerfile { get; init; }

    public required string Repository { get; init; }

    /// <summary>Derived from the build context's content (honouring <c>.dockerignore</c>).</summary>
    public required string Tag { get; init; }

    public string Platform { get; init; } = "linux/amd64";

    public string Reference => $"{Repository}:{Tag}";
}
