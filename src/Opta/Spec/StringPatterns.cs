using System.Text.RegularExpressions;

namespace Opta.Spec;

/// <summary>The patterns of <see cref="StringType"/> fields, compiled ahead of time.</summary>
/// <remarks>
/// A pattern is text in the field table because the JSON Schema prints it. Matching that text with
/// <see cref="Regex.IsMatch(string, string)"/> parses it at run time and, in the native build, interprets it: a cost
/// a small <c>validate</c> paid for every file. The field tables' patterns are generated here instead; any other
/// pattern still works, through the regex cache.
/// </remarks>
internal static partial class StringPatterns
{
    private static readonly Dictionary<string, Regex> Precompiled = Build();

    /// <summary>Whether <paramref name="value"/> matches <paramref name="pattern"/>, as <see cref="Regex.IsMatch(string, string)"/> says.</summary>
    public static bool IsMatch(string value, string pattern) =>
        Precompiled.TryGetValue(pattern, out var regex) ? regex.IsMatch(value) : Regex.IsMatch(value, pattern);

    internal static bool IsPrecompiled(string pattern) => Precompiled.ContainsKey(pattern);

    private static Dictionary<string, Regex> Build()
    {
        var patterns = new Dictionary<string, Regex>(StringComparer.Ordinal);
        patterns.TryAdd(FileFields.LayerNamePattern, LayerName());
        patterns.TryAdd(K8sServiceFields.ModuleNamePattern, ModuleName());
        patterns.TryAdd(K8sServiceFields.PortNamePattern, PortName());
        patterns.TryAdd(Validation.KubernetesRules.EnvVarNameRegex, EnvVarName());
        return patterns;
    }

    [GeneratedRegex(FileFields.LayerNamePattern)]
    private static partial Regex LayerName();

    [GeneratedRegex(K8sServiceFields.ModuleNamePattern)]
    private static partial Regex ModuleName();

    [GeneratedRegex(K8sServiceFields.PortNamePattern)]
    private static partial Regex PortName();

    [GeneratedRegex(Validation.KubernetesRules.EnvVarNameRegex)]
    private static partial Regex EnvVarName();
}
