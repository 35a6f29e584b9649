using System.Collections.Immutable;
using k8s;
using k8s.Models;
using Opta.Infra.Components;
using Opta.Infra.Tests.Support;
using Opta.Planning;
using Pulumi;
using Pulumi.Utilities;

namespace Opta.Infra.Tests;

/// <summary>The resources the stack declares for the examples: types, names, parents, image and outputs.</summary>
public sealed class StackGraphTests
{
    private const string StackType = "pulumi:pulumi:Stack";

    [Theory]
    [MemberData(nameof(Repo.Cases), MemberType = typeof(Repo))]
    public async Task One_environment_owns_the_namespace_and_one_component_per_module_owns_its_objects(string example)
    {
        var plan = PulumiHarness.Plan(example);
        var run = await PulumiHarness.RunExampleAsync(example);

        var graph = run.Resources
            .Select(r => (Type: r.GetResourceType(), Name: r.GetResourceName(), Parent: Describe(PulumiHarness.ParentOf(r, run.Resources))))
            .ToHashSet();
        var environment = $"{EnvironmentComponent.TypeToken} {plan.EnvironmentName}";
        var expected = new HashSet<(string Type, string Name, string Parent)>
        {
            (EnvironmentComponent.TypeToken, "staging", StackType),
            ("kubernetes:core/v1:Namespace", example, environment),
        };
        foreach (var companion in plan.Companions)
        {
            var token = Opta.Output.PulumiImportFile.CompanionType(companion.Kind);
            expected.Add((token, companion.ModuleName, environment));
            foreach (var obj in companion.Objects)
            {
                expected.Add((TypeToken(obj), obj.Metadata.Name, $"{token} {companion.ModuleName}"));
            }
        }

        foreach (var service in plan.Services)
        {
            var component = $"{K8sService.TypeToken} {service.ModuleName}";
            expected.Add((K8sService.TypeToken, service.ModuleName, environment));
            if (service.Image.Build is not null)
            {
                expected.Add(("docker:index/image:Image", service.ModuleName, component));
            }

            foreach (var obj in service.Objects)
            {
                expected.Add((TypeToken(obj), obj.Metadata.Name, component));
            }
        }

        graph.RemoveWhere(r => r.Type == StackType);
        Assert.Equal(expected.Order(), graph.Order());
    }

    [Fact]
    public async Task Hello_deploys_its_published_image_with_a_route_and_no_build()
    {
        var run = await PulumiHarness.RunExampleAsync("hello");

        Assert.DoesNotContain(run.Registrations, r => r.Type == "docker:index/image:Image");
        var deployment = Tree.FromInputs(run.Single("kubernetes:apps/v1:Deployment").Inputs);
        Assert.Equal("ghcr.io/run-x/hello-opta/hello-opta:main", Tree.At(deployment, "spec", "template", "spec", "containers", 0, "image"));
        Assert.Null(Tree.At(deployment, "spec", "replicas"));
        var ingress = Tree.FromInputs(run.Single("kubernetes:networking.k8s.io/v1:Ingress").Inputs);
        Assert.Equal("true", Tree.At(ingress, "metadata", "annotations", Opta.Planning.PulumiAnnotations.SkipAwait));
        Assert.Equal("nginx", Tree.At(ingress, "spec", "ingressClassName"));
    }

    [Theory]
    [InlineData("hello", "kubernetes:apps/v1:Deployment")]
    [InlineData("everything", "kubernetes:apps/v1:StatefulSet")]
    public async Task Workloads_reach_Pulumi_with_the_prestop_sleep_action_and_its_grace_period(string example, string type)
    {
        var run = await PulumiHarness.RunExampleAsync(example);

        // Through Pulumi.Kubernetes' SleepActionArgs: no exec hook, so nothing is needed in the image.
        var pod = Tree.At(Tree.FromInputs(run.Single(type).Inputs), "spec", "template", "spec");
        Assert.Equal(new Dictionary<string, object?> { ["sleep"] = new Dictionary<string, object?> { ["seconds"] = 5.0 } }, Tree.At(pod, "containers", 0, "lifecycle", "preStop"));
        Assert.Equal(35.0, Tree.At(pod, "terminationGracePeriodSeconds"));
    }

