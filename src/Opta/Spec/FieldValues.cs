using Opta.Yaml;

namespace Opta.Spec;

/// <summary>
/// Reads values from a shape-checked map. Values of the wrong shape were reported already and read as absent; an
/// absent field with a <see cref="FieldDefinition"/> reads as the definition's typed default.
/// </summary>
public static class FieldValues
{
    public static string? Str(YamlValue? node) => node is YamlScalar { IsNull: false, IsUnresolved: false } s ? s.Value : null;

    public static int? Int(YamlValue? node) =>
        node is YamlScalar { IsNull: false } s && s.TryInteger(out var n) && n is >= int.MinValue and <= int.MaxValue ? (int)n : null;

    public static bool? Bool(YamlValue? node) =>
        node is YamlScalar { IsNull: false } s && s.TryBool(out var b) ? b : null;

    // Loops, not LINQ chains: see DiagnosticBag.Sorted.
    public static IReadOnlyList<string> StrList(YamlValue? node)
    {
        var values = new List<string>();
        if (node is YamlList list)
        {
            foreach (var item in list.Items)
            {
                if (item is YamlScalar { IsNull: false } scalar)
                {
                    values.Add(scalar.Value);
                }
            }
        }

        return values;
    }

    public static IReadOnlyList<KeyValuePair<string, string>> StrMap(YamlValue? node)
    {
        var entries = new List<KeyValuePair<string, string>>();
        if (node is YamlMap map)
        {
            foreach (var (key, value) in map.Entries)
            {
                if (value is YamlScalar scalar)
                {
                    entries.Add(new KeyValuePair<string, string>(key.Value, scalar.IsNull ? "" : scalar.Value));
                }
            }
        }

        return entries;
    }

    /// <summary><paramref name="field"/> of <paramref name="map"/>, or its default.</summary>
    public static int Int(YamlMap? map, FieldDefinition field) => Int(map?[field.Name]) ?? (int)DefaultOf(field);

    public static bool Bool(YamlMap? map, FieldDefinition field) => Bool(map?[field.Name]) ?? (bool)DefaultOf(field);

    public static string Str(YamlMap? map, FieldDefinition field) => Str(map?[field.Name]) ?? (string)DefaultOf(field);

    private static object DefaultOf(FieldDefinition field) =>
        field.Default ?? throw new InvalidOperationException($"field '{field.Name}' has no default to read");
}
