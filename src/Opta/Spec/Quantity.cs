using System.Globalization;
using System.Text.RegularExpressions;
using k8s.Models;
using Opta.Yaml;

namespace Opta.Spec;

/// <summary>
/// A CPU or memory amount: Opta's bare integers (millicores, MiB) or a Kubernetes quantity string, parsed by
/// KubernetesClient's <see cref="ResourceQuantity"/> as the API server parses it (suffixes and exponents alike).
/// <see cref="Text"/> is what is rendered; <see cref="Value"/> is in cores or bytes, for comparisons.
/// </summary>
public sealed partial record Quantity(string Text, decimal Value)
{
    /// <summary>
    /// The JSON Schema's pattern for a quantity string: Kubernetes' grammar (a decimal number, then a binary or
    /// decimal suffix or an exponent). The engine's own test is <see cref="Amount"/>; this pattern only helps editors.
    /// </summary>
    public const string Pattern = @"^[+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei|[eE][-+]?[0-9]+)?$";

    [GeneratedRegex(@"^([+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(.*)$")]
    private static partial Regex NumberAndSuffix();

    public static Quantity? Parse(YamlScalar scalar, QuantityKind kind) => Parse(scalar.Value.Trim(), kind);

    /// <summary>A bare integer is Opta's unit (m or Mi) for CPU and memory; anything else must be a Kubernetes quantity.</summary>
    public static Quantity? Parse(string text, QuantityKind kind)
    {
        if (text.Length is 0 or > 40)
        {
            return null;
        }

        if (text.All(char.IsAsciiDigit) && kind != QuantityKind.Plain)
        {
            // Beyond decimal's range (29 digits and more) is beyond any cluster too; report it as too large, never throw.
            var n = decimal.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : decimal.MaxValue;
            return kind == QuantityKind.Cpu
                ? new($"{text}m", n / 1000m)
                : new($"{text}Mi", n >= decimal.MaxValue / (1024m * 1024m) ? decimal.MaxValue : n * 1024m * 1024m);
        }

        return Amount(text) is { } value ? new(text, value) : null;
    }

    /// <summary>A Kubernetes quantity's amount (cores or bytes) as the API server reads it; null when it is none.</summary>
    public static decimal? Amount(string text)
    {
        try
        {
            // ResourceQuantity clamps what does not fit 64 bits to the largest value; that is too large, not the largest.
            var value = Quantities.Of(text).ToDecimal();
            return value == long.MaxValue && text != "9223372036854775807" ? decimal.MaxValue : value;
        }
        catch (OverflowException)
        {
            return decimal.MaxValue;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException or DivideByZeroException)
        {
            return null;
        }
    }

    /// <summary>The largest amount accepted: Kubernetes stores quantities as 64-bit integers (of bytes, or of millicores).</summary>
    public static decimal MaxValue(QuantityKind kind) => kind == QuantityKind.Memory ? long.MaxValue : long.MaxValue / 1000m;

    /// <summary>This amount multiplied by <paramref name="factor"/>, keeping the unit: <c>512Mi</c> × 2 = <c>1024Mi</c>, <c>1e9</c> × 2 = <c>2e9</c>.</summary>
    public Quantity Times(int factor)
    {
        var match = NumberAndSuffix().Match(Text);
        if (!match.Success)
        {
            // A text the field's check already refused (a negative amount, say): nothing is planned from it, and a
            // rule comparing it with its multiple would only repeat the refusal.
            return this;
        }

        try
        {
            var number = decimal.Parse(match.Groups[1].Value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture) * factor;
            var text = number.ToString("0.############", CultureInfo.InvariantCulture) + match.Groups[2].Value;
            return new(text, Value * factor);
        }
        catch (OverflowException)
        {
            // Only reached for amounts already refused as too large.
            return new(Text, decimal.MaxValue);
        }
    }
}
