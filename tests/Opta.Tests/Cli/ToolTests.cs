using Opta.Schema;
using Opta.Tests.Support;

namespace Opta.Tests.Cli;

/// <summary>What a user of the installed tool sees first: version, help, the schema command.</summary>
public sealed class ToolTests
{
    [Fact]
    public void Version_prints_the_package_version()
    {
        var project = File.ReadAllText(Path.Combine(Repo.Root, "src", "Opta.Cli", "Opta.Cli.csproj"));
        var version = System.Text.RegularExpressions.Regex.Match(project, "<Version>([^<]+)</Version>").Groups[1].Value;

        var result = Support.Cli.Run(Repo.Root, "--version");

        Assert.Equal(0, result.ExitCode);
        Assert.NotEqual("", version);
        Assert.Equal(version + "\n", result.Stdout);
    }

    [Theory]
    [InlineData("validate")]
    [InlineData("render")]
    [InlineData("diff")]
    [InlineData("push")]
    [InlineData("schema")]
    [InlineData("import-file")]
    public void Every_command_has_help_with_examples(string command)
    {
        var result = Support.Cli.Run(Repo.Root, command, "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Examples:", result.Stdout, StringComparison.Ordinal);
        Assert.Contains($"  opta-infra {command} ", result.Stdout, StringComparison.Ordinal);
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public void Root_help_lists_every_command()
    {
        var result = Support.Cli.Run(Repo.Root, "--help");

        foreach (var command in new[] { "validate", "render", "diff", "push", "schema", "import-file" })
        {
            Assert.Contains($"  {command} ", result.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_suggest_directive_completes_commands_and_options_for_dotnet_suggest()
    {
        var commands = Support.Cli.Run(Repo.Root, "[suggest:5]", "valid");
        var options = Support.Cli.Run(Repo.Root, "[suggest:12]", "validate --e");

        Assert.Equal("validate\n", commands.Stdout);
        Assert.Equal("--env\n", options.Stdout);
    }

    [Fact]
    public void Schema_prints_the_json_schema_and_markdown_the_field_reference()
    {
        var schema = Support.Cli.Run(Repo.Root, "schema");
        var markdown = Support.Cli.Run(Repo.Root, "schema", "--markdown");

        Assert.Equal(0, schema.ExitCode);
        Assert.Equal(JsonSchemaWriter.Write(), schema.Stdout);
        Assert.Equal(FieldReferenceWriter.Write(), markdown.Stdout);
    }
}