    [Fact]
    public async Task Auto_builds_its_image_and_runs_it_by_digest()
    {
        var build = PulumiHarness.Plan("auto").Services.Single().Image.Build!;
        var run = await PulumiHarness.RunExampleAsync("auto");

        var image = Tree.FromInputs(run.Single("docker:index/image:Image").Inputs);
        Assert.Equal(build.Reference, Tree.At(image, "imageName"));
        Assert.StartsWith("localhost:5000/auto/web:", build.Reference);
        Assert.Equal("linux/amd64", Tree.At(image, "build", "platform"));
        Assert.Equal(build.Context, Path.GetFullPath((string)Tree.At(image, "build", "context")!));
        Assert.Equal(build.Dockerfile, Path.GetFullPath((string)Tree.At(image, "build", "dockerfile")!));
        Assert.False(Path.IsPathRooted((string)Tree.At(image, "build", "context")!), "the context is stored relative to the program folder");
        Assert.Equal(new Dictionary<string, object?> { ["server"] = "localhost:5000" }, Tree.At(image, "registry"));

        var deployment = Tree.FromInputs(run.Single("kubernetes:apps/v1:Deployment").Inputs);
        Assert.Equal(PulumiHarness.Digest(build.Reference), Tree.At(deployment, "spec", "template", "spec", "containers", 0, "image"));
        Assert.Null(Tree.At(deployment, "spec", "replicas"));
    }

    [Fact]
    public async Task In_a_preview_only_what_uses_the_unbuilt_image_is_unknown()
    {
        var run = await PulumiHarness.RunExampleAsync("auto", preview: true);

        // Pulumi's mock monitor reports a property with an unknown anywhere inside it as unknown altogether
        // (left out of the inputs); the real engine keeps the unknown at spec.template.spec.containers[0].image,
        // which `pulumi preview --diff` shows as output<string>.
        var deployment = Tree.FromInputs(run.Single("kubernetes:apps/v1:Deployment").Inputs);
        Assert.Null(Tree.At(deployment, "spec"));
        Assert.Equal("auto-web-k8s-service", Tree.At(deployment, "metadata", "name"));
        var autoscaler = Tree.FromInputs(run.Single("kubernetes:autoscaling/v2:HorizontalPodAutoscaler").Inputs);
        Assert.Equal(4.0, Tree.At(autoscaler, "spec", "maxReplicas"));
        var service = Tree.FromInputs(run.Single("kubernetes:core/v1:Service").Inputs);
        Assert.Equal("ClusterIP", Tree.At(service, "spec", "type"));
        Assert.False(await OutputUtilities.GetIsKnownAsync(run.Stack.Services));
    }

    [Fact]
    public async Task Stack_outputs_give_each_service_its_image_dns_name_and_public_urls()
    {
        var plan = PulumiHarness.Plan("auto");
        var service = plan.Services.Single();
        var run = await PulumiHarness.RunExampleAsync("auto");

        Assert.Equal("auto", await OutputUtilities.GetValueAsync(run.Stack.Namespace));
        var services = await OutputUtilities.GetValueAsync(run.Stack.Services);
        var web = services["web"];
        Assert.Equal(PulumiHarness.Digest(service.Image.Build!.Reference), web["image"]);
        Assert.Equal(service.ServiceDnsName, web["serviceDnsName"]);
        Assert.Equal("web.auto.svc.cluster.local", web["serviceDnsName"]);
        Assert.Equal(service.PublicUrls, (ImmutableArray<string>)web["publicUrls"]);
        Assert.NotEmpty((ImmutableArray<string>)web["publicUrls"]);
    }

    [Fact]
    public async Task A_worker_without_ports_has_no_service_and_no_dns_name_output()
    {
        var run = await PulumiHarness.RunExampleAsync("everything");

        var services = await OutputUtilities.GetValueAsync(run.Stack.Services);
        Assert.False(services["worker"].ContainsKey("serviceDnsName"));
        Assert.Equal("ghcr.io/example/worker:1.0", services["worker"]["image"]);
        Assert.Equal("api.everything.svc.cluster.local", services["api"]["serviceDnsName"]);
        Assert.DoesNotContain(run.Kubernetes, r => Equals(r.Inputs["kind"], "Service") && r.Name == "worker");
    }

    [Fact]
    public async Task Hello_stack_outputs_its_published_image()
    {
        var run = await PulumiHarness.RunExampleAsync("hello");

        var services = await OutputUtilities.GetValueAsync(run.Stack.Services);
        Assert.Equal("ghcr.io/run-x/hello-opta/hello-opta:main", services["hello"]["image"]);
    }

