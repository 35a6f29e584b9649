using CsCheck;
using Opta.Bench;
using Opta.Tests.Properties;
using Opta.Tests.Support;
using Opta.Yaml;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Opta.Tests.Loading;

/// <summary>
/// The block parser and YamlDotNet's parser give the same events for every text the block parser takes: the same
/// kinds in the same order, the same values, styles and flags, and the same start positions (which diagnostics
/// use). The block parser may decline a text; it must never read one differently.
/// </summary>
public sealed class BlockYamlParserTests
{
    /// <summary>YamlDotNet's events for <paramref name="text"/>, or null when it refuses the text.</summary>
    private static List<ParsingEvent>? YamlDotNetEvents(string text)
    {
        var parser = new Parser(new StringReader(text));
        var events = new List<ParsingEvent>();
        try
        {
            while (parser.MoveNext())
            {
                events.Add(parser.Current!);
            }
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException or ArgumentException or FormatException or OverflowException or IndexOutOfRangeException)
        {
            return null;
        }

        return events;
    }

    private static string Describe(ParsingEvent e) => e switch
    {
        Scalar s => $"Scalar '{s.Value}' {s.Style} plain={s.IsPlainImplicit} quoted={s.IsQuotedImplicit} key={s.IsKey} tag={s.Tag} anchor={s.Anchor} at {At(s.Start)}",
        MappingStart m => $"MappingStart {m.Style} implicit={m.IsImplicit} tag={m.Tag} anchor={m.Anchor} at {At(m.Start)}",
        SequenceStart q => $"SequenceStart {q.Style} implicit={q.IsImplicit} tag={q.Tag} anchor={q.Anchor} at {At(q.Start)}",
        DocumentStart d => $"DocumentStart implicit={d.IsImplicit}",
        DocumentEnd d => $"DocumentEnd implicit={d.IsImplicit}",
        _ => e.GetType().Name,
    };

    private static string At(Mark mark) => $"{mark.Line}:{mark.Column}({mark.Index})";

