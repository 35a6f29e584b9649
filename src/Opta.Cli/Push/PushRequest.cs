using Opta.Planning;

namespace Opta.Cli.Push;

/// <summary>What <c>opta-infra push</c> was asked to do.</summary>
public sealed record PushRequest
{
    public required string ServiceFile { get; init; }

    /// <summary>Environment, registry and input variables for planning the service file.</summary>
    public PlanOptions Plan { get; init; } = new();

    public required string Module { get; init; }

    /// <summary>The local image, <c>IMAGE:TAG</c>, as typed.</summary>
    public required string Image { get; init; }

    /// <summary>The tag in the registry; the local tag when null.</summary>
    public string? Tag { get; init; }

    public string Registry => Plan.Registry;

    public string? Environment => Plan.Environment;
}

/// <summary>What was pushed.</summary>
public sealed record PushOutcome(string Reference, string Tag, string Digest);
