using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Opta.Spec;
using Opta.Validation;

namespace Opta.Schema;

/// <summary>
/// Writes the JSON Schema (draft 2020-12) of opta.yaml from the field definitions the validator uses, so editors
/// complete and check the same fields <c>opta-infra validate</c> accepts. Cross-field rules (<c>port</c> or
/// <c>ports</c>, <c>min_containers</c> &lt;= <c>max_containers</c>, …) stay with the engine.
/// </summary>
/// <remarks>
/// Most users read this schema through the YAML language server (VS Code, Neovim, JetBrains), so it is shaped for
/// what that server shows, while staying plain JSON Schema for other tools: every field has a <c>title</c> (the hover
/// heading) and a <c>markdownDescription</c>; a value is one schema with a list of types rather than an
/// <c>anyOf</c>, because the server reports an <c>anyOf</c> as "Incorrect type" and hovers its branches; every
/// failing value carries an <c>errorMessage</c> that states the rule as <c>validate</c> does; unknown and refused
/// keys are refused by <c>propertyNames</c>, whose messages land on the key and may suggest the field that was meant;
/// deprecated and ignored fields carry a <c>deprecationMessage</c> (the server warns and leaves them out of
/// completion); refused ones are <c>doNotSuggest</c>. Modules are checked against their own type's fields only,
/// selected by <c>type</c> with <c>if</c>/<c>then</c> over <see cref="ModuleTypes.All"/>.
/// </remarks>
public static class JsonSchemaWriter
{
    public const string DraftUri = "https://json-schema.org/draft/2020-12/schema";

    /// <summary>What a string must contain to be an Opta interpolation such as <c>{vars.max}</c>.</summary>
    public const string InterpolationPattern = @"\{[^{}]+\}";

    /// <summary>The integers <see cref="Opta.Yaml.YamlScalar.TryInteger"/> reads from a string.</summary>
    public const string IntegerStringPattern = @"^\s*[-+]?[0-9]+\s*$";

    /// <summary>The key the module selection reads; every module type has it.</summary>
    private const string TypeKey = "type";

    /// <summary>Up to this many fields, a message about an unknown key lists them (as validate does) instead of suggesting one.</summary>
    private const int ListedFields = 8;

    private const string QuoteHint = " or a quoted interpolation such as \"{vars.x}\" (unquoted, {vars.x} is a YAML map)";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        IndentSize = 2,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The named definitions, by the identity of the object type they describe.</summary>
    private static readonly Dictionary<ObjectType, string> Definitions = new(ReferenceEqualityComparer.Instance)
    {
        [FileFields.ServiceFile] = "serviceFile",
        [FileFields.EnvironmentFile] = "environmentFile",
        [FileFields.EnvironmentEntry] = "environment",
        [FileFields.InputVariable] = "inputVariable",
    };

    static JsonSchemaWriter()
    {
        foreach (var type in ModuleTypes.All)
        {
            Definitions[type.Fields] = type.SchemaName;
        }
    }

    /// <summary>The schema as the text <c>opta-infra schema</c> prints and <c>schema/opta.schema.json</c> holds.</summary>
    public static string Write() => Build().ToJsonString(Json) + "\n";

    public static JsonObject Build()
    {
        // Defined first so they lead the file; the rules on keys add their steps after them.
        var defs = new JsonObject
        {
        };
        defs["serviceFile"] = FileObject(FileFields.ServiceFile, "serviceFile", Ref("module"), defs);
        defs["environmentFile"] = FileObject(FileFields.EnvironmentFile, "environmentFile", Ref("environmentModule"), defs);
        defs["environment"] = Object(FileFields.EnvironmentEntry, new Place("environments[].", Interpolated: false, Item: true, Outer: FileFields.ServiceFile, "environment", defs) { OuterScope = "serviceFile" });
        defs["inputVariable"] = Object(FileFields.InputVariable, new Place("input_variables[].", Interpolated: false, Item: true, Outer: FileFields.ServiceFile, "inputVariable", defs) { OuterScope = "serviceFile" });
        defs["module"] = ModuleSelection(serviceFile: true);
        defs["environmentModule"] = ModuleSelection(serviceFile: false);
        foreach (var type in ModuleTypes.All)
        {
            defs[type.SchemaName] = Module(type, defs);
        }

        return new JsonObject
        {
            ["$schema"] = DraftUri,
            ["title"] = "opta.yaml",
            ["description"] = "An Opta service file (`name`, `environments`, `modules`) or environment file (`name`, `org_name`, `providers`, `modules`) as opta-infra reads it. Generated from opta-infra's field definitions (`opta-infra schema`); rules between fields are checked by `opta-infra validate`.",
            // The loader's own test: an environment file has no `environments` but `org_name` or `providers`.
            ["if"] = new JsonObject
            {
                ["not"] = new JsonObject { ["required"] = Strings(["environments"]) },
                ["anyOf"] = new JsonArray(new JsonObject { ["required"] = Strings(["org_name"]) }, new JsonObject { ["required"] = Strings(["providers"]) }),
            },
            ["then"] = Ref("environmentFile"),
            ["else"] = Ref("serviceFile"),
            ["$defs"] = defs,
        };
    }

