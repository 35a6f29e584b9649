using System.Collections.Immutable;
using Opta;
using Opta.Planning;
using Pulumi;

namespace Opta.Infra.Components;

/// <summary>
/// The stack: reads the <c>opta-infra:*</c> config, asks the engine for the plan, and declares one
/// <see cref="EnvironmentComponent"/> for it.
/// </summary>
public sealed class OptaStack : Stack
{
    public OptaStack()
    {
        var settings = OptaStackSettings.FromConfig();
        var result = OptaEngine.Plan(settings.File, settings.ToPlanOptions());
        EnvironmentPlan plan;
        try
        {
            plan = result.PlanOrThrow();
        }
        catch (OptaValidationException e)
        {
            // A RunException is printed as its message alone: the FILE:LINE:COL diagnostics, no stack trace.
            throw new RunException(e.Message);
        }

        if (result.Warnings.Any())
        {
            Log.Warn(result.FormatDiagnostics().TrimEnd());
        }

        var environment = new EnvironmentComponent(plan.EnvironmentName, plan, settings.CredentialSeed, new ComponentResourceOptions { Parent = this });
        Namespace = environment.NamespaceName;
        Services = Pulumi.Output
            .All(environment.Services.Select(service => Pulumi.Output
                .Tuple(service.ImageReference, service.ServiceDnsName, service.PublicUrls)
                .Apply(t => KeyValuePair.Create(service.GetResourceName(), Describe(t.Item1, t.Item2, t.Item3)))))
            .Apply(entries => entries.ToImmutableDictionary());
        Databases = Pulumi.Output.Create(plan.Companions.ToImmutableDictionary(
            c => c.ModuleName,
            c => ImmutableDictionary<string, object>.Empty
                .Add("type", c.Type)
                .Add("host", c.Host)
                .Add("port", c.Port)
                .Add("secretName", c.SecretName)));
    }

    /// <summary>Per database module: <c>type</c>, its in-cluster <c>host</c>, <c>port</c>, and the <c>secretName</c> holding its credentials.</summary>
    [Output("databases")]
    public Output<ImmutableDictionary<string, ImmutableDictionary<string, object>>> Databases { get; private set; }

    /// <summary>The Kubernetes namespace everything is deployed to.</summary>
    [Output("namespace")]
    public Output<string> Namespace { get; private set; }

    /// <summary>Per module: <c>image</c> (the deployed reference), <c>serviceDnsName</c>, <c>publicUrls</c>.</summary>
    [Output("services")]
    public Output<ImmutableDictionary<string, ImmutableDictionary<string, object>>> Services { get; private set; }

    private static ImmutableDictionary<string, object> Describe(string? image, string? serviceDnsName, ImmutableArray<string> publicUrls)
    {
        var description = ImmutableDictionary<string, object>.Empty.Add("publicUrls", publicUrls);
        // A worker (no ports) has no Service, so no DNS name; like the image, the key is left out rather than null.
        description = serviceDnsName is null ? description : description.Add("serviceDnsName", serviceDnsName);
        return image is null ? description : description.Add("image", image);
    }
}

/// <summary>The stack's configuration (<c>pulumi config set opta-infra:…</c>), with the documented defaults.</summary>
public sealed record OptaStackSettings
{
    public const string ConfigNamespace = "opta-infra";

    /// <summary>Absolute path of the service file.</summary>
    public required string File { get; init; }

    public required string Environment { get; init; }

    public required string Registry { get; init; }

    public string? ImageTag { get; init; }

    public required string IngressClass { get; init; }

    /// <summary>Values for <c>{secret.NAME}</c> in env_vars, from <c>opta-infra:secrets</c> (set with <c>--secret --path</c>).</summary>
    public IReadOnlyDictionary<string, string> Secrets { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Folders outside the repository whose files the service file may name, from <c>opta-infra:allowPaths</c>
    /// (a list; relative to the program folder).
    /// </summary>
    public IReadOnlyList<string> AllowPaths { get; init; } = [];
    /// <summary>The seed of generated database passwords (<c>opta-infra:credentialSeed</c>, a secret); null when not set.</summary>
    public Output<string>? CredentialSeed { get; init; }

    public static OptaStackSettings FromConfig()
    {
        var config = new Config(ConfigNamespace);
        return new OptaStackSettings
        {
            // Relative paths are relative to the program folder, which is where Pulumi runs the program.
            File = Path.GetFullPath(config.Get("file") ?? "opta.yaml"),
            Environment = config.Get("environment") ?? Pulumi.Deployment.Instance.StackName,
            Registry = config.Get("registry") ?? PlanOptions.DefaultRegistry,
            ImageTag = config.Get("imageTag"),
            IngressClass = config.Get("ingressClass") ?? PlanOptions.DefaultIngressClass,
            // Read as plain values because the engine plans synchronously. They stay secret where it matters:
            // they reach Kubernetes only through the module's Secret, whose data the Kubernetes provider
            // encrypts in the state and masks in previews.
            Secrets = config.GetObject<Dictionary<string, string>>("secrets") ?? new Dictionary<string, string>(),
            AllowPaths = config.GetObject<List<string>>("allowPaths") ?? [],
            CredentialSeed = config.GetSecret(GeneratedCredentials.SeedKey),
        };
    }

    public PlanOptions ToPlanOptions() => new()
    {
        Environment = Environment,
        Registry = Registry,
        ImageTag = ImageTag,
        IngressClass = IngressClass,
        Secrets = Secrets.GetValueOrDefault,
        AllowedPaths = AllowPaths,
    };
}
