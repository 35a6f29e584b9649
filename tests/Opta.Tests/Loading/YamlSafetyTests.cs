using Opta.Diagnostics;
using Opta.Tests.Support;
using Opta.Yaml;

namespace Opta.Tests.Loading;

public sealed class YamlSafetyTests
{
    [Fact]
    public void A_billion_laughs_file_is_refused_without_expanding_it()
    {
        var lines = new List<string> { "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]" };
        for (var c = 'b'; c <= 'j'; c++)
        {
            var prev = (char)(c - 1);
            lines.Add($"{c}: &{c} [{string.Join(", ", Enumerable.Repeat("*" + prev, 9))}]");
        }

        var diagnostics = new DiagnosticBag();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var node = YamlLoader.Load(string.Join("\n", lines), "laughs.yaml", diagnostics);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Null(node);
        var error = Assert.Single(diagnostics.Items);
        Assert.Contains("YAML aliases expand this document to more than", error.Message, StringComparison.Ordinal);
        Assert.True(allocated < 50_000_000, $"loading allocated {allocated:N0} bytes");
    }

    [Fact]
    public void Too_many_aliases_are_refused()
    {
        var text = "a: &a x\nb: [" + string.Join(", ", Enumerable.Repeat("*a", 10_001)) + "]";
        var diagnostics = new DiagnosticBag();

        Assert.Null(YamlLoader.Load(text, "f.yaml", diagnostics));
        Assert.Contains("more than 10000 YAML aliases", Assert.Single(diagnostics.Items).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deep_nesting_is_refused()
    {
        var text = new string('[', 200) + new string(']', 200);
        var diagnostics = new DiagnosticBag();

        Assert.Null(YamlLoader.Load(text, "f.yaml", diagnostics));
        Assert.Contains("nesting is deeper than 64 levels", Assert.Single(diagnostics.Items).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Aliases_and_merge_keys_work_within_bounds()
    {
        using var merged = new TempProject().Write("opta.yaml", """
            name: shop
            environments: [{name: staging, path: opta.yaml}]
            modules:
              - &a {type: k8s-service, name: a, image: nginx, port: {http: 80}}
              - <<: *a
                name: b
                image: httpd
            """);
        var plan = PlanAssert.Ok(merged.Plan());
        Assert.Equal(["a", "b"], plan.Services.Select(s => s.ModuleName));
    }

    [Fact]
    public void Syntax_errors_point_at_the_line_and_name_the_misaligned_key()
    {
        var diagnostics = new DiagnosticBag();
        YamlLoader.Load("name: hello\nenvironments:\n  - name: staging\n    path: x\n  modules:\n    - a\n", "opta.yaml", diagnostics);

        var error = Assert.Single(diagnostics.Items);
        Assert.Equal((5, 3), (error.Position.Line, error.Position.Column));
        Assert.Contains("the key 'modules' is indented 2 spaces", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_second_document_is_an_error()
    {
        var diagnostics = new DiagnosticBag();
        YamlLoader.Load("a: 1\n---\nb: 2\n", "f.yaml", diagnostics);

        Assert.Contains("more than one YAML document", Assert.Single(diagnostics.Items).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Oversized_files_are_refused_before_parsing()
    {
        using var project = new TempProject();
        File.WriteAllText(project.ServiceFile, "# " + new string('x', 9 * 1024 * 1024));

        Assert.Contains("over the limit of 8,388,608", PlanAssert.SingleError(project.Plan()).Message, StringComparison.Ordinal);
    }
}