    /// <summary>The hover text: the description, the default and what opta-infra does with the field.</summary>
    public static string Describe(FieldDefinition field)
    {
        var text = field.Description;
        if (field.DefaultDisplay is { } d)
        {
            text += $" Default: {d}.";
        }

        text += field.Support switch
        {
            FieldSupport.Deprecated => $" Deprecated: {field.SupportNote}.",
            FieldSupport.Ignored => $" Ignored by opta-infra: {field.SupportNote}.",
            FieldSupport.Unsupported => $" Not supported by opta-infra: {field.SupportNote}.",
            _ => "",
        };
        if (field.New)
        {
            text += " (opta-infra only; Opta had no such field.)";
        }

        return text;
    }

    /// <summary>
    /// Where an object's fields are: the path prefix messages use, whether values are interpolated, whether it is a
    /// list item, the enclosing object, the definition it belongs to and the definitions to add to.
    /// </summary>
    private sealed record Place(string Prefix, bool Interpolated, bool Item, ObjectType? Outer, string Scope, JsonObject Defs)
    {
        /// <summary>The definition of <see cref="Outer"/>.</summary>
        public string OuterScope { get; init; } = "";
    }

    private static JsonObject FileObject(ObjectType type, string name, JsonObject modules, JsonObject defs)
    {
        var schema = Object(type, new Place("", Interpolated: false, Item: false, Outer: null, name, defs));
        // The loader reads modules as free-form; their fields are checked against their type's, after interpolation.
        schema["properties"]!["modules"]!["items"] = modules;
        return schema;
    }

    /// <summary>
    /// A module, before its type is known: <c>type</c> selects the definition its other fields are checked against. In a
    /// service file an unknown type is an error; an environment file's other modules (<c>base</c>, <c>dns</c>) are skipped.
    /// </summary>
    private static JsonObject ModuleSelection(bool serviceFile)
    {
        var names = ModuleTypes.All.SelectMany(t => t.TypeNames).ToList();
        var kinds = string.Join(", ", ModuleTypes.All.Where(t => t.Handling == ModuleHandling.Deployed).Select(t => t.Name));
        var typeField = new JsonObject
        {
            ["title"] = TypeKey,
            ["description"] = serviceFile
                ? $"The module type, which selects the module's fields: {kinds} (deployed), a flavored name Opta resolved one to, or another module type Opta had (cloud resources are left where they run, the others skipped; docs/fields.md)."
                : $"The module type. {Capitalize(kinds)} modules (or a flavored name) are checked and deployed; the others (`base`, `dns`, …) are Opta's and skipped.",
        };
        typeField["markdownDescription"] = typeField["description"]!.DeepClone();
        if (serviceFile)
        {
            typeField["enum"] = Strings(names);
            // The loader only warns (the rest of the file still deploys); Opta refused such a file, so the editor marks it.
            typeField["errorMessage"] = "type: not a module type Opta had (completion lists them), so opta-infra skips the module; correct the name or remove the module";
        }
        else
        {
            typeField["type"] = "string";
            typeField["errorMessage"] = "type: must be a string naming the module type";
        }

        var schema = new JsonObject
        {
            ["title"] = "module",
            ["description"] = serviceFile
                ? "A module of the service file; its `type` selects its fields (docs/fields.md)."
                : "A module of an environment file. Modules of a type opta-infra reads are checked and deployed when the environment file is given with `-c`; the others (`base`, `dns`, …) are Opta's and skipped (a `dns` module's `domain` is `{parent.domain}`).",
            ["type"] = "object",
            ["errorMessage"] = "a module must be a map with `type:` and the fields of its type",
            ["properties"] = new JsonObject { [TypeKey] = typeField },
        };
        schema["markdownDescription"] = schema["description"]!.DeepClone();
        var selection = new JsonArray(RequiredMark(TypeKey, $"type: required field is missing; add `type:` (such as {kinds}) to the module", onType: false));
        foreach (var type in ModuleTypes.All)
        {
            selection.Add((JsonNode)new JsonObject
            {
                ["if"] = new JsonObject
                {
                    // A module that is no map is told so once, by the selection, not again by every type's definition.
                    ["type"] = "object",
                    ["required"] = Strings([TypeKey]),
                    ["properties"] = new JsonObject { [TypeKey] = new JsonObject { ["enum"] = Strings(type.TypeNames) } },
                },
                ["then"] = Ref(type.SchemaName),
            });
        }

        schema["allOf"] = selection;
        return schema;
    }

