using System.Globalization;
using Opta.Diagnostics;
using Opta.Yaml;

using Opta.Spec;

namespace Opta.Validation;

/// <summary>
/// The first stage of validation, the shape of the file: checks a YAML node against a <see cref="FieldType"/>: unknown fields (with a did-you-mean), wrong types,
/// missing required fields, and fields opta-infra deprecates, ignores or refuses. Reports every problem.
/// </summary>
public sealed class SchemaChecker(DiagnosticBag diagnostics)
{
    // Where the walk is; a message writes it out.
    private readonly NodePath path = new();

    /// <summary>Checks <paramref name="node"/>; <paramref name="outer"/> is the enclosing object, used to spot mis-indented keys.</summary>
    public void Check(YamlValue node, FieldType type, string path, ObjectType? outer = null)
    {
        this.path.Start(path);
        Walk(node, type, outer);
    }

    /// <summary>The path of the node the walk is at, as messages write it.</summary>
    private string Path() => path.ToString();

    private void Walk(YamlValue node, FieldType type, ObjectType? outer)
    {
        if (node is YamlScalar { IsUnresolved: true })
        {
            return;
        }

        switch (type)
        {
            case AnyType:
                return;
            case ObjectType obj:
                CheckObject(node, obj, outer);
                return;
            case ListType list:
                if (node is not YamlList items)
                {
                    WrongType(node, type);
                    return;
                }

                if (items.Items.Count > list.MaxItems)
                {
                    diagnostics.Error(node.Position, $"{Path()}: has {items.Items.Count} items; at most {list.MaxItems} are accepted (a limit that keeps planning bounded): remove some");
                }

                for (var i = 0; i < items.Items.Count; i++)
                {
                    path.EnterIndex(i);
                    Walk(items.Items[i], list.Item, outer);
                    path.Leave();
                }

                return;
            case MapType map:
                if (node is not YamlMap entries)
                {
                    WrongType(node, type);
                    return;
                }

                if (entries.Entries.Count > map.MaxEntries)
                {
                    diagnostics.Error(node.Position, $"{Path()}: has {entries.Entries.Count} entries; at most {map.MaxEntries} are accepted (a limit that keeps planning bounded): remove some");
                }

                foreach (var e in entries.Entries)
                {
                    path.EnterKey(e.Key.Value);
                    if (e.Value is YamlScalar { IsNull: true } && map.Value is StringType)
                    {
                        diagnostics.Error(e.Value.Position, $"{Path()}: the value is empty (null); write a string, e.g. \"\"");
                    }
                    else
                    {
                        Walk(e.Value, map.Value, null);
                    }

                    path.Leave();
                }

                return;
            case OneOfType oneOf:
                var match = oneOf.Alternatives.FirstOrDefault(a => ShapeMatches(node, a));
                if (match is null)
                {
                    WrongType(node, type);
                    return;
                }

                Walk(node, match, outer);
                return;
            default:
                CheckScalar(node, type);
                return;
        }
    }

    private void CheckObject(YamlValue node, ObjectType obj, ObjectType? outer)
    {
        if (node is not YamlMap map)
        {
            WrongType(node, obj);
            return;
        }

        foreach (var (key, value) in map.Entries)
        {
            path.EnterField(key.Value);
            CheckField(key, value, obj, outer);
            path.Leave();
        }

        foreach (var field in obj.Fields)
        {
            if (!field.Required)
            {
                continue;
            }

            var value = map.Get(field.Name);
            if (value is null || value is YamlScalar { IsNull: true })
            {
                var where = value?.Position ?? map.Position;
                var at = Path();
                var prefix = at.Length == 0 ? "" : at + ".";
                diagnostics.Error(where, $"{prefix}{field.Name}: required field is missing; add `{field.Name}:` ({field.Type.Describe()}) to {obj.Noun}");
            }
        }
    }

