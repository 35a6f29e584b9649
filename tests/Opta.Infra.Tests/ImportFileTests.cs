using System.Text.Json.Nodes;
using Opta.Infra.Tests.Support;
using Opta.Output;
using Pulumi;

namespace Opta.Infra.Tests;

/// <summary>
/// <c>opta-infra import-file</c> adopts what Opta deployed only if its entries are the resources the program
/// registers: same type, same name, same parent. Checked against the stack itself, for every example.
/// </summary>
public sealed class ImportFileTests
{
    private const string StackType = "pulumi:pulumi:Stack";

    /// <summary>
    /// What the program registers and the file rightly leaves out: the stack (the import's root), and what Opta
    /// never created, so `pulumi up` creates it (the image build, the PodDisruptionBudget, the module's Secret).
    /// </summary>
    private static readonly HashSet<string> NotImported =
    [
        StackType,
        "docker:index/image:Image",
        "kubernetes:policy/v1:PodDisruptionBudget",
        "kubernetes:core/v1:Secret",
    ];

    [Theory]
    [MemberData(nameof(Repo.ExampleEnvironments), MemberType = typeof(Repo))]
    public async Task Every_entry_is_a_resource_the_stack_registers_with_that_type_name_and_parent(string example, string? environment)
    {
        var options = PulumiHarness.PlanOptions with { Environment = environment };
        var plan = OptaEngine.Plan(Repo.ServiceFile(example), options).PlanOrThrow();
        var entries = PulumiImportFile.Build(plan)["resources"]!.AsArray().Select(e => e!.AsObject()).ToList();
        var run = await PulumiHarness.RunExampleAsync(
            example, new Dictionary<string, string> { ["environment"] = plan.EnvironmentName });

        var registered = run.Resources
            .Select(r => (Type: r.GetResourceType(), Name: r.GetResourceName(), Parent: Describe(PulumiHarness.ParentOf(r, run.Resources))))
            .ToHashSet();
        var byKey = entries.ToDictionary(e => (string)e["name"]!);
        var imported = entries
            .Select(e => (
                Type: (string)e["type"]!,
                Name: (string)e["logicalName"]!,
                // No parent in the file: `pulumi import` puts the resource under the stack.
                Parent: e["parent"] is { } parent ? Describe(byKey[(string)parent!]) : StackType))
            .ToHashSet();

        Assert.Equal(entries.Count, imported.Count);
        Assert.Empty(imported.Except(registered).Select(Show));
        Assert.Empty(registered.Except(imported).Where(r => !NotImported.Contains(r.Type) && !InADatabase(r, plan, run.Resources)).Select(Show));
    }

    [Theory]
    [MemberData(nameof(Repo.ExampleEnvironments), MemberType = typeof(Repo))]
    public void A_database_deployed_in_the_cluster_is_not_adopted_and_is_named_on_stderr(string example, string? environment)
    {
        var options = PulumiHarness.PlanOptions with { Environment = environment };
        var plan = OptaEngine.Plan(Repo.ServiceFile(example), options).PlanOrThrow();
        var companionTypes = plan.Companions.Select(c => PulumiImportFile.CompanionType(c.Kind)).ToHashSet();

        var entries = PulumiImportFile.Build(plan)["resources"]!.AsArray().Select(e => e!.AsObject()).ToList();

        Assert.DoesNotContain(entries, e => companionTypes.Contains((string)e["type"]!));
        Assert.Equal(plan.Companions.Count, PulumiImportFile.NotAdopted(plan).Count);
    }

    /// <summary>
    /// A database component and what it holds: Opta's local databases were other objects (Bitnami releases in
    /// <c>paas-&lt;layer&gt;</c>), so `pulumi up` creates these (docs/migrating-from-opta.md, "Databases").
    /// </summary>
    private static bool InADatabase((string Type, string Name, string Parent) resource, Opta.Planning.EnvironmentPlan plan, IEnumerable<Resource> all)
    {
        var companions = plan.Companions.Select(c => $"{PulumiImportFile.CompanionType(c.Kind)} {c.ModuleName}").ToHashSet();
        return companions.Contains($"{resource.Type} {resource.Name}") || companions.Contains(resource.Parent);
    }

    [Theory]
    [MemberData(nameof(Repo.ExampleEnvironments), MemberType = typeof(Repo))]
    public async Task Each_id_is_the_namespace_and_name_the_registered_resource_deploys_and_components_are_components(string example, string? environment)
    {
        var options = PulumiHarness.PlanOptions with { Environment = environment };
        var plan = OptaEngine.Plan(Repo.ServiceFile(example), options).PlanOrThrow();
        var entries = PulumiImportFile.Build(plan)["resources"]!.AsArray().Select(e => e!.AsObject()).ToList();
        var run = await PulumiHarness.RunExampleAsync(
            example, new Dictionary<string, string> { ["environment"] = plan.EnvironmentName });

        foreach (var entry in entries)
        {
            var type = (string)entry["type"]!;
            var name = (string)entry["logicalName"]!;
            var resource = run.Resources.SingleOrDefault(r => r.GetResourceType() == type && r.GetResourceName() == name);
            Assert.True(resource is not null, $"{type} {name}: the stack registers no such resource");
            if (entry["component"] is { } component && (bool)component)
            {
                Assert.IsAssignableFrom<ComponentResource>(resource);
                Assert.Null(entry["id"]);
                continue;
            }

            Assert.IsAssignableFrom<CustomResource>(resource);
            var inputs = Tree.FromInputs(run.Registrations.Single(r => r.Type == type && r.Name == name).Inputs);
            var metadataName = (string)Tree.At(inputs, "metadata", "name")!;
            var id = Tree.At(inputs, "metadata", "namespace") is string ns ? $"{ns}/{metadataName}" : metadataName;
            Assert.Equal(id, (string?)entry["id"]);
        }
    }

    private static string Describe(Resource? resource) => resource switch
    {
        null => "(none)",
        Stack => StackType,
        _ => $"{resource.GetResourceType()} {resource.GetResourceName()}",
    };

    private static string Describe(JsonObject entry) => $"{(string)entry["type"]!} {(string)entry["logicalName"]!}";

    private static string Show((string Type, string Name, string Parent) resource) =>
        $"{resource.Type} {resource.Name} (parent {resource.Parent})";
}
