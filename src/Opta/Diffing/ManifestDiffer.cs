using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Opta.Diffing;

/// <summary>
/// Compares two sets of manifests object by object and field by field. Objects match by <see cref="ObjectKey"/>;
/// list items match by <c>name</c> when every item on both sides has a distinct one (as strategic merge does for
/// containers, env, ports, volumes), otherwise by index.
/// </summary>
public static partial class ManifestDiffer
{
    public const string MaskedValue = "***";

    /// <summary>
    /// Creates and updates in the order of <paramref name="current"/>, then deletes in the order of
    /// <paramref name="baseline"/>. Both sets must be free of duplicate keys.
    /// </summary>
    public static PlanDiff Diff(IReadOnlyList<Manifest> baseline, IReadOnlyList<Manifest> current, DiffOptions? options = null)
    {
        options ??= new DiffOptions();
        var before = baseline.ToDictionary(m => m.Key);
        var changes = new List<ObjectChange>();
        var unchanged = 0;
        var matched = new HashSet<ObjectKey>();
        foreach (var now in current)
        {
            if (!before.TryGetValue(now.Key, out var then))
            {
                changes.Add(new ObjectChange(ObjectAction.Create, now.Key, []));
                continue;
            }

            matched.Add(now.Key);
            var fields = new List<FieldChange>();
            var secret = now.Key is { Kind: "Secret", ApiVersion: "v1" } && !options.ShowSecrets;
            CompareMaps("", then.Body, now.Body, fields, secret ? SecretScope.Root : SecretScope.None);
            if (fields.Count == 0)
            {
                unchanged++;
            }
            else
            {
                changes.Add(new ObjectChange(ObjectAction.Update, now.Key, fields));
            }
        }

        changes.AddRange(baseline.Where(m => !matched.Contains(m.Key)).Select(m => new ObjectChange(ObjectAction.Delete, m.Key, [])));
        var bodies = baseline.Concat(current).GroupBy(m => m.Key).ToDictionary(g => g.Key, g => g.First().Body);
        return new PlanDiff(ExplainRenamedIngresses(changes, bodies), unchanged);
    }

    /// <summary>
    /// An Ingress is named after a hash of its route's domain and path (as Opta named them), so a changed
    /// <c>public_uri</c> is a new Ingress and the old one's delete. Such a pair (same namespace, same module) gets
    /// a note on both sides: why, and that the new one exists before the old one goes.
    /// </summary>
    private static List<ObjectChange> ExplainRenamedIngresses(List<ObjectChange> changes, Dictionary<ObjectKey, JsonObject> bodies)
    {
        string? ModuleOf(ObjectChange c) =>
            c.Key.Kind == "Ingress" && bodies[c.Key]["metadata"]?["labels"]?["app.kubernetes.io/instance"] is JsonValue v && v.TryGetValue<string>(out var s)
                ? c.Key.Namespace + "/" + s
                : null;

        var groups = changes.Where(c => c.Action != ObjectAction.Update && ModuleOf(c) is not null).GroupBy(c => ModuleOf(c)!)
            .Where(g => g.Any(c => c.Action == ObjectAction.Create) && g.Any(c => c.Action == ObjectAction.Delete))
            .ToDictionary(g => g.Key, g => g.ToList());
        if (groups.Count == 0)
        {
            return changes;
        }

        return changes.Select(c =>
        {
            if (ModuleOf(c) is not { } module || !groups.TryGetValue(module, out var group))
            {
                return c;
            }

            var others = group.Where(o => o.Action != c.Action).Select(o => o.Key.Name).ToList();
            var them = string.Join(", ", others);
            return c with
            {
                Note = c.Action == ObjectAction.Create
                    ? $"renamed Ingress: its name carries a hash of its route (public_uri domain and path, as Opta named Ingresses), so a changed route is a new Ingress, replacing {them}; Pulumi creates it before it deletes the old one, so the service is never without an Ingress"
                    : $"replaced by {them}: the route changed, and the Ingress name carries the route's hash; deleted after the new one exists",
            };
        }).ToList();
    }

    private enum SecretScope
    {
        None,
        Root,
        Masked,
    }

    private static void Compare(string path, JsonNode? old, JsonNode? now, List<FieldChange> changes, SecretScope scope)
    {
        if (JsonNode.DeepEquals(old, now))
        {
            return;
        }

        switch (old, now)
        {
            case (JsonObject a, JsonObject b):
                CompareMaps(path, a, b, changes, scope);
                break;
            case (JsonArray a, JsonArray b):
                CompareLists(path, a, b, changes, scope);
                break;
            default:
                changes.Add(Change(path, FieldChangeKind.Changed, old, now, scope));
                break;
        }
    }

