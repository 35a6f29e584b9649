using System.Text.Json.Nodes;

namespace Opta.Diffing;

public enum ObjectAction
{
    Create,
    Update,
    Delete,
}

public enum FieldChangeKind
{
    /// <summary>The field is new; <see cref="FieldChange.Old"/> is null.</summary>
    Added,

    /// <summary>The field is gone; <see cref="FieldChange.New"/> is null.</summary>
    Removed,

    /// <summary>The value changed.</summary>
    Changed,

    /// <summary>A list matched by <c>name</c> holds the same items in another order; the values are the names in order.</summary>
    Reordered,
}

/// <summary>
/// One changed field. <see cref="Path"/> is a YAML path such as <c>spec.template.spec.containers[name=app].image</c>:
/// list items that have a <c>name</c> are matched and shown by name, others by index (<c>rules[0]</c>); keys that are
/// not plain words are quoted (<c>metadata.labels["app.kubernetes.io/name"]</c>).
/// </summary>
public sealed record FieldChange(string Path, FieldChangeKind Kind, JsonNode? Old, JsonNode? New, bool Masked);

/// <summary>
/// What happens to one object; <see cref="Fields"/> is empty except for updates. <see cref="Note"/> says why, when
/// the action alone would surprise (an Ingress renamed because its route changed shows as a create and a delete).
/// </summary>
public sealed record ObjectChange(ObjectAction Action, ObjectKey Key, IReadOnlyList<FieldChange> Fields, string? Note = null);

/// <summary>The difference between a baseline and the current plan.</summary>
public sealed record PlanDiff(IReadOnlyList<ObjectChange> Changes, int Unchanged)
{
    public int Creates => Changes.Count(c => c.Action == ObjectAction.Create);

    public int Updates => Changes.Count(c => c.Action == ObjectAction.Update);

    public int Deletes => Changes.Count(c => c.Action == ObjectAction.Delete);

    public bool HasChanges => Changes.Count > 0;

    /// <summary><c>Plan: N to create, M to update, K to delete.</c></summary>
    public string Summary => $"Plan: {Creates} to create, {Updates} to update, {Deletes} to delete.";
}

/// <summary>Choices for a diff.</summary>
public sealed record DiffOptions
{
    /// <summary>Show the values of Secret <c>data</c> and <c>stringData</c> instead of <c>***</c>.</summary>
    public bool ShowSecrets { get; init; }
}