    [Fact]
    public async Task Services_linked_to_a_database_wait_for_its_secret_and_service()
    {
        var run = await PulumiHarness.RunExampleAsync("shop");

        var environment = run.Resources.OfType<EnvironmentComponent>().Single();
        var db = environment.Companions.Single(c => c.GetResourceName() == "db");
        var cache = environment.Companions.Single(c => c.GetResourceName() == "cache");
        Assert.Equal("opta:index:Postgres", db.GetResourceType());
        Assert.Equal("opta:index:Redis", cache.GetResourceType());
        foreach (var service in environment.Services)
        {
            Assert.Contains(db.Secret!, service.WorkloadDependencies);
            Assert.Contains(db.Service!, service.WorkloadDependencies);
            Assert.Contains(cache.Secret!, service.WorkloadDependencies);
            Assert.Contains(cache.Service!, service.WorkloadDependencies);
        }

        var hello = await PulumiHarness.RunExampleAsync("hello");
        Assert.DoesNotContain(hello.Resources.OfType<EnvironmentComponent>().Single().Services.Single().WorkloadDependencies, r => r is Companion);
    }

    [Fact]
    public async Task Generated_passwords_are_secret_stable_across_runs_and_distinct_per_stack_seed()
    {
        var first = await PulumiHarness.RunExampleAsync("shop");
        var second = await PulumiHarness.RunExampleAsync("shop");
        var otherSeed = await PulumiHarness.RunExampleAsync("shop", new Dictionary<string, string> { [GeneratedCredentials.SeedKey] = "another-seed" });

        string Password(StackRun run) =>
            (string)Tree.At(Tree.FromInputs(run.Registrations.Single(r => r.Type == "kubernetes:core/v1:Secret" && r.Name == "db-credentials").Inputs), "stringData", "db_password")!;
        Assert.Equal(Password(first), Password(second));
        Assert.NotEqual(Password(first), Password(otherSeed));
        Assert.Matches("^[A-Za-z0-9]{32}$", Password(first));
        Assert.DoesNotContain("generated", Password(first), StringComparison.Ordinal);

        // The mock monitor echoes inputs as plain state, so secretness is checked where the value is made.
        var derived = GeneratedCredentials.Derive(PulumiHarness.Plan("shop").GeneratedCredentials, Pulumi.Output.CreateSecret(PulumiHarness.CredentialSeed));
        Assert.All(derived.Values, v => Assert.True(Pulumi.Output.IsSecretAsync(v.ToOutput()).GetAwaiter().GetResult()));
    }

    [Fact]
    public async Task A_stack_with_databases_and_no_seed_stops_with_the_command_that_sets_one()
    {
        var config = new Dictionary<string, string> { ["file"] = Repo.ServiceFile("shop") };

        var error = await Assert.ThrowsAnyAsync<Exception>(() => PulumiHarness.RunAsync(config));

        Assert.Contains("pulumi config set --secret opta-infra:credentialSeed", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stack_outputs_give_each_database_its_in_cluster_host()
    {
        var run = await PulumiHarness.RunExampleAsync("shop");

        var databases = await OutputUtilities.GetValueAsync(run.Stack.Databases);
        Assert.Equal("db.shop.svc.cluster.local", databases["db"]["host"]);
        Assert.Equal(5432, databases["db"]["port"]);
        Assert.Equal("postgres", databases["db"]["type"]);
        Assert.Equal("cache.shop.svc.cluster.local", databases["cache"]["host"]);
        Assert.Equal("cache-credentials", databases["cache"]["secretName"]);
        Assert.Empty(await OutputUtilities.GetValueAsync((await PulumiHarness.RunExampleAsync("hello")).Stack.Databases));
    }

    private static string Describe(Resource? resource) =>
        resource switch
        {
            null => "(none)",
            Stack => StackType,
            _ => $"{resource.GetResourceType()} {resource.GetResourceName()}",
        };

    /// <summary>Pulumi's type token for a Kubernetes object: <c>kubernetes:&lt;group or core&gt;/&lt;version&gt;:&lt;Kind&gt;</c>.</summary>
    private static string TypeToken(IKubernetesObject<V1ObjectMeta> obj)
    {
        var apiVersion = obj.ApiVersion.Contains('/') ? obj.ApiVersion : $"core/{obj.ApiVersion}";
        return $"kubernetes:{apiVersion}:{obj.Kind}";
    }
}
