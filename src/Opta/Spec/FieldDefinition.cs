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

    /// <summary>
    /// The value the reader uses when the field is absent (null: none): an <see cref="int"/> for integer and quantity
    /// fields (a quantity's in Opta's unit), a <see cref="bool"/> or a <see cref="string"/>. The field reference and
    /// the JSON Schema show the same value, so the three cannot disagree; <see cref="FieldDefaults.Fits"/> says
    /// whether it suits <see cref="Type"/> (a test checks every table).
    /// </summary>
    public object? Default { get; init; }

    /// <summary>How the reference shows a default that is no single value (computed from other fields); null: <see cref="Default"/> is shown.</summary>
    public string? DefaultText { get; init; }

    /// <summary>The default as the field reference and hover texts show it (null: none).</summary>
    public string? DefaultDisplay => DefaultText ?? FieldDefaults.Display(Type, Default);

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