    /// <summary>Null when the block parser declines; else its events, which must be YamlDotNet's.</summary>
    private static List<ParsingEvent>? AssertSameEvents(string text)
    {
        var mine = BlockYamlParser.Parse(text);
        if (mine is null)
        {
            return null;
        }

        var theirs = YamlDotNetEvents(text);
        Assert.True(theirs is not null, $"the block parser took a text YamlDotNet refuses:\n{text}");
        Assert.Equal(theirs!.Select(Describe), mine.Select(Describe));
        return mine;
    }

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var dir in new[] { "examples", Path.Combine("fuzz", "seeds"), Path.Combine("tests", "Opta.Tests", "Fuzz", "Regressions") })
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(Repo.Root, dir), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetRelativePath(Repo.Root, file).Replace('\\', '/'));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void A_file_of_the_repository_reads_as_YamlDotNet_reads_it(string relative)
    {
        AssertSameEvents(File.ReadAllText(Path.Combine(Repo.Root, relative)));
    }

    [Theory]
    [InlineData("examples/hello/opta.yaml")]
    [InlineData("examples/auto/opta.yaml")]
    [InlineData("examples/auto/env.yaml")]
    [InlineData("examples/shop/opta.yaml")]
    [InlineData("examples/shop/env.yaml")]
    public void The_examples_are_read_by_the_block_parser(string relative)
    {
        Assert.NotNull(AssertSameEvents(File.ReadAllText(Path.Combine(Repo.Root, relative))));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(40)]
    public void A_generated_fleet_is_read_by_the_block_parser(int services)
    {
        Assert.NotNull(AssertSameEvents(ServiceFileGenerator.Generate(services)));
    }

    [Fact]
    public void Generated_projects_read_as_YamlDotNet_reads_them()
    {
        var taken = 0;
        ModuleGen.Project.Sample(project =>
        {
            if (AssertSameEvents(project.Yaml()) is not null)
            {
                Interlocked.Increment(ref taken);
            }
        }, iter: 200, print: p => p.Yaml());
        Assert.True(taken > 100, $"the block parser took only {taken} of 200 generated projects");
    }

    /// <summary>Texts at the edges of what the block parser takes: each is declined or read exactly as YamlDotNet reads it.</summary>
    [Theory]
    [InlineData("a: b\n")]
    [InlineData("a: b")]
    [InlineData("a:\n")]
    [InlineData("a:")]
    [InlineData("a: \n")]
    [InlineData("a: # c\nb: 1\n")]
    [InlineData("a: # c\n  b: 1\n")]
    [InlineData("a:   \n  b: 1\n")]
    [InlineData("a:  # c\n- b\nc: d\n")]
    [InlineData("- a:   \n    b: c\n")]
    [InlineData("a:   b   # c\n")]
    [InlineData("a: b#c\n")]
    [InlineData("a: b #c: d\n")]
    [InlineData("a: b: c\n")]
    [InlineData("a: b:c\n")]
    [InlineData("a: b:\n")]
    [InlineData("a: http://x:80/y?z=1&w\n")]
    [InlineData("a:b: c\n")]
    [InlineData("a : b\n")]
    [InlineData("'a': b\n")]
    [InlineData("\"a\" : b\n")]
    [InlineData("'a''b': 'c''d'\n")]
    [InlineData("a: \"x\\ty\"\n")]
    [InlineData("a: \"x\\\\y \\\" \\/ \\n\"\n")]
    [InlineData("a: \"\\u0041\\x41\\e\"\n")]
    [InlineData("a: \"x\\\"\n")]
    [InlineData("a: \"x\\\n")]
    [InlineData("\"a\\\"b\": c\n")]
    [InlineData("- {commands: [/bin/job], args: [run, \"x\"], schedule: \"0 3 * * *\"}\n")]
    [InlineData("- {a: [b, [c]]}\n")]
    [InlineData("- {a: {b: c}}\n")]
    [InlineData("- {a: []}\n")]
    [InlineData("a: \"x y\" # c\n")]
    [InlineData("a: \"x\"#c\n")]
    [InlineData("a: 'x\n  y'\n")]
    [InlineData("a: x\n  y\n")]
    [InlineData("a:\n  b\n")]
    [InlineData("a:\n  b: c\n d: e\n")]
    [InlineData("a:\n  b: c\n    d: e\n")]
    [InlineData("a:\n- b\n- c\nd: e\n")]
    [InlineData("a:\n  - b\n  -  c\n  - 'd'\n")]
    [InlineData("a:\n  - b\n  c: d\n")]
    [InlineData("- a\n- b: c\n  d: e\n-   f: g\n    h:\n    - i\n")]
    [InlineData("- - a\n")]
    [InlineData("-\n  a: b\n")]
    [InlineData("-\n- a\n")]
    [InlineData("- # c\n  a: b\n")]
    [InlineData("-a: b\n")]
    [InlineData(":a: b\n")]
    [InlineData("b: [c]\n:a: 1\n")]
    [InlineData("x:\n  b: [c]\n  :a: 1\n")]
    [InlineData("?a: b\n")]
    [InlineData("? a\n: b\n")]
    [InlineData("a: [b, 'c', \"d\"]\n")]
    [InlineData("a: [ b , c ]\n")]
    [InlineData("a: []\n")]
    [InlineData("a: [ ]\n")]
    [InlineData("a: [b,]\n")]
    [InlineData("a: [b, [c]]\n")]
    [InlineData("a: [b: c]\n")]
    [InlineData("a: [-]\n")]
    [InlineData("a: [-b, :c]\n")]
    [InlineData("a: [b\n  , c]\n")]
    [InlineData("a: {}\n")]
    [InlineData("a: { }\n")]
    [InlineData("a: {b: c}\n")]
    [InlineData("a: {b: c, 'd': \"e\", f: 8080}\n")]
    [InlineData("a: { b: c }  # c\n")]
    [InlineData("a: {b:c}\n")]
    [InlineData("a: {b: }\n")]
    [InlineData("a: {b}\n")]
    [InlineData("a: {b: c,}\n")]
    [InlineData("a: {b: [c]}\n")]
    [InlineData("a: {b: c: d}\n")]
    [InlineData("a: {\"b\":c}\n")]
    [InlineData("a: {b: c]\n")]
    [InlineData("a: [b}\n")]
    [InlineData("- {name: http, port: 80}\n- {name: grpc, port: 81}\n")]
    [InlineData("a: {b *: d}\n")]
    [InlineData("a: {b c: d, e *: f}\n")]
    [InlineData("b *: d\n")]
    [InlineData("- b *: d\n")]
    [InlineData("a: b *x\n")]
    [InlineData("a: [b *x]\n")]
    [InlineData("a: &x b\nc: *x\n")]
    [InlineData("a: !!str b\n")]
    [InlineData("a: |\n  b\n")]
    [InlineData("a: >\n  b\n")]
    [InlineData("a: - b\n")]
    [InlineData("a: @b\n")]
    [InlineData("a: `b\n")]
    [InlineData("a: %b\n")]
    [InlineData("a: ,b\n")]
    [InlineData("a: b,c]{}\n")]
    [InlineData("<<: {a: b}\n")]
    [InlineData("a: b\na: c\n")]
    [InlineData("---\na: b\n")]
    [InlineData("a: b\n...\n")]
    [InlineData("%YAML 1.2\n---\na: b\n")]
    [InlineData("  a: b\n")]
    [InlineData("a: b\n  # c\n# d\n\n   \nc: d\n")]
    [InlineData("a:\tb\n")]
    [InlineData("a: b\r\nc: d\r\n")]
    [InlineData("\uFEFFa: b\n")]
    [InlineData("a: caf\u00E9 \u65E5\u672C\n")]
    [InlineData("a: b\u0085c\n")]
    [InlineData("a: b\u2028c\n")]
    [InlineData("just a scalar\n")]
    [InlineData("# only a comment\n")]
    [InlineData("\n")]
    [InlineData("a: 'unclosed\n")]
    [InlineData("a: \"unclosed\n")]
    [InlineData("a: b # c\n  d: e\n")]
    public void A_tricky_text_is_declined_or_read_as_YamlDotNet_reads_it(string text)
    {
        AssertSameEvents(text);
    }

    [Theory]
    [InlineData("a: b\n")]
    [InlineData("a:\n  - b: 'c'\n    d: [e, \"f\"]\n  - g\nh: {}\n")]
    [InlineData("ports:\n  - {name: http, type: http, port: 8080}\n")]
    [InlineData("providers: \n  aws:   # the account\n    region: us-east-1\n")]
    [InlineData("'a''b': x # c\n")]
    public void Simple_block_YAML_is_taken(string text)
    {
        Assert.NotNull(AssertSameEvents(text));
    }

    [Theory]
    [InlineData(64, true)]
    [InlineData(66, false)]
    [InlineData(5_000, false)]
    public void Nesting_past_the_loaders_limit_is_left_to_YamlDotNet_and_the_loader(int levels, bool taken)
    {
        // A root mapping, then a sequence and a mapping in it per pair of levels, the mapping at its key's column:
        // nesting the parser must not follow down to the end of the stack.
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < (levels - 1) / 2; i++)
        {
            text.Append(' ', 2 * i).Append("a:\n").Append(' ', 2 * i).Append("- b: c\n");
        }

        Assert.Equal(taken, BlockYamlParser.TryParse(text.ToString()) is not null);
    }

    /// <summary>How many edited files the edit test tries: OPTA_EDIT_ITERATIONS for a longer run (docs/fuzzing.md).</summary>
    private static int Iterations => int.TryParse(Environment.GetEnvironmentVariable("OPTA_EDIT_ITERATIONS"), out var n) ? n : 5_000;

    /// <summary>Random edits of real files (characters that YAML gives meaning to, indentation, lines): never read otherwise than YamlDotNet reads them.</summary>
    [Fact]
    public void Edited_files_are_declined_or_read_as_YamlDotNet_reads_them()
    {
        var seeds = new[] { "examples/shop/opta.yaml", "examples/auto/opta.yaml", "examples/hello/opta.yaml", "fuzz/seeds/full-featured.yaml" }
            .Select(f => File.ReadAllText(Path.Combine(Repo.Root, f)))
            .Append(ServiceFileGenerator.Generate(3))
            .Append(ModuleGen.Project.Single().Yaml())
            .ToArray();
        var edit = Gen.Select(Gen.Int[0, 5], Gen.Int[0, int.MaxValue], Gen.Char[" :-#'\"[]{},&*!|>%@?\n\\/xa0é\t"]);
        var edited = Gen.Select(Gen.Int[0, seeds.Length - 1], edit.Array[1, 4]).Select(t => Edit(seeds[t.Item1], t.Item2));
        var taken = 0;
        edited.Sample(text =>
        {
            if (AssertSameEvents(text) is not null)
            {
                Interlocked.Increment(ref taken);
            }
        }, iter: Iterations);
        Assert.True(taken > Iterations / 10, $"the block parser took only {taken} of {Iterations} edited files");
    }

    private static string Edit(string text, (int Kind, int Where, char Char)[] edits)
    {
        foreach (var (kind, where, c) in edits)
        {
            var at = text.Length == 0 ? 0 : where % text.Length;
            var lineStart = text.LastIndexOf('\n', Math.Max(at - 1, 0)) + 1;
            var lineEnd = text.IndexOf('\n', at) is var e and >= 0 ? e : text.Length;
            text = kind switch
            {
                0 => text.Insert(at, c.ToString()),
                1 when text.Length > 0 => text.Remove(at, 1),
                2 when text.Length > 0 => text[..at] + c + text[(at + 1)..],
                3 => text.Insert(lineStart, " "),
                4 when text.Length > lineStart && text[lineStart] == ' ' => text.Remove(lineStart, 1),
                5 => text.Insert(lineStart, text[lineStart..Math.Min(lineEnd + 1, text.Length)]),
                _ => text,
            };
        }

        return text;
    }
}
