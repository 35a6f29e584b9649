namespace Opta.Spec;

/// <summary>Whether opta-infra honours a field that Opta accepted.</summary>
public enum FieldSupport
{
    /// <summary>Honoured.</summary>
    Supported,

    /// <summary>Accepted with a deprecation warning; has no effect.</summary>
    Deprecated,

    /// <summary>Accepted with a warning that it is ignored (Helm- or Opta-runtime specific).</summary>
    Ignored,

    /// <summary>Refused with an error: the feature needs a cloud or Opta runtime that opta-infra does not provide.</summary>
    Unsupported,
}

/// <summary>One field of opta.yaml: its shape, default and documentation, in one place.</summary>
public sealed record FieldDefinition
{
    public required string Name { get; init; }

    public required FieldType Type { get; init; }

    public required string Description { get; init; }

    public bool Required { get; init; }

    /// <summary>The default as the field reference shows it (null: none).</summary>
    public string? Default { get; init; }

    public FieldSupport Support { get; init; } = FieldSupport.Supported;

    /// <summary>For deprecated, ignored and unsupported fields: what the user should do instead.</summary>
    public string? SupportNote { get; init; }

    /// <summary>What Opta did with the field.</summary>
    public string? Opta { get; init; }

    /// <summary>Where opta-infra differs from Opta (null: it behaves the same).</summary>
    public string? Difference { get; init; }

    /// <summary>True when Opta had no such field and opta-infra added it.</summary>
    public bool New { get; init; }
}