    /// <summary>A module of one type: its module keys are used as written, every other value is interpolated first.</summary>
    private static JsonObject Module(ModuleTypeDefinition type, JsonObject defs)
    {
        var schema = Object(type.Fields, new Place("", Interpolated: true, Item: true, Outer: null, type.SchemaName, defs), type);
        schema["description"] = type.SchemaDescription;
        schema["markdownDescription"] = type.SchemaDescription;
        if (type.AcceptsAnyField)
        {
            // Opta's own fields of a module opta-infra does not deploy are accepted unchecked, as the loader does.
            schema.Remove("propertyNames");
        }

        return schema;
    }

    private static JsonObject Object(ObjectType type, Place place, ModuleTypeDefinition? module = null)
    {
        var schema = new JsonObject
        {
            ["title"] = Title(type.Noun) ?? "map",
            ["description"] = Capitalize(type.Noun) + ".",
            ["type"] = "object",
        };
        var properties = new JsonObject();
        foreach (var field in type.Fields)
        {
            var interpolated = place.Interpolated && module?.IsModuleKey(field) != true;
            properties[field.Name] = Field(field, place with { Interpolated = interpolated }, type);
        }

        schema["properties"] = properties;
        // Unknown and refused keys are refused here, on the key, instead of by additionalProperties: false, whose
        // message ("Property x is not allowed.") the server cannot word per key.
        schema["propertyNames"] = KeyRules(type, place);
        var required = type.Fields.Where(f => f.Required && (module is null || f.Name != TypeKey)).ToList();
        if (required.Count == 0)
        {
            return schema;
        }

        if (!place.Item)
        {
            // A map under a key: the server marks a missing field on that key.
            schema["required"] = Strings(required.Select(f => f.Name));
            return schema;
        }

        // A list item has no key of its own, where the server would mark one character; a module is marked on its
        // `type`, any other item as a whole, with validate's message.
        schema["allOf"] = new JsonArray([.. required.Select(f => (JsonNode)RequiredMark(
            f.Name,
            $"{place.Prefix}{f.Name}: required field is missing; add `{f.Name}:` ({f.Type.Describe()}) to {(module is null ? type.Noun : "this " + Title(type.Noun))}",
            onType: module is not null))]);
        return schema;
    }

    /// <summary>Fails, with <paramref name="message"/>, a map that lacks <paramref name="name"/>: on its <c>type</c> value or as a whole.</summary>
    private static JsonObject RequiredMark(string name, string message, bool onType)
    {
        var refuse = new JsonObject { ["enum"] = new JsonArray(), ["errorMessage"] = message };
        return new JsonObject
        {
            ["if"] = new JsonObject { ["not"] = new JsonObject { ["required"] = Strings([name]) } },
            ["then"] = onType ? new JsonObject { ["properties"] = new JsonObject { [TypeKey] = refuse } } : refuse,
        };
    }

