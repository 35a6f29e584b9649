using System.Text.Json.Nodes;
using k8s.Models;
using Opta.Diffing;
using static Opta.Tests.Diff.Objects;

namespace Opta.Tests.Diff;

public sealed class ManifestDifferTests
{
    private static string Show(JsonNode? node) => node?.ToJsonString() ?? "null";

    private static IReadOnlyList<string> Lines(ObjectChange change) =>
        change.Fields.Select(f => $"{f.Kind} {f.Path}: {Show(f.Old)} => {Show(f.New)}").ToList();

    [Fact]
    public void Identical_plans_have_no_changes_and_count_every_object_as_unchanged()
    {
        var diff = ManifestDiffer.Diff(Manifests(Namespace(), Service(), Deployment()), Manifests(Namespace(), Service(), Deployment()));

        Assert.False(diff.HasChanges);
        Assert.Equal(3, diff.Unchanged);
        Assert.Equal("Plan: 0 to create, 0 to update, 0 to delete.", diff.Summary);
    }

    [Fact]
    public void A_changed_image_is_an_update_at_the_container_matched_by_name()
    {
        var diff = ManifestDiffer.Diff(Manifests(Deployment()), Manifests(Deployment(image: "registry.example/app:2.0")));

        var change = Assert.Single(diff.Changes);
        Assert.Equal(ObjectAction.Update, change.Action);
        Assert.Equal(new ObjectKey("apps/v1", "Deployment", "web", "app"), change.Key);
        Assert.Equal(["Changed spec.template.spec.containers[name=app].image: \"registry.example/app:1.0\" => \"registry.example/app:2.0\""], Lines(change));
        Assert.Equal("Plan: 0 to create, 1 to update, 0 to delete.", diff.Summary);
    }

    [Fact]
    public void Env_and_port_changes_are_paths_by_name_with_typed_values()
    {
        var before = Deployment(env: [Env("A", "1"), Env("B", "2")], port: 8080);
        var after = Deployment(env: [Env("A", "one"), Env("C", "3")], port: 9090);

        var change = Assert.Single(ManifestDiffer.Diff(Manifests(before), Manifests(after)).Changes);

        Assert.Equal(
            [
                "Changed spec.template.spec.containers[name=app].env[name=A].value: \"1\" => \"one\"",
                "Added spec.template.spec.containers[name=app].env[name=C]: null => {\"name\":\"C\",\"value\":\"3\"}",
                "Removed spec.template.spec.containers[name=app].env[name=B]: {\"name\":\"B\",\"value\":\"2\"} => null",
                "Changed spec.template.spec.containers[name=app].ports[name=http].containerPort: 8080 => 9090",
            ],
            Lines(change));
    }

    [Fact]
    public void Keys_that_are_not_plain_words_are_quoted_in_the_path()
    {
        var change = Assert.Single(ManifestDiffer.Diff(Manifests(Deployment(version: "1.0")), Manifests(Deployment(version: "1.1"))).Changes);

        Assert.Equal(["Changed metadata.labels[\"app.kubernetes.io/version\"]: \"1.0\" => \"1.1\""], Lines(change));
    }

    [Fact]
    public void Reordering_named_items_is_a_change_because_env_order_matters_for_expansion()
    {
        var before = Deployment(env: [Env("A", "1"), Env("B", "$(A)")]);
        var after = Deployment(env: [Env("B", "$(A)"), Env("A", "1")]);

        var change = Assert.Single(ManifestDiffer.Diff(Manifests(before), Manifests(after)).Changes);

        Assert.Equal(["Reordered spec.template.spec.containers[name=app].env: [\"A\",\"B\"] => [\"B\",\"A\"]"], Lines(change));
    }

    [Fact]
    public void Lists_without_names_match_by_index()
    {
        var change = Assert.Single(ManifestDiffer.Diff(Manifests(Ingress("a.example")), Manifests(Ingress("b.example", "c.example"))).Changes);

        Assert.Equal("Changed spec.rules[0].host: \"a.example\" => \"b.example\"", Lines(change)[0]);
        Assert.StartsWith("Added spec.rules[1]: null => {\"host\":\"c.example\"", Lines(change)[1]);
        Assert.Equal(2, change.Fields.Count);
    }

