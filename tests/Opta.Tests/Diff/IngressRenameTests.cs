using Opta.Diffing;
using Opta.Tests.Support;

namespace Opta.Tests.Diff;

/// <summary>
/// An Ingress is named after its route's hash, so a changed <c>public_uri</c> is a create and a delete: the diff
/// says why, on both sides.
/// </summary>
public sealed class IngressRenameTests
{
    private static List<Manifest> Manifests(string moduleBody)
    {
        using var project = TempProject.WithModule(moduleBody);
        return PlanAssert.Ok(project.Plan()).AllObjects().Select(Manifest.FromObject).ToList();
    }

    private const string Web = "name: web\nimage: nginx\nport: {http: 80}\n";

    [Theory]
    [InlineData("public_uri: /a", "public_uri: /b", 1)]
    [InlineData("public_uri: [/a, /keep]", "public_uri: [/b, /keep]", 1)]
    [InlineData("public_uri: /a", "public_uri: example.com/a", 1)]
    [InlineData("public_uri: [/a, /b]", "public_uri: [/c, /d]", 2)]
    public void A_changed_route_is_a_create_and_a_delete_that_explain_each_other(string before, string after, int renamed)
    {
        var diff = ManifestDiffer.Diff(Manifests(Web + before), Manifests(Web + after));

        var creates = diff.Changes.Where(c => c.Action == ObjectAction.Create).ToList();
        var deletes = diff.Changes.Where(c => c.Action == ObjectAction.Delete).ToList();
        Assert.Equal((renamed, renamed), (creates.Count, deletes.Count));
        Assert.All(creates, c => Assert.Equal(
            "renamed Ingress: its name carries a hash of its route (public_uri domain and path, as Opta named Ingresses), so a changed route is a new Ingress, "
            + $"replacing {string.Join(", ", deletes.Select(d => d.Key.Name))}; Pulumi creates it before it deletes the old one, so the service is never without an Ingress", c.Note));
        Assert.All(deletes, d => Assert.Equal(
            $"replaced by {string.Join(", ", creates.Select(c => c.Key.Name))}: the route changed, and the Ingress name carries the route's hash; deleted after the new one exists", d.Note));
        Assert.DoesNotContain(diff.Changes, c => c.Action == ObjectAction.Update && c.Note is not null);
    }

    [Theory]
    [InlineData("public_uri: /a", "")]
    [InlineData("", "public_uri: /a")]
    [InlineData("public_uri: /a", "public_uri: [/a, /b]")]
    public void An_added_or_removed_route_alone_needs_no_note(string before, string after)
    {
        var diff = ManifestDiffer.Diff(Manifests(Web + before), Manifests(Web + after));

        Assert.True(diff.HasChanges);
        Assert.All(diff.Changes, c => Assert.Null(c.Note));
    }

    [Fact]
    public void The_text_and_json_output_carry_the_note()
    {
        using var project = TempProject.WithModule(Web + "public_uri: /a");
        Assert.Equal(0, Support.Cli.Run(project.Dir, "render", "-c", "opta.yaml", "-o", "base").ExitCode);
        project.Write("opta.yaml", File.ReadAllText(project.ServiceFile).Replace("public_uri: /a", "public_uri: /b"));

        var text = DiffRun.Process(project.Dir, "diff", "-c", "opta.yaml", "--base", "base");
        var json = DiffRun.Process(project.Dir, "diff", "-c", "opta.yaml", "--base", "base", "--output", "json");

        Assert.Equal(2, text.ExitCode);
        var lines = text.Output.Split('\n');
        var create = Array.FindIndex(lines, l => l.StartsWith("+ create Ingress shop/shop-web-k8s-service-", StringComparison.Ordinal));
        Assert.StartsWith("    # renamed Ingress: its name carries a hash of its route", lines[create + 1], StringComparison.Ordinal);
        var delete = Array.FindIndex(lines, l => l.StartsWith("- delete Ingress shop/shop-web-k8s-service-", StringComparison.Ordinal));
        Assert.StartsWith("    # replaced by shop-web-k8s-service-", lines[delete + 1], StringComparison.Ordinal);
        var changes = System.Text.Json.Nodes.JsonNode.Parse(json.Output)!["changes"]!.AsArray();
        Assert.Equal(2, changes.Count(c => c!["note"] is not null));
    }
}
