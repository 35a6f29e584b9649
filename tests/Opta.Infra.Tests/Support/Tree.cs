using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Opta.Diffing;

namespace Opta.Infra.Tests.Support;

/// <summary>
/// A plain data tree (maps with ordinal keys, lists, strings, numbers as double, bools) so that a rendered
/// YAML document, an object's JSON and the inputs Pulumi serialized can be compared field by field.
/// </summary>
internal static class Tree
{
    /// <summary>Pulumi's serialized inputs (what the mock monitor receives).</summary>
    public static object? FromInputs(object? value) => value switch
    {
        null => null,
        string s => s,
        bool b => b,
        double d => d,
        int i => (double)i,
        IDictionary map => map.Keys.Cast<string>().ToDictionary(k => k, k => FromInputs(map[k]), StringComparer.Ordinal),
        IEnumerable list => list.Cast<object?>().Select(FromInputs).ToList(),
        _ => throw new ArgumentException($"unexpected input value {value.GetType()}"),
    };

    /// <summary>A JSON value, e.g. an object as KubernetesClient serializes it.</summary>
    public static object? FromJson(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => obj.ToDictionary(e => e.Key, e => FromJson(e.Value), StringComparer.Ordinal),
        JsonArray array => array.Select(FromJson).ToList(),
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            // Whether the value holds a long, a double or a JSON element, its JSON text is the number.
            JsonValueKind.Number => double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => null,
        },
        _ => throw new ArgumentException($"unexpected JSON node {node}"),
    };

    /// <summary>Every document of a YAML stream, as <c>render</c> prints it, read by the engine's one YAML-to-JSON reader.</summary>
    public static List<Dictionary<string, object?>> FromYamlStream(string yaml) =>
        ManifestYaml.Parse(yaml).Select(d => (Dictionary<string, object?>)FromJson(d.Root)!).ToList();

    /// <summary>Every difference between two trees, one line each with its path; empty when equal.</summary>
    public static List<string> Diff(object? expected, object? actual, string path = "")
    {
        var differences = new List<string>();
        Compare(expected, actual, path, differences);
        return differences;
    }

    private static void Compare(object? expected, object? actual, string path, List<string> differences)
    {
        switch (expected, actual)
        {
            case (Dictionary<string, object?> e, Dictionary<string, object?> a):
                foreach (var key in e.Keys.Union(a.Keys).Order(StringComparer.Ordinal))
                {
                    var child = path.Length == 0 ? key : $"{path}.{key}";
                    if (!a.ContainsKey(key))
                    {
                        differences.Add($"{child}: missing (expected {Show(e[key])})");
                    }
                    else if (!e.ContainsKey(key))
                    {
                        differences.Add($"{child}: unexpected {Show(a[key])}");
                    }
                    else
                    {
                        Compare(e[key], a[key], child, differences);
                    }
                }

                break;
            case (List<object?> e, List<object?> a):
                if (e.Count != a.Count)
                {
                    differences.Add($"{path}: {a.Count} items, expected {e.Count}: {Show(a)} vs {Show(e)}");
                    break;
                }

                for (var i = 0; i < e.Count; i++)
                {
                    Compare(e[i], a[i], $"{path}[{i}]", differences);
                }

                break;
            default:
                if (!Equals(expected, actual))
                {
                    differences.Add($"{path}: expected {Show(expected)}, got {Show(actual)}");
                }

                break;
        }
    }

    public static string Show(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        bool b => b ? "true" : "false",
        double d => d.ToString(CultureInfo.InvariantCulture),
        Dictionary<string, object?> map => "{" + string.Join(", ", map.Select(e => $"{e.Key}: {Show(e.Value)}")) + "}",
        List<object?> list => "[" + string.Join(", ", list.Select(Show)) + "]",
        _ => value.ToString() ?? "",
    };

    /// <summary>Navigates a tree by a path of map keys and list indexes.</summary>
    public static object? At(object? tree, params object[] path)
    {
        foreach (var step in path)
        {
            tree = (tree, step) switch
            {
                (Dictionary<string, object?> map, string key) => map.GetValueOrDefault(key),
                (List<object?> list, int index) => list[index],
                _ => throw new ArgumentException($"cannot step {step} into {Show(tree)}"),
            };
        }

        return tree;
    }
}
