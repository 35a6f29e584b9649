namespace Opta.Yaml;

/// <summary>Bounds on what a YAML file may cost to load, so hostile input is refused quickly.</summary>
public sealed record YamlLimits
{
    public static YamlLimits Default { get; } = new();

    /// <summary>Largest file accepted, in bytes.</summary>
    public long MaxFileBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>Most nodes the document may have once every alias is counted as a copy of its anchor.</summary>
    public long MaxExpandedNodes { get; init; } = 2_000_000;

    /// <summary>Most alias uses (<c>*name</c>) in one file.</summary>
    public int MaxAliases { get; init; } = 10_000;

    /// <summary>Deepest nesting of maps and lists.</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>Longest scalar, in characters.</summary>
    public int MaxScalarLength { get; init; } = 256 * 1024;
}
