using Opta.Diagnostics;
using Opta.Yaml;

namespace Opta.Spec;

/// <summary>
/// One link as written in <c>links</c>: the target module, and either a rename map (<c>{db_user: DBUSER, …}</c>) or
/// permissions (<c>[read, write]</c>). <paramref name="Path"/> is how messages name it (<c>modules[0].links[1]</c>).
/// </summary>
public sealed record LinkSpec(string Target, SourcePosition At, string Path)
{
    public IReadOnlyList<string> Permissions { get; init; } = [];

    /// <summary>The renames, each with where it was written; null when the link has no rename map.</summary>
    public IReadOnlyList<(string Variable, string Name, SourcePosition At)>? Renames { get; init; }

    /// <summary>Where the rename map was written.</summary>
    public SourcePosition RenamesAt { get; init; }

    /// <summary>Items of the link's list that are neither a permission nor a rename map (reported by the rules).</summary>
    public IReadOnlyList<YamlValue> Malformed { get; init; } = [];

    /// <summary>
    /// Reads <c>links</c> in Opta's forms: <c>- db</c>, <c>- db: [ {rename map} ]</c>, <c>- bucket: [read, write]</c>
    /// (a map may hold several targets). Shapes the shape check refused are skipped.
    /// </summary>
    public static IReadOnlyList<LinkSpec> Read(YamlMap module, int index)
    {
        var result = new List<LinkSpec>();
        if (module["links"] is not YamlList list)
        {
            return result;
        }

        for (var i = 0; i < list.Items.Count; i++)
        {
            var path = $"modules[{index}].links[{i}]";
            switch (list.Items[i])
            {
                case YamlScalar { IsNull: false, IsUnresolved: false } s:
                    result.Add(new LinkSpec(s.Value, s.Position, path));
                    break;
                case YamlMap map:
                    foreach (var (key, value) in map.Entries)
                    {
                        result.Add(WithParameters(new LinkSpec(key.Value, key.Position, $"{path}.{key.Value}"), value));
                    }

                    break;
            }
        }

        return result;
    }

    private static LinkSpec WithParameters(LinkSpec link, YamlValue value)
    {
        var items = value switch
        {
            YamlList l => l.Items,
            YamlMap m => [m],
            _ => [],
        };
        var permissions = new List<string>();
        var malformed = new List<YamlValue>();
        List<(string, string, SourcePosition)>? renames = null;
        var renamesAt = link.At;
        foreach (var item in items)
        {
            switch (item)
            {
                case YamlScalar { IsNull: false } p:
                    permissions.Add(p.Value);
                    break;
                case YamlMap m when m.Entries.All(e => e.Value is YamlScalar { IsNull: false }):
                    renames ??= [];
                    renamesAt = m.Position;
                    renames.AddRange(m.Entries.Select(e => (e.Key.Value, ((YamlScalar)e.Value).Value, e.Key.Position)));
                    break;
                default:
                    malformed.Add(item);
                    break;
            }
        }

        return link with { Permissions = permissions, Renames = renames, RenamesAt = renamesAt, Malformed = malformed };
    }
}
