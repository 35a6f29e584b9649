using System.Globalization;
using System.Text.RegularExpressions;
using Opta.Yaml;

namespace Opta.Spec;

/// <summary>
/// A CPU or memory amount: Opta's bare integers (millicores, MiB) or a Kubernetes quantity string.
/// <see cref="Text"/> is what is rendered; <see cref="Value"/> is in cores or bytes, for comparisons.
/// </summary>
public sealed partial record Quantity(string Text, decimal Value)
{
    private static readonly Dictionary<string, decimal> Suffixes = new(StringComparer.Ordinal)
    {
        [""] = 1m, ["m"] = 0.001m, ["k"] = 1e3m, ["M"] = 1e6m, ["G"] = 1e9m, ["T"] = 1e12m, ["P"] = 1e15m, ["E"] = 1e18m,
        ["Ki"] = 1024m, ["Mi"] = 1024m * 1024, ["Gi"] = 1024m * 1024 * 1024, ["Ti"] = 1024m * 1024 * 1024 * 1024,
        ["Pi"] = 1024m * 1024 * 1024 * 1024 * 1024, ["Ei"] = 1024m * 1024 * 1024 * 1024 * 1024 * 1024,
    };

    /// <summary>A Kubernetes quantity (a bare integer, too, which is Opta's unit); also the JSON Schema's pattern.</summary>
    public const string Pattern = @"^([0-9]+(?:\.[0-9]+)?|\.[0-9]+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$";

    [GeneratedRegex(Pattern)]
    private static partial Regex QuantityPattern();

    public static Quantity? Parse(YamlScalar scalar, QuantityKind kind) => Parse(scalar.Value.Trim(), kind);

    /// <summary>A bare integer is Opta's unit (m or Mi); anything else must be a Kubernetes quantity.</summary>
    public static Quantity? Parse(string text, QuantityKind kind)
    {
        if (text.Length is 0 or > 40)
        {
            return null;
        }

        if (text.All(char.IsAsciiDigit))
        {
            var n = decimal.Parse(text, CultureInfo.InvariantCulture);
            return kind == QuantityKind.Cpu ? new($"{text}m", n / 1000m) : new($"{text}Mi", n * 1024m * 1024m);
        }

        var match = QuantityPattern().Match(text);
        if (!match.Success)
        {
            return null;
        }

        var number = decimal.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return new(text, number * Suffixes[match.Groups[2].Value]);
    }

    /// <summary>This amount multiplied by <paramref name="factor"/>, keeping the unit: <c>512Mi</c> × 2 = <c>1024Mi</c>.</summary>
    public Quantity Times(int factor)
    {
        var match = QuantityPattern().Match(Text);
        var number = decimal.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) * factor;
        var text = number.ToString("0.############", CultureInfo.InvariantCulture) + match.Groups[2].Value;
        return new(text, Value * factor);
    }
}
