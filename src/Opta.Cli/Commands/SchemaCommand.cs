using System.CommandLine;
using Opta.Schema;

namespace Opta.Cli.Commands;

/// <summary><c>opta-infra schema</c>: the JSON Schema of opta.yaml for editors, or the field reference.</summary>
public static class SchemaCommand
{
    public static Command Create()
    {
        var markdown = new Option<bool>("--markdown")
        {
            Description = "Print the field reference (docs/fields.md) instead of the JSON Schema",
        };
        var command = new Command("schema", """
            Print the JSON Schema (draft 2020-12) of opta.yaml, generated from the fields opta-infra accepts.
            Editors with the YAML language server check and complete opta.yaml with it; point a file at it with
            a first line `# yaml-language-server: $schema=<path or URL of opta.schema.json>`.

            Examples:
              opta-infra schema > opta.schema.json
              opta-infra schema --markdown > fields.md
            """);
        command.Add(markdown);
        command.SetAction(result =>
        {
            var text = result.GetValue(markdown) ? FieldReferenceWriter.Write() : JsonSchemaWriter.Write();
            result.InvocationConfiguration.Output.Write(text);
            return CliOutput.Ok;
        });
        return command;
    }
}