    private static void CompareMaps(string path, JsonObject old, JsonObject now, List<FieldChange> changes, SecretScope scope)
    {
        foreach (var (key, value) in now)
        {
            var child = Child(path, key);
            var childScope = ScopeOf(scope, key);
            if (old.TryGetPropertyValue(key, out var before))
            {
                Compare(child, before, value, changes, childScope);
            }
            else
            {
                changes.Add(Change(child, FieldChangeKind.Added, null, value, childScope));
            }
        }

        foreach (var (key, value) in old)
        {
            if (!now.ContainsKey(key))
            {
                changes.Add(Change(Child(path, key), FieldChangeKind.Removed, value, null, ScopeOf(scope, key)));
            }
        }
    }

    private static void CompareLists(string path, JsonArray old, JsonArray now, List<FieldChange> changes, SecretScope scope)
    {
        var oldNames = NamesOf(old);
        var newNames = NamesOf(now);
        if (oldNames is null || newNames is null || oldNames.Count + newNames.Count == 0)
        {
            for (var i = 0; i < Math.Max(old.Count, now.Count); i++)
            {
                var child = $"{path}[{i}]";
                if (i >= old.Count)
                {
                    changes.Add(Change(child, FieldChangeKind.Added, null, now[i], scope));
                }
                else if (i >= now.Count)
                {
                    changes.Add(Change(child, FieldChangeKind.Removed, old[i], null, scope));
                }
                else
                {
                    Compare(child, old[i], now[i], changes, scope);
                }
            }

            return;
        }

        var oldByName = oldNames.Select((n, i) => (n, i)).ToDictionary(x => x.n, x => old[x.i]);
        for (var i = 0; i < now.Count; i++)
        {
            var child = $"{path}[name={Quote(newNames[i])}]";
            if (oldByName.TryGetValue(newNames[i], out var before))
            {
                Compare(child, before, now[i], changes, scope);
            }
            else
            {
                changes.Add(Change(child, FieldChangeKind.Added, null, now[i], scope));
            }
        }

        var newSet = newNames.ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < old.Count; i++)
        {
            if (!newSet.Contains(oldNames[i]))
            {
                changes.Add(Change($"{path}[name={Quote(oldNames[i])}]", FieldChangeKind.Removed, old[i], null, scope));
            }
        }

        var oldSet = oldNames.ToHashSet(StringComparer.Ordinal);
        var keptBefore = oldNames.Where(newSet.Contains).ToList();
        var keptNow = newNames.Where(oldSet.Contains).ToList();
        if (!keptBefore.SequenceEqual(keptNow, StringComparer.Ordinal))
        {
            changes.Add(new FieldChange(path, FieldChangeKind.Reordered, Names(keptBefore), Names(keptNow), false));
        }
    }

    /// <summary>The <c>name</c> of every item, or null unless every item is a map with a distinct string name.</summary>
    private static List<string>? NamesOf(JsonArray list)
    {
        var names = new List<string>(list.Count);
        foreach (var item in list)
        {
            if (item is not JsonObject map || map["name"] is not JsonValue v || !v.TryGetValue<string>(out var name))
            {
                return null;
            }

            names.Add(name);
        }

        return names.Distinct(StringComparer.Ordinal).Count() == names.Count ? names : null;
    }

    private static JsonArray Names(IEnumerable<string> names) => new(names.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray());

    private static SecretScope ScopeOf(SecretScope parent, string key) => parent switch
    {
        SecretScope.Root => key is "data" or "stringData" ? SecretScope.Masked : SecretScope.None,
        _ => parent,
    };

    private static FieldChange Change(string path, FieldChangeKind kind, JsonNode? old, JsonNode? now, SecretScope scope) =>
        scope == SecretScope.Masked
            ? new FieldChange(path, kind, Mask(old), Mask(now), true)
            : new FieldChange(path, kind, old?.DeepClone(), now?.DeepClone(), false);

    /// <summary>Every value replaced by <c>***</c>; the keys of maps stay, as kubectl shows them.</summary>
    private static JsonNode? Mask(JsonNode? node) => node switch
    {
        null => null,
        JsonObject map => new JsonObject(map.Select(e => KeyValuePair.Create(e.Key, Mask(e.Value)))),
        JsonArray list => new JsonArray(list.Select(Mask).ToArray()),
        _ => JsonValue.Create(MaskedValue),
    };

    private static string Child(string path, string key)
    {
        var segment = PlainKey().IsMatch(key) ? key : $"[{Quote(key, always: true)}]";
        return path.Length == 0 ? (segment.StartsWith('[') ? segment : key) : segment.StartsWith('[') ? path + segment : $"{path}.{key}";
    }

    private static string Quote(string text, bool always = false) =>
        !always && PlainName().IsMatch(text)
            ? text
            : "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n") + "\"";

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_-]*$")]
    private static partial Regex PlainKey();

    [GeneratedRegex(@"^[A-Za-z0-9_.:/-]+$")]
    private static partial Regex PlainName();
}