    /// <summary>
    /// The rules on an object's keys, each failing with a message on the key: a refused field says why and what
    /// instead; an unknown key is told the field it most likely meant, or that it belongs to the enclosing object
    /// (indented too far), or where the fields are listed.
    /// </summary>
    private static JsonObject KeyRules(ObjectType type, Place place)
    {
        var rules = new JsonArray();
        foreach (var refused in type.Fields.Where(f => f.Support == FieldSupport.Unsupported))
        {
            rules.Add((JsonNode)new JsonObject
            {
                ["if"] = new JsonObject { ["const"] = refused.Name },
                ["then"] = new JsonObject { ["enum"] = new JsonArray(), ["errorMessage"] = $"{place.Prefix}{refused.Name}: not supported by opta-infra: {refused.SupportNote}" },
            });
        }

        var candidates = type.Fields.Where(f => f.Support != FieldSupport.Unsupported).Select(f => f.Name).ToList();
        // A short list of fields is the better hint, and spares the schema a pattern per field.
        var listed = candidates.Count <= ListedFields;
        JsonObject unknown = new()
        {
            ["enum"] = Strings(candidates),
            ["errorMessage"] = $"unknown field in {type.Noun}; " + (listed ? "the fields are " + string.Join(", ", candidates) : "see docs/fields.md for the fields it takes"),
        };
        if (place.Outer is { } outer)
        {
            // Only keys that are none of this object's fields get here, so the outer object's field list serves as is,
            // once for all the objects inside it.
            var fieldNames = place.OuterScope + ".fieldNames";
            place.Defs[fieldNames] ??= new JsonObject { ["enum"] = Strings(outer.Fields.Select(f => f.Name)) };
            unknown = new JsonObject
            {
                ["if"] = Ref(fieldNames),
                ["then"] = new JsonObject
                {
                    ["enum"] = new JsonArray(),
                    ["errorMessage"] = $"unknown field in {type.Noun}, but a field of {place.Outer!.Noun}: is it indented too far? Move it left to line up with the fields of {place.Outer.Noun}",
                },
                ["else"] = unknown,
            };
        }

        if (!listed)
        {
            // The first pattern that matches names the suggestion, as DidYouMean prefers the earlier of two fields. The
            // chain goes through definitions, one step each, so the file does not nest one level per field.
            var typos = KeyTypoPattern.For(candidates);
            for (var i = candidates.Count - 1; i >= 0; i--)
            {
                var step = new JsonObject
                {
                    ["if"] = new JsonObject { ["pattern"] = typos[i] },
                    // The one value the key may have is the suggestion, so the server's quick fix offers it.
                    ["then"] = new JsonObject { ["enum"] = Strings([candidates[i]]), ["errorMessage"] = $"unknown field in {type.Noun}; did you mean '{candidates[i]}'?" },
                    ["else"] = unknown,
                };
                var name = $"{place.Scope}.misspelt.{candidates[i]}";
                place.Defs[name] = step;
                unknown = Ref(name);
            }
        }

        rules.Add((JsonNode)new JsonObject
        {
            ["if"] = new JsonObject { ["not"] = new JsonObject { ["enum"] = Strings(type.Fields.Select(f => f.Name)) } },
            ["then"] = unknown,
        });
        // The server would otherwise offer these rules' values as keys; completion takes the keys from properties.
        return new JsonObject { ["doNotSuggest"] = true, ["allOf"] = rules };
    }

    private static JsonObject Field(FieldDefinition field, Place place, ObjectType owner)
    {
        var description = Describe(field);
        var schema = new JsonObject { ["title"] = field.Name, ["description"] = description, ["markdownDescription"] = description };
        if (field.Support == FieldSupport.Unsupported)
        {
            // Refused by the owner's propertyNames, on the key; not offered by completion.
            schema["deprecated"] = true;
            schema["doNotSuggest"] = true;
            return schema;
        }

        var path = place.Prefix + field.Name;
        foreach (var (key, value) in Type(field.Type, path, place, nullable: !field.Required, owner))
        {
            schema[key] = value?.DeepClone();
        }

        // A value inside the field (an environment variable's value, a command's item) hovers with the field's text.
        foreach (var inner in new[] { schema["additionalProperties"], schema["items"] })
        {
            if (inner is JsonObject value && value["properties"] is null && value["$ref"] is null)
            {
                value["title"] = field.Name;
                value["description"] = description;
                value["markdownDescription"] = description;
            }
        }

        if (DefaultValue(field) is { } value1)
        {
            schema["default"] = value1;
        }

        if (field.Support is FieldSupport.Deprecated or FieldSupport.Ignored)
        {
            schema["deprecated"] = true;
            schema["deprecationMessage"] = $"{path}: {(field.Support == FieldSupport.Deprecated ? "deprecated" : "ignored")}: {field.SupportNote}";
        }

        return schema;
    }

