using System.Text.Json.Nodes;
using Opta.Cli.Diff;
using Opta.Diffing;
using static Opta.Tests.Diff.Objects;

namespace Opta.Tests.Diff;

public sealed class DiffPresentationTests
{
    private static PlanDiff SecretChange(bool showSecrets) => ManifestDiffer.Diff(
        Manifests(Secret(new Dictionary<string, string> { ["DB_PASSWORD"] = "hunter2", ["OLD"] = "gone-value" })),
        Manifests(Secret(new Dictionary<string, string> { ["DB_PASSWORD"] = "correct-horse" })),
        new DiffOptions { ShowSecrets = showSecrets });

    [Fact]
    public void Text_shows_masked_values_as_stars_and_nothing_of_the_secret()
    {
        var output = new StringWriter();

        DiffText.Write(output, SecretChange(showSecrets: false), "Comparing x with y:", colour: false);

        Assert.Equal(
            """
            Comparing x with y:

            ~ update Secret web/app-secrets (v1)
                ~ stringData.DB_PASSWORD: *** => ***
                - stringData.OLD: ***

            Plan: 0 to create, 1 to update, 0 to delete.

            """.ReplaceLineEndings("\n"),
            output.ToString());
    }

    [Fact]
    public void Text_with_show_secrets_prints_the_values()
    {
        var output = new StringWriter();

        DiffText.Write(output, SecretChange(showSecrets: true), "h", colour: false);

        Assert.Contains("    ~ stringData.DB_PASSWORD: \"hunter2\" => \"correct-horse\"\n", output.ToString());
    }

    [Fact]
    public void Colour_goes_through_ansi_codes_only_when_asked()
    {
        var plain = new StringWriter();
        var coloured = new StringWriter();

        DiffText.Write(plain, SecretChange(false), "h", colour: false);
        DiffText.Write(coloured, SecretChange(false), "h", colour: true);

        Assert.DoesNotContain("\u001b[", plain.ToString());
        Assert.Contains("\u001b[", coloured.ToString());
        Assert.False(DiffText.UseColour(plain));
    }

    [Fact]
    public void Json_marks_masked_fields_and_leaves_out_the_missing_side()
    {
        var json = JsonNode.Parse(DiffJson.Format(SecretChange(false), new BaselineSource("rendered", IsFolder: true, Commit: null), "staging"))!;

        Assert.Equal("""{"type":"folder","path":"rendered"}""", json["base"]!.ToJsonString());
        var fields = json["changes"]![0]!["fields"]!.AsArray();
        Assert.Equal("""{"path":"stringData.DB_PASSWORD","change":"changed","old":"***","new":"***","masked":true}""", fields[0]!.ToJsonString());
        Assert.Equal("""{"path":"stringData.OLD","change":"removed","old":"***","masked":true}""", fields[1]!.ToJsonString());
        Assert.Equal("web", (string?)json["changes"]![0]!["namespace"]);
    }
}
