using System.Collections.Immutable;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Moq;
using Opta.Infra.Components;
using Opta.Planning;
using Pulumi;
using Pulumi.Testing;

namespace Opta.Infra.Tests.Support;

/// <summary>What the program asked Pulumi to create: the resource objects and, per registration, the serialized inputs.</summary>
internal sealed record StackRun(ImmutableArray<Resource> Resources, IReadOnlyList<MockResourceArgs> Registrations)
{
    public OptaStack Stack => Resources.OfType<OptaStack>().Single();

    public IEnumerable<MockResourceArgs> Kubernetes =>
        Registrations.Where(r => r.Type!.StartsWith("kubernetes:", StringComparison.Ordinal));

    public MockResourceArgs Single(string type) => Registrations.Single(r => r.Type == type);
}

/// <summary>Runs <see cref="OptaStack"/> under Pulumi's test engine with a Moq <see cref="IMocks"/>.</summary>
internal static class PulumiHarness
{
    public const string ProjectName = "opta-infra";
    public const string StackName = "staging";

    /// <summary>The stack's <c>opta-infra:secrets</c> in every run (the fixture's env_vars reference it).</summary>
    public static readonly IReadOnlyDictionary<string, string> Secrets = new Dictionary<string, string> { ["DB_PASSWORD"] = "s3cr3t" };

    /// <summary>The stack's <c>opta-infra:credentialSeed</c> in the example runs.</summary>
    public const string CredentialSeed = "test-seed-0123456789abcdef";

    /// <summary>What the stack passes the engine for the example runs below, for planning the expected objects.</summary>
    public static PlanOptions PlanOptions => new() { Environment = StackName, Secrets = Secrets.GetValueOrDefault };

    /// <summary>The engine's plan for an example, as the stack sees it.</summary>
    public static EnvironmentPlan Plan(string example) => OptaEngine.Plan(Repo.ServiceFile(example), PlanOptions).PlanOrThrow();

    /// <summary>Runs the stack with the given <c>opta-infra:*</c> config (keys without the namespace).</summary>
    public static async Task<StackRun> RunAsync(IReadOnlyDictionary<string, string> config, string stackName = StackName, bool preview = false)
    {
        Environment.SetEnvironmentVariable(
            "PULUMI_CONFIG",
            JsonSerializer.Serialize(config.ToDictionary(e => $"{ProjectName}:{e.Key}", e => e.Value)));
        Environment.SetEnvironmentVariable("PULUMI_CONFIG_SECRET_KEYS", JsonSerializer.Serialize(new[] { $"{ProjectName}:secrets", $"{ProjectName}:{GeneratedCredentials.SeedKey}" }));

        var (mocks, registrations) = Mocks(preview);
        var resources = await Pulumi.Deployment.TestAsync<OptaStack>(mocks, Options(stackName, preview));
        return new StackRun(resources, registrations);
    }

    /// <summary>Runs <paramref name="declare"/> as a Pulumi program, for testing pieces without the stack.</summary>
    public static async Task<StackRun> RunAsync(Action declare)
    {
        var (mocks, registrations) = Mocks(preview: false);
        var resources = await Pulumi.Deployment.TestAsync(mocks, Options(StackName, preview: false), declare);
        return new StackRun(resources, registrations);
    }

    private static TestOptions Options(string stackName, bool preview) =>
        new() { IsPreview = preview, ProjectName = ProjectName, StackName = stackName };

    /// <summary>A Moq <see cref="IMocks"/> that records every registration and echoes inputs as state.</summary>
    /// <remarks>
    /// In a preview the Docker provider neither builds nor pushes, so it reports no digest: the mock leaves
    /// <c>repoDigest</c> out, which makes it unknown, as in <c>pulumi preview</c>.
    /// </remarks>
    private static (IMocks Mocks, List<MockResourceArgs> Registrations) Mocks(bool preview)
    {
        var registrations = new List<MockResourceArgs>();
        var mocks = new Mock<IMocks>();
        mocks.Setup(m => m.NewResourceAsync(It.IsAny<MockResourceArgs>()))
            .ReturnsAsync((MockResourceArgs args) =>
            {
                lock (registrations)
                {
                    registrations.Add(args);
                }

                var state = args.Inputs;
                if (args.Type == "docker:index/image:Image" && !preview)
                {
                    // What the provider reports after the push; the workloads must run this, not the tag.
                    state = state.Add("repoDigest", Digest((string)args.Inputs["imageName"]));
                }

                return (args.Id ?? $"{args.Name}_id", (object)state);
            });
        mocks.Setup(m => m.CallAsync(It.IsAny<MockCallArgs>()))
            .ReturnsAsync((MockCallArgs args) => (object)args.Args);
        return (mocks.Object, registrations);
    }

    public static Task<StackRun> RunExampleAsync(string example, IReadOnlyDictionary<string, string>? extra = null, bool preview = false)
    {
        var config = new Dictionary<string, string>
        {
            ["file"] = Repo.ServiceFile(example),
            ["secrets"] = JsonSerializer.Serialize(Secrets),
            [GeneratedCredentials.SeedKey] = CredentialSeed,
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            config[key] = value;
        }

        return RunAsync(config, preview: preview);
    }

    /// <summary>The digest the mocked registry reports for a pushed image: <c>repo@sha256:…</c>, derived from the name.</summary>
    public static string Digest(string imageName)
    {
        var repository = imageName[..imageName.LastIndexOf(':')];
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(imageName)));
        return $"{repository}@sha256:{hash}";
    }

    /// <summary>
    /// The resource whose child <paramref name="resource"/> is. Pulumi exposes no public parent accessor, so this
    /// reads the SDK's internal child set; if that ever moves, this throws rather than passing.
    /// </summary>
    public static Resource? ParentOf(Resource resource, IEnumerable<Resource> all)
    {
        var children = typeof(Resource).GetProperty("ChildResources", BindingFlags.Instance | BindingFlags.NonPublic)
            ?? throw new InvalidOperationException("Pulumi.Resource.ChildResources not found; update ParentOf");
        return all.SingleOrDefault(candidate =>
            children.GetValue(candidate) is HashSet<Resource> set && set.Contains(resource));
    }
}
