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
            var row = Assert.Single(rows, r => r.StartsWith($"|`{field.Name}`", StringComparison.Ordinal) && r.Contains(field.Description.Replace("|", "\\|", StringComparison.Ordinal), StringComparison.Ordinal));
            Assert.Contains($"|{field.Type.Describe()}|", row, StringComparison.Ordinal);
            if (field.DefaultDisplay is not null)
            {
                Assert.Contains($"|{field.DefaultDisplay}|", row, StringComparison.Ordinal);
            }
        }

        Assert.Contains(rows, r => r.StartsWith("|`resource_limits.cpu`", StringComparison.Ordinal) && r.Contains("**not supported**", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.StartsWith("|`ports[].service_port`", StringComparison.Ordinal));
    }
}
