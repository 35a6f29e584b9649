using System.Text.RegularExpressions;
using Opta.Diagnostics;
using Opta.Images;
using Opta.Yaml;

namespace Opta.Tests.Security;

/// <summary>Small input never means long work: the bounds are checked as the input is scanned.</summary>
public sealed class BoundedWorkTests
{
    private const int HangGuard = 60_000;

    public static TheoryData<string, int, int> DeepInputs => new()
    {
        { new string('[', 100_000), 1, 65 },
        { new string('{', 100_000), 1, 65 },
        { "a: " + string.Concat(Enumerable.Repeat("[ ", 50_000)), 1, 4 + (64 * 2) },
        { "modules:\n  - " + string.Concat(Enumerable.Repeat("{a: ", 30_000)), 2, 5 + (64 * 4) },
        { "x: &a !t [" + new string('[', 100_000), 1, 74 },
        { "--- " + new string('[', 100_000), 1, 69 },
        { "a: 1\n--- [" + new string('[', 100_000), 2, 69 },
    };

    [Theory(Timeout = HangGuard)]
    [MemberData(nameof(DeepInputs))]
    public async Task Deep_flow_nesting_is_one_error_at_the_65th_bracket(string text, int line, int column)
    {
        var diagnostics = new DiagnosticBag();

        var node = await Task.Run(() => YamlLoader.Load(text, "deep.yaml", diagnostics));

        Assert.Null(node);
        var error = Assert.Single(diagnostics.Items);
        Assert.Equal("YAML nesting is deeper than 64 levels; opta.yaml never needs that much", error.Message);
        Assert.Equal((line, column), (error.Position.Line, error.Position.Column));
    }

    public static TheoryData<string> NotNesting => new()
    {
        "a: \"" + new string('[', 1000) + "\"\n",
        "a: '" + new string('{', 1000) + "'\n",
        "a: x" + new string('[', 1000) + "\n",
        "# " + new string('[', 1000) + "\nb: 1\n",
        "a: |\n  " + new string('[', 1000) + "\n  more\nb: 1\n",
        "a: [\"" + new string(']', 10) + new string('[', 1000) + "\", '[[[[', x]\n",
    };

    [Theory]
    [MemberData(nameof(NotNesting))]
    public void Brackets_in_values_comments_and_block_scalars_are_not_nesting(string text)
    {
        var diagnostics = new DiagnosticBag();

        Assert.NotNull(YamlLoader.Load(text, "f.yaml", diagnostics));
        Assert.Empty(diagnostics.Items);
    }

    [Fact]
    public void Nesting_of_exactly_64_levels_is_accepted()
    {
        var diagnostics = new DiagnosticBag();

        Assert.NotNull(YamlLoader.Load(new string('[', 64) + new string(']', 64), "f.yaml", diagnostics));
        Assert.Empty(diagnostics.Items);
    }

    [Fact]
    public void A_NUL_character_is_refused_with_its_position()
    {
        var diagnostics = new DiagnosticBag();

        Assert.Null(YamlLoader.Load("name: shop\nmodules: []\n\0\0\0\0", "f.yaml", diagnostics));
        var error = Assert.Single(diagnostics.Items);
        Assert.StartsWith("the file holds a NUL character (line 3, column 1)", error.Message, StringComparison.Ordinal);
        Assert.Equal((3, 1), (error.Position.Line, error.Position.Column));
    }

    [Fact]
    public void Too_many_nodes_without_aliases_says_so_and_does_not_blame_aliases()
    {
        var diagnostics = new DiagnosticBag();
        var text = "[" + string.Join(", ", Enumerable.Repeat("a", 2000)) + "]";

        Assert.Null(YamlLoader.Load(text, "f.yaml", diagnostics, new YamlLimits { MaxExpandedNodes = 1000 }));
        var error = Assert.Single(diagnostics.Items);
        Assert.Equal("the document has more than 1,000 nodes (values, lists and maps); opta.yaml never needs that many, so it is refused", error.Message);
    }

    [Fact]
    public void Dockerignore_matching_uses_no_regex()
    {
        var fields = typeof(DockerIgnore).GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)
            .Concat(typeof(DockerIgnore.Glob).GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic));

        Assert.DoesNotContain(fields, f => f.FieldType.ToString().Contains(nameof(Regex), StringComparison.Ordinal));
    }

    [Fact(Timeout = HangGuard)]
    public async Task A_pattern_of_many_stars_against_a_long_name_is_matched_in_one_pass()
    {
        var ignore = new DockerIgnore(["*a*a*a*a*a*a*a*a*a*a*a*a*b", "**/**/**/**/**/**/**/**/c"]);
        var name = new string('a', 20_000);
        var deep = string.Join('/', Enumerable.Repeat("a", 5_000));

        var results = await Task.Run(() => (ignore.IsExcluded(name), ignore.IsExcluded(name + "b"), ignore.IsExcluded(deep), ignore.IsExcluded(deep + "/c")));

        Assert.Equal((false, true, false, true), results);
    }
}
