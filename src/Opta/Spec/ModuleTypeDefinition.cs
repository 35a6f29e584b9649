namespace Opta.Spec;

/// <summary>What opta-infra does with a module of a type Opta knew.</summary>
public enum ModuleHandling
{
    /// <summary>Planned as Kubernetes objects and deployed (k8s-service, the in-cluster databases).</summary>
    Deployed,

    /// <summary>A cloud resource opta-infra does not manage: one warning; links read Opta's <c>secret</c> Secret.</summary>
    External,

    /// <summary>An environment-level or Opta-runtime module with no place in a service: skipped with a warning.</summary>
    Skipped,
}

/// <summary>
/// One module type of opta.yaml: the <c>type:</c> names that mean it, its field table, and what opta-infra does with
/// it. The loader, the schema checker, the JSON Schema, the field reference and the planner all read it from here;
/// a new module type is a new definition in <see cref="ModuleTypes"/>, a reader and a planner.
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

    public ModuleHandling Handling { get; init; } = ModuleHandling.Deployed;

    /// <summary>For external and skipped types: why, as the warning and the reference say it.</summary>
    public string? HandlingNote { get; init; }

    /// <summary>
    /// True when keys beyond <see cref="Fields"/> are accepted unchecked: a module opta-infra does not deploy keeps
    /// whatever Opta's own module took.
    /// </summary>
    public bool AcceptsAnyField { get; init; }

    /// <summary>What a <c>links</c> entry to a module of this type gives the linking service (null: nothing to link).</summary>
    public LinkTarget? Link { get; init; }

    /// <summary>The database a deployed companion module runs (null for other types).</summary>
    public CompanionKind? Companion { get; init; }

    public bool IsModuleKey(FieldDefinition field) => ModuleKeys.Any(k => ReferenceEquals(k, field));
}

/// <summary>
/// What linking to a module gives: environment variables <c>&lt;module&gt;_&lt;var&gt;</c> read from a Secret
/// (<paramref name="Variables"/>), or cloud permissions (<paramref name="Permissions"/>, <paramref name="DefaultPermissions"/>
/// when the link names none), as Opta's <c>modules/linker_helper.py</c> had them.
/// </summary>
public sealed record LinkTarget(IReadOnlyList<string> Variables, IReadOnlyList<string> Permissions, IReadOnlyList<string> DefaultPermissions)
{
    public static LinkTarget Secrets(params string[] variables) => new(variables, [], []);

    public static LinkTarget Grants(string[] permissions, string[] defaults) => new([], permissions, defaults);

    public bool GivesVariables => Variables.Count > 0;
}

/// <summary>The databases opta-infra runs in the cluster, as Opta's <c>local-*</c> modules did.</summary>
public enum CompanionKind
{
    Postgres,
    MySql,
    Redis,
    MongoDb,
}
