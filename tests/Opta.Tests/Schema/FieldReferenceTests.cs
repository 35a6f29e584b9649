using Opta.Schema;
using Opta.Spec;
using Opta.Tests.Support;

namespace Opta.Tests.Schema;

public sealed class FieldReferenceTests
{
    [Fact]
    public void The_committed_field_reference_is_the_generated_one()
    {
        GeneratedFile.AssertCurrent("docs/fields.md", FieldReferenceWriter.Write(), FieldReferenceWriter.RegenerateCommand);
    }

    [Fact]
    public void Every_module_field_has_a_row_with_its_type_default_and_support()
    {
        var rows = FieldReferenceWriter.Write().Split('\n').Where(l => l.StartsWith("|`", StringComparison.Ordinal)).ToList();

        foreach (var field in ModuleTypes.All.SelectMany(t => t.Fields.Fields))
        {
            // The database tables share some descriptions (`image`, `storage_size`), each with its own default.
            var matching = rows.Where(r => r.StartsWith($"|`{field.Name}`", StringComparison.Ordinal) && r.Contains(field.Description.Replace("|", "\\|", StringComparison.Ordinal), StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(matching);
            Assert.All(matching, row => Assert.Contains($"|{field.Type.Describe()}|", row, StringComparison.Ordinal));
            if (field.DefaultDisplay is not null)
            {
                Assert.Contains(matching, row => row.Contains($"|{field.DefaultDisplay}|", StringComparison.Ordinal));
            }
        }

        Assert.Contains(rows, r => r.StartsWith("|`resource_limits.cpu`", StringComparison.Ordinal) && r.Contains("**not supported**", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.StartsWith("|`ports[].service_port`", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.StartsWith("|`image`", StringComparison.Ordinal) && r.Contains("`postgres:16.4`", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_module_type_name_says_what_opta_infra_does_with_it()
    {
        var text = FieldReferenceWriter.Write();
        var section = text[text.IndexOf("## Module types", StringComparison.Ordinal)..];
        foreach (var type in ModuleTypes.All)
        {
            var row = Assert.Single(section.Split('\n'), l => l.StartsWith($"|`{type.TypeNames[0]}`", StringComparison.Ordinal));
            Assert.StartsWith(type.Handling switch { ModuleHandling.Deployed => "|deployed", ModuleHandling.External => "|external: ", _ => "|skipped: " }, row[row.IndexOf('|', 1)..], StringComparison.Ordinal);
        }
    }
}
