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

    public static IReadOnlyList<string> StrList(YamlValue? node) =>
        node is YamlList l ? l.Items.OfType<YamlScalar>().Where(s => !s.IsNull).Select(s => s.Value).ToList() : [];

    public static IReadOnlyList<KeyValuePair<string, string>> StrMap(YamlValue? node) =>
        node is YamlMap m ? m.Entries.Where(e => e.Value is YamlScalar).Select(e => new KeyValuePair<string, string>(e.Key.Value, ((YamlScalar)e.Value).IsNull ? "" : ((YamlScalar)e.Value).Value)).ToList() : [];

    /// <summary><paramref name="field"/> of <paramref name="map"/>, or its default.</summary>
    public static int Int(YamlMap? map, FieldDefinition field) => Int(map?[field.Name]) ?? (int)DefaultOf(field);

    public static bool Bool(YamlMap? map, FieldDefinition field) => Bool(map?[field.Name]) ?? (bool)DefaultOf(field);

    public static string Str(YamlMap? map, FieldDefinition field) => Str(map?[field.Name]) ?? (string)DefaultOf(field);

    private static object DefaultOf(FieldDefinition field) =>
        field.Default ?? throw new InvalidOperationException($"field '{field.Name}' has no default to read");
}