    /// <summary>One entry of an object, the walk at its key.</summary>
    private void CheckField(YamlScalar key, YamlValue value, ObjectType obj, ObjectType? outer)
    {
        var field = obj.Find(key.Value);
        if (field is null)
        {
            UnknownField(key, obj, outer);
            return;
        }

        switch (field.Support)
        {
            case FieldSupport.Unsupported:
                diagnostics.Error(key.Position, $"{Path()}: not supported by opta-infra: {field.SupportNote}");
                return;
            case FieldSupport.Deprecated:
                diagnostics.Warning(key.Position, $"{Path()}: deprecated: {field.SupportNote}");
                break;
            case FieldSupport.Ignored:
                diagnostics.Warning(key.Position, $"{Path()}: ignored: {field.SupportNote}");
                break;
        }

        if (value is YamlScalar { IsNull: true } && !field.Required)
        {
            return;
        }

        Walk(value, field.Type, obj);
    }

    private void UnknownField(YamlScalar key, ObjectType obj, ObjectType? outer)
    {
        var message = $"{Path()}: unknown field '{key.Value}' in {obj.Noun}";
        var suggestion = DidYouMean.Suggest(key.Value, obj.Fields.Where(f => f.Support != FieldSupport.Unsupported).Select(f => f.Name));
        if (suggestion is not null)
        {
            message += $"; did you mean '{suggestion}'?";
        }
        else if (outer?.Find(key.Value) is not null)
        {
            message += $"; '{key.Value}' is a field of {outer.Noun}: is it indented too far? Move it left to line up with the fields of {outer.Noun}";
        }
        else if (obj.Fields.Count <= 8)
        {
            message += "; the fields are " + string.Join(", ", obj.Fields.Select(f => f.Name));
        }
        else
        {
            message += "; see docs/fields.md for the fields it takes";
        }

        diagnostics.Error(key.Position, message);
    }

    private void CheckScalar(YamlValue node, FieldType type)
    {
        if (node is not YamlScalar scalar || scalar.IsNull)
        {
            WrongType(node, type);
            return;
        }

        switch (type)
        {
            case StringType s:
                if (scalar.Value.Length > s.MaxLength)
                {
                    diagnostics.Error(scalar.Position, $"{Path()}: the value is {scalar.Value.Length:N0} characters; at most {s.MaxLength:N0} are accepted: shorten it");
                }
                else if (s.Allowed is { Count: > 0 } && !s.Allowed.Contains(scalar.Value, StringComparer.Ordinal))
                {
                    var hint = DidYouMean.Suggest(scalar.Value, s.Allowed);
                    diagnostics.Error(scalar.Position, $"{Path()}: '{scalar.Value}' is not allowed; use one of {string.Join(", ", s.Allowed)}" + (hint is null ? "" : $" (did you mean '{hint}'?)"));
                }
                else if (s.Pattern is not null && !StringPatterns.IsMatch(scalar.Value, s.Pattern))
                {
                    diagnostics.Error(scalar.Position, $"{Path()}: '{scalar.Value}' must be {s.PatternRule}");
                }

                return;
            case IntType i:
                if (!scalar.TryInteger(out var n))
                {
                    WrongType(node, type);
                }
                else if (n < i.Min || n > i.Max)
                {
                    diagnostics.Error(scalar.Position, $"{Path()}: {n} is out of range; it must be {i.Describe()}");
                }

                return;
            case BoolType:
                if (!scalar.TryBool(out _))
                {
                    WrongType(node, type);
                }

                return;
            case QuantityType q:
                if (Quantity.Parse(scalar, q.Kind) is not { } parsed)
                {
                    diagnostics.Error(scalar.Position, $"{Path()}: {scalar.Describe()} is not a valid {q.Noun} amount; use {q.Describe()}");
                }
                else if (parsed.Value <= 0)
                {
                    diagnostics.Error(scalar.Position, $"{Path()}: {scalar.Describe()} must be greater than zero");
                }
                else if (parsed.Value > Quantity.MaxValue(q.Kind))
                {
                    diagnostics.Error(scalar.Position, $"{Path()}: {scalar.Describe()} is too large; Kubernetes stores at most {Quantity.MaxValue(q.Kind):0} {q.Unit}");
                }

                return;
        }
    }

    private void WrongType(YamlValue node, FieldType type) =>
        diagnostics.Error(node.Position, $"{Path()}: expected {type.Describe()}, got {node.Describe()}");

    private static bool ShapeMatches(YamlValue node, FieldType type) => (node, type) switch
    {
        (YamlList, ListType) => true,
        (YamlMap, MapType or ObjectType) => true,
        (YamlScalar, StringType or IntType or BoolType or QuantityType) => true,
        (_, AnyType) => true,
        _ => false,
    };
}
