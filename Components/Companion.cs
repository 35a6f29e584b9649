using Opta.Infra.Mapping;
using Opta.Planning;
using Pulumi;

namespace Opta.Infra.Components;

/// <summary>What a <see cref="Companion"/> deploys: the engine's plan of one database module, and where.</summary>
public sealed record CompanionArgs
{
    public required CompanionPlan Plan { get; init; }

    /// <summary>The environment's Namespace; every object waits for it.</summary>
    public required Resource Namespace { get; init; }

    /// <summary>The generated credentials, by the placeholder the plan holds for each (secret outputs).</summary>
    public required IReadOnlyDictionary<string, Input<string>> Credentials { get; init; }
}

/// <summary>
/// One database module deployed in the cluster (<c>postgres</c>, <c>mysql</c>, <c>redis</c>, <c>mongodb</c>): its
/// credentials Secret, Service and StatefulSet, one typed resource per object the engine planned, with the
/// generated passwords in place of the plan's placeholders. It decides nothing about the objects themselves.
/// </summary>
public sealed class Companion : ComponentResource
{
    public Companion(string name, CompanionArgs args, ComponentResourceOptions? options = null)
        : base(Opta.Output.PulumiImportFile.CompanionType(args.Plan.Kind), name, options)
    {
        var plan = args.Plan;
        var mapper = new KubernetesArgsMapper(generated: args.Credentials);
        var resources = new List<CustomResource>();
        var before = new List<Resource> { args.Namespace };
        foreach (var obj in plan.Objects)
        {
            var json = KubernetesArgsMapper.ToJson(obj);
            // The StatefulSet waits for its Secret and Service; the database reads its password only when it first
            // initialises its volume, so a second `up` (same seed, same password) changes nothing.
            var resource = KubernetesResources.Declare(obj.Metadata.Name, obj, json, mapper, new CustomResourceOptions { Parent = this, DependsOn = before.ToArray() });
            resources.Add(resource);
            if (obj is k8s.Models.V1Secret)
            {
                Secret = resource;
            }
            else if (obj is k8s.Models.V1Service)
            {
                Service = resource;
            }

            if (!KubernetesResources.IsWorkload(obj))
            {
                before.Add(resource);
            }
        }

        Resources = resources;
        Host = Pulumi.Output.Create(plan.Host);
        Port = Pulumi.Output.Create(plan.Port);
        SecretName = Pulumi.Output.Create(plan.SecretName);
        RegisterOutputs(new Dictionary<string, object?>
        {
            ["host"] = Host,
            ["port"] = Port,
            ["secretName"] = SecretName,
        });
    }

    /// <summary>The Kubernetes resources, in the plan's order.</summary>
    public IReadOnlyList<CustomResource> Resources { get; }

    /// <summary>The credentials Secret and the Service: what the services linking to the database wait for.</summary>
    public CustomResource? Secret { get; }

    public CustomResource? Service { get; }

    [Output("host")]
    public Output<string> Host { get; private set; }

    [Output("port")]
    public Output<int> Port { get; private set; }

    [Output("secretName")]
    public Output<string> SecretName { get; private set; }
}
