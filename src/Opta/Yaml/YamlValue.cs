using Opta.Diagnostics;

namespace Opta.Yaml;

/// <summary>A node of a loaded YAML document that remembers where it was written.</summary>
public abstract class YamlValue
{
    protected YamlValue(SourcePosition position) => Position = position;

    public SourcePosition Position { get; }

    /// <summary>What this node is, for messages: "a string", "a map", "a list".</summary>
    public abstract string Describe();
}

public enum ScalarStyle
{
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

public sealed class YamlScalar : YamlValue
{
    public YamlScalar(SourcePosition position, string value, ScalarStyle style, string? tag = null, bool isUnresolved = false, bool isSecret = false)
        : base(position)
    {
        Value = value;
        Style = style;
        Tag = tag;
        IsUnresolved = isUnresolved;
        IsSecret = isSecret;
    }

    /// <summary>The value holds a <c>{secret.NAME}</c>: it must reach pods through a Secret, never inline.</summary>
    public bool IsSecret { get; }

    /// <summary>Interpolation failed here (already reported); later checks skip it instead of reporting it again.</summary>
    public bool IsUnresolved { get; }

    public string Value { get; }

    public ScalarStyle Style { get; }

    public string? Tag { get; }

    public bool IsQuoted => Style != ScalarStyle.Plain;

    /// <summary>A plain <c>~</c>, <c>null</c> or empty value (YAML's null).</summary>
    public bool IsNull => Style == ScalarStyle.Plain && Value is "" or "~" or "null" or "Null" or "NULL";

    public override string Describe() => IsNull ? "null" : $"'{Value}'";

    /// <summary>The value as an integer, as Opta read it: optional sign, digits, surrounding spaces ignored.</summary>
    public bool TryInteger(out long value) =>
        long.TryParse(Value.Trim(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out value);

    /// <summary>The value as a boolean: true/yes/on or false/no/off, in any case.</summary>
    public bool TryBool(out bool value)
    {
        switch (Value.Trim().ToLowerInvariant())
        {
            case "true" or "yes" or "on":
                value = true;
                return true;
            case "false" or "no" or "off":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }
}

public sealed class YamlMap : YamlValue
{
    private readonly List<KeyValuePair<YamlScalar, YamlValue>> entries;

    public YamlMap(SourcePosition position, List<KeyValuePair<YamlScalar, YamlValue>> entries)
        : base(position) => this.entries = entries;

    public IReadOnlyList<KeyValuePair<YamlScalar, YamlValue>> Entries => entries;

    public YamlValue? this[string key] => Get(key);

    public YamlValue? Get(string key)
    {
        foreach (var e in entries)
        {
            if (e.Key.Value == key)
            {
                return e.Value;
            }
        }

        return null;
    }

    public YamlScalar? KeyOf(string key)
    {
        foreach (var e in entries)
        {
            if (e.Key.Value == key)
            {
                return e.Key;
            }
        }

        return null;
    }

    public override string Describe() => "a map";
}

public sealed class YamlList : YamlValue
{
    public YamlList(SourcePosition position, IReadOnlyList<YamlValue> items)
        : base(position) => Items = items;

    public IReadOnlyList<YamlValue> Items { get; }

    public override string Describe() => "a list";
}