    /// <param name="path">The value's name in messages: <c>max_containers</c>, <c>ports[].port</c>.</param>
    /// <param name="owner">The object the value is a field of, for the keys of a nested object that belong to it.</param>
    private static JsonObject Type(FieldType type, string path, Place place, bool nullable, ObjectType owner)
    {
        var interpolated = place.Interpolated;
        switch (type)
        {
            case ObjectType obj when Definitions.TryGetValue(obj, out var name):
                return nullable ? new JsonObject { ["anyOf"] = new JsonArray(Ref(name), new JsonObject { ["type"] = "null" }) } : Ref(name);
            case ObjectType obj:
                var nested = Object(obj, place with { Prefix = path + ".", Item = false, Outer = owner, OuterScope = place.Scope, Scope = place.Scope + "." + path });
                nested.Remove("title");
                nested.Remove("description");
                if (nested["required"] is null)
                {
                    // On an object the server uses errorMessage for a missing field too; only a wrong type remains.
                    nested["errorMessage"] = $"{path} must be {obj.Describe()}";
                }

                return Nullable(nested, nullable);
            case ListType list:
                var array = new JsonObject { ["type"] = "array", ["maxItems"] = list.MaxItems, ["errorMessage"] = $"{path} must be {list.Describe()}" };
                if (list.Item is ObjectType itemObject && !Definitions.ContainsKey(itemObject))
                {
                    var item = Object(itemObject, place with { Prefix = path + "[].", Item = true, Outer = owner, OuterScope = place.Scope, Scope = place.Scope + "." + path });
                    if (item["allOf"] is null)
                    {
                        item["errorMessage"] = $"each item of {path} must be {itemObject.Describe()}";
                    }

                    array["items"] = item;
                }
                else if (list.Item is not AnyType)
                {
                    array["items"] = Type(list.Item, $"each item of {path}", place, nullable: false, owner);
                }

                return Nullable(array, nullable);
            case MapType map:
                var mapSchema = new JsonObject { ["type"] = "object", ["maxProperties"] = map.MaxEntries, ["errorMessage"] = $"{path} must be {map.Describe()}" };
                if (map.Value is not AnyType)
                {
                    var value = Type(map.Value, $"each value of {path}", place, nullable: false, owner);
                    if (map.Value is StringType)
                    {
                        value["errorMessage"] = $"each value of {path} must be a string (write \"\" for an empty one)";
                    }

                    mapSchema["additionalProperties"] = value;
                }

                return Nullable(mapSchema, nullable);
            case OneOfType oneOf:
                return Nullable(Merge(oneOf, path, place, owner), nullable);
            case StringType { Allowed: { Count: > 0 } allowed }:
                var values = Strings(allowed);
                if (nullable)
                {
                    values.Add(null);
                }

                var choice = new JsonObject { ["enum"] = values, ["errorMessage"] = $"{path} must be one of {string.Join(", ", allowed)}" + (interpolated ? " (or an interpolation such as \"{vars.x}\")" : "") };
                // if/else instead of anyOf keeps the hover on the field's own text and the enum's values in completion.
                return interpolated
                    ? new JsonObject { ["if"] = new JsonObject { ["type"] = "string", ["pattern"] = InterpolationPattern }, ["else"] = choice }
                    : choice;
            case StringType { Pattern: { } pattern } s:
                var rule = $"{path} must be {s.PatternRule ?? "a string matching " + pattern}";
                return Nullable(
                    new JsonObject
                    {
                        ["type"] = "string",
                        ["pattern"] = OrInterpolated(pattern, interpolated),
                        ["maxLength"] = s.MaxLength,
                        ["patternErrorMessage"] = rule,
                        ["errorMessage"] = rule,
                    },
                    nullable);
            case StringType s:
                // Any scalar is read as its text: `PORT: 8080` and `DEBUG: true` are strings to the engine.
                return Nullable(new JsonObject { ["type"] = Strings(["string", "number", "boolean"]), ["maxLength"] = s.MaxLength, ["errorMessage"] = $"{path} must be a string" }, nullable);
            case IntType i:
                var integer = new JsonObject { ["type"] = Strings(["integer", "string"]) };
                if (i.Min != long.MinValue)
                {
                    integer["minimum"] = i.Min;
                }

                if (i.Max != long.MaxValue)
                {
                    integer["maximum"] = i.Max;
                }

                // A quoted number is read as one too; the interpolated value is checked after interpolation.
                integer["pattern"] = OrInterpolated(IntegerStringPattern, interpolated);
                integer["errorMessage"] = $"{path} must be {i.Describe()}" + (interpolated ? QuoteHint : "");
                return Nullable(integer, nullable);
            case BoolType b:
                return Nullable(
                    new JsonObject
                    {
                        ["type"] = Strings(["boolean", "string"]),
                        ["pattern"] = OrInterpolated(BooleanStringPattern(), interpolated),
                        ["errorMessage"] = $"{path} must be {b.Describe()}" + (interpolated ? QuoteHint : ""),
                    },
                    nullable);
            case QuantityType q:
                return Nullable(
                    new JsonObject
                    {
                        ["type"] = Strings(["number", "string"]),
                        ["exclusiveMinimum"] = 0,
                        ["pattern"] = OrInterpolated(Quantity.Pattern, interpolated),
                        ["errorMessage"] = $"{path} must be {q.Describe()}" + (interpolated ? QuoteHint : ""),
                    },
                    nullable);
            default:
                return new JsonObject();
        }
    }

