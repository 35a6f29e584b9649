using System.Globalization;

namespace Opta.Spec;

/// <summary>What a typed default may be for each field type, and how it reads in the field reference.</summary>
public static class FieldDefaults
{
    /// <summary>Whether <paramref name="value"/> is a valid default for a field of <paramref name="type"/>.</summary>
    public static bool Fits(FieldType type, object? value) => value switch
    {
        null => true,
        int n => type switch
        {
            IntType i => n >= i.Min && n <= i.Max,
            QuantityType => n > 0,
            _ => false,
        },
        bool => type is BoolType,
        string s => type is StringType t && (t.Allowed is not { Count: > 0 } allowed || allowed.Contains(s, StringComparer.Ordinal)),
        _ => false,
    };

    /// <summary>The default as the field reference shows it: <c>30</c>, <c>false</c>, <c>`RuntimeDefault`</c>, <c>100 (100m)</c>.</summary>
    public static string? Display(FieldType type, object? value) => (type, value) switch
    {
        (_, null) => null,
        (QuantityType { Kind: QuantityKind.Cpu }, int n) => $"{n} ({n}m)",
        (QuantityType { Kind: QuantityKind.Memory }, int n) => $"{n} ({n}Mi)",
        (_, int n) => n.ToString(CultureInfo.InvariantCulture),
        (_, bool b) => b ? "true" : "false",
        (_, string s) => $"`{s}`",
        _ => null,
    };
}
