using System.Text;
using Opta.Spec;

namespace Opta.Schema;

/// <summary>Writes <c>docs/fields.md</c>, the field reference, from the same definitions as the validator and the JSON Schema.</summary>
public static class FieldReferenceWriter
{
    public const string RegenerateCommand = "dotnet run --project src/Opta.Cli -- schema --markdown > docs/fields.md";

    public static string Write()
    {
        var md = new StringBuilder();
        md.Append($"""
            # opta.yaml field reference

            <!-- Generated from src/Opta/Spec by `{RegenerateCommand}`; edit the definitions, not this file. -->

            Every field opta-infra reads, generated from the definitions its validator uses (so it cannot disagree
            with `opta-infra validate`). The JSON Schema for editors, `schema/opta.schema.json`, comes from the same
            definitions (`opta-infra schema`).

            **Support:** *supported* fields are honoured; *deprecated* and *ignored* ones are accepted with a warning
            and have no effect; *not supported* ones are refused with an error that says what to do instead.
            *new* marks fields Opta did not have. Values of a `k8s-service` or database module (all but `type` and `name`) are
            interpolated first (`{"{vars.max}"}`), so a number or boolean may also be written as an interpolated
            string; the types below apply to the result.

            """);
        Section(md, "Service file", "The top-level keys of `opta.yaml`.", FileFields.ServiceFile.Fields);
        Section(md, "Environments (`environments[]`)", "Each entry of the service file's `environments`.", FileFields.EnvironmentEntry.Fields);
        Section(md, "Input variables (`input_variables[]`)", "Each entry of `input_variables`, in a service or environment file.", FileFields.InputVariable.Fields);
        Section(md, "Environment file", "The file an environment's `path` names (Opta's environment layer); given with `-c`, its own `k8s-service` modules are deployed.", FileFields.EnvironmentFile.Fields);
        Handling(md);
        foreach (var type in ModuleTypes.All)
        {
            Section(md, type.ReferenceTitle, type.ReferenceIntro, type.Fields.Fields);
        }

        return md.ToString();
    }

    /// <summary>What opta-infra does with each module type Opta had, one row per type name.</summary>
    private static void Handling(StringBuilder md)
    {
        md.Append("""

            ## Module types

            Every module type Opta had is accepted in a service file; none makes opta-infra refuse the file. A type
            that Opta never had is skipped with a warning (and a did-you-mean). `postgres`, `mysql` and `redis` depend
            on the environment's `providers`, as Opta's registry aliases did: under `aws`, `google` or `azurerm` they
            are that cloud's managed database (external); with `local: {}` or no providers, the database deployed
            in the cluster.

            | `type` | What opta-infra does | Links give |
            |---|---|---|

            """);
        foreach (var type in ModuleTypes.All)
        {
            var what = type.Handling switch
            {
                ModuleHandling.Deployed when ModuleTypes.CloudAliasesOf(type.Name).Count > 0 =>
                    $"deployed when the environment is local; under a cloud provider `{type.Name}` is Opta's cloud database ({string.Join(", ", ModuleTypes.CloudAliasesOf(type.Name).Select(a => $"`{a}`"))}), external; `local-{type.Name}` is always deployed",
                ModuleHandling.Deployed => "deployed",
                ModuleHandling.External => $"external: {type.HandlingNote}",
                _ => $"skipped: {type.HandlingNote}",
            };
            var links = type.Link switch
            {
                null => "nothing",
                { GivesVariables: true } l => string.Join(", ", l.Variables.Select(v => $"`<module>_{v}`")),
                var l => $"permissions {string.Join(", ", l.Permissions)} (not granted; a warning)",
            };
            md.Append('|').Append(Cell(string.Join(", ", type.TypeNames.Select(t => $"`{t}`"))))
              .Append('|').Append(Cell(what))
              .Append('|').Append(Cell(links))
              .Append("|\n");
        }
    }

    private static void Section(StringBuilder md, string title, string intro, IReadOnlyList<FieldDefinition> fields)
    {
        md.Append($"""

            ## {title}

            {intro}

            | Field | Type | Default | Support | Description | Opta | Where opta-infra differs |
            |---|---|---|---|---|---|---|

            """);
        foreach (var (path, field) in Flatten("", fields))
        {
            md.Append('|').Append(Cell($"`{path}`" + (field.Required ? " (required)" : "")))
              .Append('|').Append(Cell(field.Type.Describe()))
              .Append('|').Append(Cell(field.DefaultDisplay ?? ""))
              .Append('|').Append(Cell(Support(field)))
              .Append('|').Append(Cell(field.Description))
              .Append('|').Append(Cell(field.Opta ?? ""))
              .Append('|').Append(Cell(field.Difference ?? ""))
              .Append("|\n");
        }
    }

    /// <summary>Each field, then the fields of the object it holds (directly, in a list, or as one alternative).</summary>
    private static IEnumerable<(string Path, FieldDefinition Field)> Flatten(string prefix, IReadOnlyList<FieldDefinition> fields)
    {
        foreach (var field in fields)
        {
            var path = prefix + field.Name;
            yield return (path, field);
            if (field.Support == FieldSupport.Unsupported)
            {
                continue;
            }

            foreach (var (suffix, nested) in NestedObjects(field.Type))
            {
                foreach (var child in Flatten(path + suffix, nested.Fields))
                {
                    yield return child;
                }
            }
        }
    }

    private static IEnumerable<(string Suffix, ObjectType Type)> NestedObjects(FieldType type) => type switch
    {
        // The file-level object types have sections of their own.
        ObjectType o when ReferenceEquals(o, FileFields.EnvironmentEntry) || ReferenceEquals(o, FileFields.InputVariable) => [],
        ObjectType o => [(".", o)],
        ListType { Item: var item } => NestedObjects(item).Select(n => ("[]" + n.Suffix, n.Type)),
        OneOfType { Alternatives: var alternatives } => alternatives.SelectMany(NestedObjects),
        _ => [],
    };

    private static string Support(FieldDefinition field)
    {
        var status = field.Support switch
        {
            FieldSupport.Supported => "supported",
            FieldSupport.Deprecated => $"deprecated: {field.SupportNote}",
            FieldSupport.Ignored => $"ignored: {field.SupportNote}",
            _ => $"**not supported**: {field.SupportNote}",
        };
        return field.New ? "new; " + status : status;
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
