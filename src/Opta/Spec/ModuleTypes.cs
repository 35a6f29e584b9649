namespace Opta.Spec;

/// <summary>Every module type opta-infra reads, by the <c>type:</c> names that mean it.</summary>
public static class ModuleTypes
{
    public static IReadOnlyList<ModuleTypeDefinition> All { get; } = [K8sServiceFields.Definition];

    /// <summary>The definition a <c>type:</c> value means, or null for a type opta-infra does not read.</summary>
    public static ModuleTypeDefinition? Find(string type) =>
        All.FirstOrDefault(d => d.TypeNames.Contains(type, StringComparer.Ordinal));
}
