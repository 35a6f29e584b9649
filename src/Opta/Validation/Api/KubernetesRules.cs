using System.Globalization;
using System.Text.RegularExpressions;

namespace Opta.Validation;

/// <summary>
/// The syntax rules the Kubernetes API server enforces (k8s.io/apimachinery's validation package), as
/// functions that return null for a valid value or the rule it breaks, phrased for a message.
/// </summary>
public static partial class KubernetesRules
{
    /// <summary>The most bytes of values one Secret (or ConfigMap) may hold.</summary>
    public const long MaxSecretBytes = 1024 * 1024;

    public const int LabelValueMaxLength = 63;
    public const int DnsLabelMaxLength = 63;
    public const int DnsSubdomainMaxLength = 253;
    public const int CronJobNameMaxLength = 52;
    public const int StatefulSetNameMaxLength = 52;
    public const int PortNameMaxLength = 15;
    public const int AnnotationsMaxBytes = 256 * 1024;

    /// <summary>An environment variable name (also the <c>env_vars[].name</c> field's pattern).</summary>
    public const string EnvVarNameRegex = "^[-._a-zA-Z][-._a-zA-Z0-9]*$";

    [GeneratedRegex(@"^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$")]
    private static partial Regex EveryDurationPattern();

    // The name rules below are the API server's regular expressions written as loops over the characters: they run
    // for every name and label of every planned object, and a loop costs a small part of a regex match. Each
    // names the expression it implements; NameSyntaxTests hold the two equal on generated strings. Unlike .NET's
    // `$`, nothing here accepts a trailing newline, which the API server refuses.

    /// <summary><c>^[a-z0-9]([-a-z0-9]*[a-z0-9])?$</c></summary>
    internal static bool IsDns1123Label(ReadOnlySpan<char> value) =>
        value.Length > 0 && IsLowerAlphanumeric(value[0]) && IsLowerAlphanumeric(value[^1]) && AllLowerAlphanumericOrDash(value);

    /// <summary><c>^[a-z]([-a-z0-9]*[a-z0-9])?$</c></summary>
    internal static bool IsDns1035Label(ReadOnlySpan<char> value) =>
        value.Length > 0 && char.IsAsciiLetterLower(value[0]) && IsLowerAlphanumeric(value[^1]) && AllLowerAlphanumericOrDash(value);

