using Opta.Planning;

namespace Opta.Cli.Push;

/// <summary>What <c>opta-infra push</c> was asked to do.</summary>
public sealed record PushRequest
{
    public required string ServiceFile { get; init; }

    public string? Environment { get; init; }

    public required string Module { get; init; }

    /// <summary>The local image, <c>IMAGE:TAG</c>, as typed.</summary>
    public required string Image { get; init; }

    /// <summary>The tag in the registry; the local tag when null.</summary>
    public string? Tag { get; init; }

    public string Registry { get; init; } = PlanOptions.DefaultRegistry;
}

/// <summary>What was pushed.</summary>
public sealed record PushOutcome(string Reference, string Tag, string Digest);
