namespace Opta.Spec;

/// <summary>
/// One module type of opta.yaml: the <c>type:</c> names that mean it and its field table. The loader, the schema
/// checker, the JSON Schema and the field reference all read it from here; a new module type is a new definition
/// in <see cref="ModuleTypes"/>, a reader and a planner.
/// </summary>
public sealed record ModuleTypeDefinition
{
    /// <summary>The canonical type name (<c>k8s-service</c>).</summary>
    public required string Name { get; init; }

    /// <summary>Every <c>type:</c> value that means this module type, the canonical one first.</summary>
    public required IReadOnlyList<string> TypeNames { get; init; }

    /// <summary>The keys every module has (<c>type</c>, <c>name</c>, …): used as written, never interpolated.</summary>
    public required IReadOnlyList<FieldDefinition> ModuleKeys { get; init; }

    /// <summary>Every key the module accepts: <see cref="ModuleKeys"/>, then the type's own fields.</summary>
    public required ObjectType Fields { get; init; }

    /// <summary>The name of its definition in the JSON Schema (<c>k8sServiceModule</c>).</summary>
    public required string SchemaName { get; init; }

    /// <summary>The JSON Schema's description of the module.</summary>
    public required string SchemaDescription { get; init; }

    /// <summary>The field reference's section title and its first paragraph.</summary>
    public required string ReferenceTitle { get; init; }

    public required string ReferenceIntro { get; init; }

    public bool IsModuleKey(FieldDefinition field) => ModuleKeys.Any(k => ReferenceEquals(k, field));
}