    /// <summary><c>^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$</c>: a label value or the name part of a key.</summary>
    internal static bool IsQualifiedNamePart(ReadOnlySpan<char> value)
    {
        if (value.Length == 0 || !char.IsAsciiLetterOrDigit(value[0]) || !char.IsAsciiLetterOrDigit(value[^1]))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><see cref="EnvVarNameRegex"/>.</summary>
    internal static bool IsEnvVarName(ReadOnlySpan<char> value)
    {
        if (value.Length == 0 || char.IsAsciiDigit(value[0]))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsLowerAlphanumeric(char c) => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c);

    private static bool AllLowerAlphanumericOrDash(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (!IsLowerAlphanumeric(c) && c != '-')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>RFC 1123 label: namespaces.</summary>
    public static string? Dns1123Label(string value) =>
        value.Length > DnsLabelMaxLength ? $"is {value.Length} characters, over the limit of {DnsLabelMaxLength}"
        : IsDns1123Label(value) ? null
        : "must be lowercase letters, digits and '-', starting and ending with a letter or digit";

    /// <summary>RFC 1035 label: Service names.</summary>
    public static string? Dns1035Label(string value) =>
        value.Length > DnsLabelMaxLength ? $"is {value.Length} characters, over the limit of {DnsLabelMaxLength}"
        : IsDns1035Label(value) ? null
        : "must be lowercase letters, digits and '-', starting with a letter and ending with a letter or digit";

    /// <summary>RFC 1123 subdomain: most object names; <paramref name="maxLength"/> is lower for some kinds.</summary>
    public static string? Dns1123Subdomain(string value, int maxLength = DnsSubdomainMaxLength)
    {
        if (value.Length > maxLength)
        {
            return $"is {value.Length} characters, over the limit of {maxLength}";
        }

        return IsDns1123Subdomain(value) ? null
            : "must be lowercase letters, digits, '-' and '.', each dot-separated part starting and ending with a letter or digit";
    }

    /// <summary>Every dot-separated part of <paramref name="value"/> an RFC 1123 label (no length limit).</summary>
    private static bool IsDns1123Subdomain(ReadOnlySpan<char> value)
    {
        if (value.Length == 0)
        {
            return false;
        }

        foreach (var part in value.Split('.'))
        {
            if (!IsDns1123Label(value[part]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A label or annotation key: an optional DNS-subdomain prefix and '/', then a name of at most 63 characters.</summary>
    public static string? QualifiedName(string key)
    {
        var slash = key.IndexOf('/');
        var name = slash < 0 ? key.AsSpan() : key.AsSpan(slash + 1);
        if (slash >= 0)
        {
            if (slash == 0)
            {
                return "has an empty prefix before '/'";
            }

            if (slash > DnsSubdomainMaxLength || !IsDns1123Subdomain(key.AsSpan(0, slash)))
            {
                var prefix = key[..slash];
                return $"has a prefix '{prefix}' that {Dns1123Subdomain(prefix)} (the prefix is a DNS subdomain)";
            }
        }

        if (name.Length == 0)
        {
            return "has an empty name";
        }

        if (name.Length > LabelValueMaxLength)
        {
            return $"has a name part of {name.Length} characters, over the limit of {LabelValueMaxLength}";
        }

        return IsQualifiedNamePart(name) ? null
            : "must be letters, digits, '-', '_' and '.', starting and ending with a letter or digit, with an optional DNS-subdomain prefix and '/'";
    }

    /// <summary>A label value: empty, or at most 63 of letters, digits, '-', '_', '.', starting and ending alphanumeric.</summary>
    public static string? LabelValue(string value) =>
        value.Length > LabelValueMaxLength ? $"is {value.Length} characters, over the limit of {LabelValueMaxLength} for a label value"
        : value.Length == 0 || IsQualifiedNamePart(value) ? null
        : "must be letters, digits, '-', '_' and '.', starting and ending with a letter or digit (a label value)";

    /// <summary>IANA_SVC_NAME: port names.</summary>
    public static string? PortName(string value)
    {
        if (value.Length > PortNameMaxLength)
        {
            return $"is {value.Length} characters, over the limit of {PortNameMaxLength} for a port name";
        }

        if (!IsDns1123Label(value))
        {
            return "must be lowercase letters, digits and '-', starting and ending with a letter or digit";
        }

        if (value.Contains("--", StringComparison.Ordinal))
        {
            return "must not contain two '-' in a row (an IANA service name)";
        }

        return value.Any(char.IsAsciiLetter) ? null : "must contain at least one letter";
    }

    public static string? PortNumber(int port) => port is >= 1 and <= 65535 ? null : "must be from 1 to 65535";

    public static string? EnvVarName(string name) =>
        IsEnvVarName(name) ? null : "must be letters, digits, '_', '-' and '.', not starting with a digit";

    /// <summary>What the kubelet can pull: not empty, no whitespace (the API server refuses surrounding whitespace).</summary>
    public static string? Image(string? image) =>
        string.IsNullOrEmpty(image) ? "is empty; a container needs an image"
        : image.Any(char.IsWhiteSpace) ? "contains whitespace, which no image reference has"
        : null;

    /// <summary>An Ingress host: a DNS subdomain, optionally starting with <c>*.</c>; not an IP address.</summary>
    public static string? IngressHost(string host)
    {
        var name = host.StartsWith("*.", StringComparison.Ordinal) ? host[2..] : host;
        if (System.Net.IPAddress.TryParse(name, out _))
        {
            return "is an IP address; an Ingress host must be a DNS name";
        }

        if (Dns1123Subdomain(name) is { } bad)
        {
            return bad;
        }

        return name.Split('.').FirstOrDefault(part => part.Length > DnsLabelMaxLength) is { } longPart
            ? $"has a part '{longPart}' of {longPart.Length} characters; each dot-separated part is at most {DnsLabelMaxLength}"
            : null;
    }

    /// <summary>A Kubernetes quantity as the API server parses it.</summary>
    public static string? Quantity(string text) => Spec.Quantity.Amount(text) is null ? "is not a Kubernetes quantity" : null;

    private static readonly (string Name, int Min, int Max, string[]? Names)[] CronFields =
    [
        ("minute", 0, 59, null),
        ("hour", 0, 23, null),
        ("day of month", 1, 31, null),
        ("month", 1, 12, ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]),
        ("day of week", 0, 6, ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]),
    ];

    private static readonly HashSet<string> CronDescriptors = new(StringComparer.Ordinal)
    {
        "@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly",
    };

    /// <summary>A CronJob schedule as the API server parses it (five fields or a descriptor; no time zone in it).</summary>
    public static string? CronSchedule(string schedule)
    {
        var text = schedule.Trim();
        if (text.StartsWith("TZ=", StringComparison.Ordinal) || text.StartsWith("CRON_TZ=", StringComparison.Ordinal))
        {
            return "sets a time zone, which Kubernetes refuses in the schedule";
        }

        if (text.StartsWith('@'))
        {
            if (CronDescriptors.Contains(text))
            {
                return null;
            }

            return text.StartsWith("@every ", StringComparison.Ordinal) && EveryDurationPattern().IsMatch(text[7..])
                ? null
                : $"is not a schedule; the descriptors are {string.Join(", ", CronDescriptors)} and @every DURATION";
        }

        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5)
        {
            return $"has {fields.Length} fields; a schedule has five (minute hour day-of-month month day-of-week), e.g. \"*/5 * * * *\"";
        }

        for (var i = 0; i < 5; i++)
        {
            if (CronField(fields[i], CronFields[i], allowQuestion: i is 2 or 4) is { } bad)
            {
                return $"has an invalid {CronFields[i].Name} field '{fields[i]}': {bad}";
            }
        }

        return null;
    }

    private static string? CronField(string field, (string Name, int Min, int Max, string[]? Names) spec, bool allowQuestion)
    {
        foreach (var part in field.Split(','))
        {
            var range = part;
            var slash = part.IndexOf('/');
            if (slash >= 0)
            {
                if (!int.TryParse(part[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var step) || step < 1)
                {
                    return "a step after '/' must be a positive number";
                }

                range = part[..slash];
            }

            if (range == "*" || (allowQuestion && range == "?"))
            {
                continue;
            }

            var bounds = range.Split('-');
            if (bounds.Length > 2)
            {
                return "a range is FROM-TO";
            }

            var values = new List<int>();
            foreach (var b in bounds)
            {
                var index = spec.Names is null ? -1 : Array.FindIndex(spec.Names, n => string.Equals(n, b, StringComparison.OrdinalIgnoreCase));
                if (index >= 0)
                {
                    values.Add(index + spec.Min);
                }
                else if (int.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                {
                    values.Add(n);
                }
                else
                {
                    return $"'{b}' is not a number";
                }
            }

            if (values.Any(v => v < spec.Min || v > spec.Max))
            {
                return $"values go from {spec.Min} to {spec.Max}";
            }

            if (values.Count == 2 && values[0] > values[1])
            {
                return "a range must go from low to high";
            }
        }

        return null;
    }
}