    [Fact]
    public void New_objects_are_creates_in_plan_order_and_missing_ones_are_deletes_after_them()
    {
        var diff = ManifestDiffer.Diff(
            Manifests(Namespace(), Service(), Deployment()),
            Manifests(Namespace(), Deployment(image: "x:2"), Ingress("a.example")));

        Assert.Equal(
            [
                (ObjectAction.Update, "Deployment web/app (apps/v1)"),
                (ObjectAction.Create, "Ingress web/app (networking.k8s.io/v1)"),
                (ObjectAction.Delete, "Service web/app (v1)"),
            ],
            diff.Changes.Select(c => (c.Action, c.Key.ToString())));
        Assert.Equal(1, diff.Unchanged);
        Assert.Equal("Plan: 1 to create, 1 to update, 1 to delete.", diff.Summary);
    }

    [Fact]
    public void A_new_apiVersion_is_another_object()
    {
        var v1 = Service();
        var other = Service();
        other.ApiVersion = "v2";

        var diff = ManifestDiffer.Diff(Manifests(v1), Manifests(other));

        Assert.Equal([ObjectAction.Create, ObjectAction.Delete], diff.Changes.Select(c => c.Action));
    }

    [Fact]
    public void Secret_values_are_masked_but_their_keys_and_the_change_are_shown()
    {
        var before = Secret(new Dictionary<string, string> { ["DB_PASSWORD"] = "hunter2", ["OLD"] = "gone-value" });
        var after = Secret(new Dictionary<string, string> { ["DB_PASSWORD"] = "correct-horse", ["API_KEY"] = "s3cr3t" });

        var diff = ManifestDiffer.Diff(Manifests(before), Manifests(after));

        var change = Assert.Single(diff.Changes);
        Assert.Equal(
            [
                "Changed stringData.DB_PASSWORD: \"***\" => \"***\"",
                "Added stringData.API_KEY: null => \"***\"",
                "Removed stringData.OLD: \"***\" => null",
            ],
            Lines(change));
        Assert.All(change.Fields, f => Assert.True(f.Masked));
        var everything = string.Join("\n", Lines(change));
        Assert.DoesNotContain("hunter2", everything);
        Assert.DoesNotContain("correct-horse", everything);
        Assert.DoesNotContain("s3cr3t", everything);
    }

    [Fact]
    public void A_whole_data_map_added_to_a_Secret_is_masked_value_by_value()
    {
        var before = Secret(new Dictionary<string, string> { ["A"] = "1" });
        var after = Secret(new Dictionary<string, string> { ["A"] = "1" });
        after.Data = new Dictionary<string, byte[]> { ["TOKEN"] = "abc"u8.ToArray() };

        var change = Assert.Single(ManifestDiffer.Diff(Manifests(before), Manifests(after)).Changes);

        Assert.Equal(["Added data: null => {\"TOKEN\":\"***\"}"], Lines(change));
    }

    [Fact]
    public void Show_secrets_reveals_the_values()
    {
        var before = Secret(new Dictionary<string, string> { ["DB_PASSWORD"] = "hunter2" });
        var after = Secret(new Dictionary<string, string> { ["DB_PASSWORD"] = "correct-horse" });

        var change = Assert.Single(ManifestDiffer.Diff(Manifests(before), Manifests(after), new DiffOptions { ShowSecrets = true }).Changes);

        Assert.Equal(["Changed stringData.DB_PASSWORD: \"hunter2\" => \"correct-horse\""], Lines(change));
        Assert.False(change.Fields[0].Masked);
    }

    [Fact]
    public void Only_Secret_data_is_masked_not_the_same_keys_elsewhere()
    {
        var before = new V1ConfigMap { ApiVersion = "v1", Kind = "ConfigMap", Metadata = new V1ObjectMeta { Name = "c", NamespaceProperty = "web" }, Data = new Dictionary<string, string> { ["K"] = "a" } };
        var after = new V1ConfigMap { ApiVersion = "v1", Kind = "ConfigMap", Metadata = new V1ObjectMeta { Name = "c", NamespaceProperty = "web" }, Data = new Dictionary<string, string> { ["K"] = "b" } };

        var change = Assert.Single(ManifestDiffer.Diff(Manifests(before), Manifests(after)).Changes);

        Assert.Equal(["Changed data.K: \"a\" => \"b\""], Lines(change));
    }
}
