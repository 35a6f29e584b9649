namespace Opta.Spec;

/// <summary>The shape a field's value must have. Drives validation, the JSON Schema and the field reference.</summary>
public abstract record FieldType
{
    /// <summary>How the type reads in a message or a table: "a string", "an integer from 1 to 65535".</summary>
    public abstract string Describe();
}

/// <summary>Any scalar, read as its text. <paramref name="Pattern"/>, <paramref name="Allowed"/> and <paramref name="MaxLength"/> restrict it.</summary>
public sealed record StringType(string? Pattern = null, string? PatternRule = null, IReadOnlyList<string>? Allowed = null, int MaxLength = StringType.DefaultMaxLength) : FieldType
{
    /// <summary>Longest string any field takes unless it says otherwise (a value, not a file: 64 KiB).</summary>
    public const int DefaultMaxLength = 64 * 1024;

    public override string Describe() => Allowed is { Count: > 0 }
        ? "one of " + string.Join(", ", Allowed)
        : PatternRule is null ? "a string" : $"a string of {PatternRule}";
}

/// <summary>An integer; a quoted numeric string is accepted too (so interpolated values work).</summary>
public sealed record IntType(long Min = long.MinValue, long Max = long.MaxValue) : FieldType
{
    public override string Describe() => (Min, Max) switch
    {
        (long.MinValue, long.MaxValue) => "an integer",
        (_, long.MaxValue) => $"an integer >= {Min}",
        _ => $"an integer from {Min} to {Max}",
    };
}

public sealed record BoolType : FieldType
{
    public override string Describe() => "true or false";
}

public enum QuantityKind
{
    Cpu,
    Memory,

    /// <summary>A number without a unit of its own (a metric's target): a bare integer is itself, not milli-anything.</summary>
    Plain,
}

/// <summary>Opta's integer (millicores or MiB) or a Kubernetes quantity string such as <c>500m</c> or <c>1Gi</c>.</summary>
public sealed record QuantityType(QuantityKind Kind) : FieldType
{
    public override string Describe() => Kind switch
    {
        QuantityKind.Cpu => "millicores as an integer (250) or a Kubernetes quantity (\"250m\", \"0.5\", \"2\")",
        QuantityKind.Memory => "MiB as an integer (512) or a Kubernetes quantity (\"512Mi\", \"1Gi\")",
        _ => "a number or a Kubernetes quantity (100, \"500m\", \"1.5\", \"10k\")",
    };

    /// <summary>What messages call an amount of this kind ("a CPU amount").</summary>
    public string Noun => Kind switch { QuantityKind.Cpu => "CPU", QuantityKind.Memory => "memory", _ => "metric" };

    /// <summary>The unit <see cref="Quantity.Value"/> counts in.</summary>
    public string Unit => Kind switch { QuantityKind.Cpu => "cores", QuantityKind.Memory => "bytes", _ => "units" };
}

/// <summary>A list of <paramref name="Item"/>; at most <paramref name="MaxItems"/> of them.</summary>
public sealed record ListType(FieldType Item, int MaxItems = ListType.DefaultMaxItems) : FieldType
{
    public const int DefaultMaxItems = 1000;

    public override string Describe() => Item is AnyType ? "a list" : $"a list of {Plural(Item.Describe())}";

    private static string Plural(string s) => s.StartsWith("a ", StringComparison.Ordinal) ? PluralNoun(s[2..]) : s.StartsWith("an ", StringComparison.Ordinal) ? PluralNoun(s[3..]) : s;

    private static string PluralNoun(string noun) =>
        noun.Length > 1 && noun[^1] == 'y' && !"aeiou".Contains(noun[^2]) ? noun[..^1] + "ies" : noun + "s";
}

/// <summary>A map from string keys to values of <paramref name="Value"/>; at most <paramref name="MaxEntries"/> of them.</summary>
public sealed record MapType(FieldType Value, int MaxEntries = MapType.DefaultMaxEntries) : FieldType
{
    public const int DefaultMaxEntries = 1000;

    public override string Describe() => Value is AnyType ? "a map" : "a map of strings";
}

/// <summary>A map with known keys; any other key is an error.</summary>
public sealed record ObjectType(IReadOnlyList<FieldDefinition> Fields, string Noun = "a map") : FieldType
{
    public FieldDefinition? Find(string name)
    {
        // Called for every key of every map read: a loop, with no closure or enumerator to allocate.
        for (var i = 0; i < Fields.Count; i++)
        {
            if (Fields[i].Name == name)
            {
                return Fields[i];
            }
        }

        return null;
    }

    public override string Describe() => Noun;
}

/// <summary>The first alternative whose shape matches the value (scalar, list or map) applies.</summary>
public sealed record OneOfType(IReadOnlyList<FieldType> Alternatives) : FieldType
{
    public override string Describe() => string.Join(" or ", Alternatives.Select(a => a.Describe()));
}

/// <summary>Anything at all (free-form data such as environment variables for interpolation).</summary>
public sealed record AnyType : FieldType
{
    public override string Describe() => "any value";
}
