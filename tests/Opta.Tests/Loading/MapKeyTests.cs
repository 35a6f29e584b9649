using Opta.Diagnostics;
using Opta.Yaml;

namespace Opta.Tests.Loading;

/// <summary>
/// A map's keys are checked for duplicates through a list while the map is short and a dictionary past 16 keys
/// (YamlLoader.SeenKeys): both must find the duplicate, and merge keys must still be overridden, whichever parser read
/// the file (plain block files go through the block parser, a file with an anchor through YamlDotNet's).
/// </summary>
public sealed class MapKeyTests
{
    private static string Keys(int count) => string.Concat(Enumerable.Range(0, count).Select(i => $"k{i}: {i}\n"));

    [Theory]
    [InlineData(2)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(40)]
    public void A_duplicate_key_is_found_in_a_map_of_any_length(int keys)
    {
        var diagnostics = new DiagnosticBag();

        YamlLoader.Load(Keys(keys) + "k0: again\n", "f.yaml", diagnostics);

        var error = Assert.Single(diagnostics.Items);
        Assert.Equal("duplicate key 'k0' (first written at line 1); a key may appear once per map: remove one of them", error.Message);
        Assert.Equal(keys + 1, error.Position.Line);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(30)]
    public void A_key_next_to_a_merge_key_overrides_the_merged_value(int mergedKeys)
    {
        var text = "base: &b {" + string.Join(", ", Enumerable.Range(0, mergedKeys).Select(i => $"k{i}: {i}")) + "}\n"
            + "x:\n  <<: *b\n  k1: over\n  own: y\n";
        var diagnostics = new DiagnosticBag();

        var root = Assert.IsType<YamlMap>(YamlLoader.Load(text, "f.yaml", diagnostics));

        Assert.Empty(diagnostics.Items);
        var x = Assert.IsType<YamlMap>(root["x"]);
        Assert.Equal(mergedKeys + 1, x.Entries.Count);
        Assert.Equal("over", Assert.IsType<YamlScalar>(x["k1"]).Value);
        Assert.Equal("0", Assert.IsType<YamlScalar>(x["k0"]).Value);
    }
}