    /// <summary>
    /// The alternatives of a <see cref="OneOfType"/> as one schema when they apply to different JSON types (a map or a
    /// list; a string or a list), which is what JSON Schema means by a keyword that applies to one type only.
    /// </summary>
    private static JsonObject Merge(OneOfType oneOf, string path, Place place, ObjectType owner)
    {
        var merged = new JsonObject();
        var types = new JsonArray();
        foreach (var alternative in oneOf.Alternatives)
        {
            var schema = Type(alternative, path, place, nullable: false, owner);
            foreach (var (key, value) in schema)
            {
                if (key == "type")
                {
                    foreach (var t in value is JsonArray list ? list.Select(v => (string)v!) : [(string)value!])
                    {
                        if (!types.Any(x => (string?)x == t))
                        {
                            types.Add((JsonNode)t);
                        }
                    }
                }
                else if (key != "errorMessage")
                {
                    if (merged.ContainsKey(key))
                    {
                        throw new InvalidOperationException($"{path}: the alternatives of {oneOf.Describe()} share the keyword {key}; give them different JSON types");
                    }

                    merged[key] = value?.DeepClone();
                }
            }
        }

        merged["type"] = types;
        merged["errorMessage"] = $"{path} must be {oneOf.Describe()}";
        return merged;
    }

    private static string OrInterpolated(string pattern, bool interpolated) =>
        interpolated ? $"(?:{pattern})|{InterpolationPattern}" : pattern;

    /// <summary>Lets <c>field:</c> with no value through: the loader treats it as the field left out.</summary>
    private static JsonObject Nullable(JsonObject schema, bool nullable)
    {
        if (!nullable)
        {
            return schema;
        }

        if (schema["type"] is JsonValue single)
        {
            schema["type"] = Strings([single.GetValue<string>(), "null"]);
        }
        else if (schema["type"] is JsonArray types)
        {
            types.Add((JsonNode)"null");
        }

        return schema;
    }

    /// <summary>The strings <see cref="Opta.Yaml.YamlScalar.TryBool"/> reads as a boolean, in any case.</summary>
    private static string BooleanStringPattern()
    {
        string[] words = ["true", "false", "yes", "no", "on", "off"];
        return @"^\s*(" + string.Join("|", words.Select(w => string.Concat(w.Select(c => $"[{c}{char.ToUpperInvariant(c)}]")))) + @")\s*$";
    }

    /// <summary>The typed default as a JSON value (a quantity's is Opta's integer).</summary>
    private static JsonNode? DefaultValue(FieldDefinition field) => field.Default switch
    {
        int n => JsonValue.Create(n),
        bool b => JsonValue.Create(b),
        string s => JsonValue.Create(s),
        _ => null,
    };

    /// <summary>"a k8s-service module" → "k8s-service module"; null for the anonymous "a map".</summary>
    private static string? Title(string noun)
    {
        var title = noun.StartsWith("a ", StringComparison.Ordinal) ? noun[2..] : noun.StartsWith("an ", StringComparison.Ordinal) ? noun[3..] : noun;
        return title == "map" ? null : title;
    }

    private static JsonObject Ref(string name) => new() { ["$ref"] = $"#/$defs/{name}" };

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
