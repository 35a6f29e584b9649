namespace Opta.Spec;

/// <summary>The keys every module has (<c>type</c>, <c>name</c>, <c>depends_on</c>), for one module type's names.</summary>
public static class ModuleKeyFields
{
    public static IReadOnlyList<FieldDefinition> For(IReadOnlyList<string> typeNames, string typeDescription) =>
    [
        new()
        {
            Name = "type", Type = new StringType(Allowed: typeNames), Required = true,
            Description = typeDescription,
        },
        new()
        {
            Name = "name", Type = new StringType(K8sServiceFields.ModuleNamePattern, "lowercase letters, digits and dashes, starting with a letter"),
            DefaultText = "the type without dashes",
            Description = $"The module's name: object names, link variables (`<name>_db_host`) and `{{module.<name>.…}}` derive from it. At most {K8sServiceFields.ModuleNameMaxLength} characters.",
        },
        new()
        {
            Name = "depends_on", Type = new ListType(new StringType()), Support = FieldSupport.Ignored,
            Description = "Terraform ordering between modules.",
            SupportNote = "opta-infra has no Terraform modules to order; remove it",
        },
    ];
}
