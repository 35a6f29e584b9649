namespace Opta.Planning;

/// <summary>What the caller chooses for a run: the environment, the registry, an image tag.</summary>
public sealed record PlanOptions
{
    public const string DefaultRegistry = "localhost:5000";
    public const string DefaultIngressClass = "nginx";

    /// <summary>The <c>environments[].name</c> to plan; may be null when the file has exactly one.</summary>
    public string? Environment { get; init; }

    public string Registry { get; init; } = DefaultRegistry;

    /// <summary>Tag for <c>image: AUTO</c> modules (from <c>--image-tag</c> or <c>opta-infra:imageTag</c>).</summary>
    public string? ImageTag { get; init; }

    public string IngressClass { get; init; } = DefaultIngressClass;

    /// <summary>Values for <c>input_variables</c> (<c>--var NAME=value</c>).</summary>
    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Values of <c>{secret.NAME}</c> in env_vars (the CLI reads <c>OPTA_SECRET_NAME</c>, the Pulumi program the
    /// <c>opta-infra:secrets</c> config); null means none can be supplied, so any reference is an error.
    /// </summary>
    public Func<string, string?>? Secrets { get; init; }

    /// <summary>
    /// Folders outside the service file's repository whose files it may name (<c>--allow-path</c>,
    /// <c>opta-infra:allowPaths</c>); <c>/proc</c>, <c>/sys</c> and <c>/dev</c> stay refused.
    /// </summary>
    public IReadOnlyList<string> AllowedPaths { get; init; } = [];

    /// <summary>Where files are read from; the file system unless a diff reads a git revision.</summary>
    public Loading.ISourceReader? Reader { get; init; }

    /// <summary>Compute content tags for <c>AUTO</c> images with a Dockerfile (reads the build context).</summary>
    public bool ResolveImageBuilds { get; init; } = true;
}
