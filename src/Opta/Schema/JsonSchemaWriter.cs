using System.Globalization;
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
public static class JsonSchemaWriter
{
    public const string DraftUri = "https://json-schema.org/draft/2020-12/schema";

    /// <summary>What a string must contain to be an Opta interpolation such as <c>{vars.max}</c>.</summary>
    public const string InterpolationPattern = @"\{[^{}]+\}";

    /// <summary>The integers <see cref="SchemaChecker"/> reads from a string.</summary>
    public const string IntegerStringPattern = @"^\s*[-+]?[0-9]+\s*$";

    private const string Interpolated = "interpolated";

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
        var service = K8sServiceFields.Definition;
        var defs = new JsonObject
        {
            ["serviceFile"] = Object(FileFields.ServiceFile, interpolated: false, modules: Ref("module")),
            ["environmentFile"] = Object(FileFields.EnvironmentFile, interpolated: false, modules: Ref("environmentModule")),
            ["environment"] = Object(FileFields.EnvironmentEntry, interpolated: false),
            ["inputVariable"] = Object(FileFields.InputVariable, interpolated: false),
        };
        // A module's definition is selected by its `type`: one if/then per module type.
        var selection = new JsonArray();
        foreach (var type in ModuleTypes.All)
        {
            defs[type.SchemaName] = Module(type);
            selection.Add(new JsonObject
            {
                ["if"] = new JsonObject { ["required"] = Strings(["type"]), ["properties"] = new JsonObject { ["type"] = new JsonObject { ["enum"] = Strings(type.TypeNames) } } },
                ["then"] = Ref(type.SchemaName),
            });
        }

        defs["module"] = new JsonObject
        {
            ["description"] = "A module of a service file, checked against its type's definition: `k8s-service` and the databases are deployed, cloud modules external, environment modules skipped (docs/fields.md).",
            ["type"] = "object",
            ["required"] = Strings(["type"]),
            ["properties"] = new JsonObject { ["type"] = new JsonObject { ["type"] = "string" } },
            ["allOf"] = selection,
        };

        defs["environmentModule"] = new JsonObject
        {
            ["description"] = "A module of an environment file. `k8s-service` modules are deployed when the environment file is given with `-c`; the others (`base`, `dns`, …) are Opta's and skipped (a `dns` module's `domain` is `{parent.domain}`).",
            ["type"] = "object",
            ["required"] = Strings(["type"]),
            ["properties"] = new JsonObject { ["type"] = new JsonObject { ["type"] = "string" } },
            ["if"] = new JsonObject
            {
                ["required"] = Strings(["type"]),
                ["properties"] = new JsonObject { ["type"] = new JsonObject { ["enum"] = Strings(service.TypeNames) } },
            },
            ["then"] = Ref(service.SchemaName),
        };
        defs[Interpolated] = new JsonObject
        {
            ["description"] = "A string with an interpolation such as `{vars.max}`; opta-infra checks the value after interpolating it.",
            ["type"] = "string",
            ["pattern"] = InterpolationPattern,
        };

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

    /// <summary>A module: its module keys are used as written, every other value is interpolated first.</summary>
    private static JsonObject Module(ModuleTypeDefinition type)
    {
        var schema = Header(type.Fields, type.SchemaDescription);
        var properties = new JsonObject();
        foreach (var field in type.Fields.Fields)
        {
            properties[field.Name] = Field(field, interpolated: !type.IsModuleKey(field));
        }

        var module = Finish(schema, type.Fields, properties);
        module["additionalProperties"] = type.AcceptsAnyField;
        return module;
    }

    private static JsonObject Object(ObjectType type, bool interpolated, JsonObject? modules = null)
    {
        var schema = Header(type, null);
        var properties = new JsonObject();
        foreach (var field in type.Fields)
        {
            var node = Field(field, interpolated);
            if (modules is not null && field.Name == "modules")
            {
                // The loader reads modules as free-form; their fields are checked after interpolation, as here.
                node["items"] = modules.DeepClone();
            }

            properties[field.Name] = node;
        }

        return Finish(schema, type, properties);
    }

    private static JsonObject Header(ObjectType type, string? description) => new()
    {
        ["description"] = description ?? Capitalize(type.Noun) + ".",
        ["type"] = "object",
    };

    private static JsonObject Finish(JsonObject schema, ObjectType type, JsonObject properties)
    {
        var required = type.Fields.Where(f => f.Required).Select(f => f.Name).ToList();
        if (required.Count > 0)
        {
            schema["required"] = Strings(required);
        }

        schema["properties"] = properties;
        schema["additionalProperties"] = false;
        return schema;
    }

    private static JsonObject Field(FieldDefinition field, bool interpolated)
    {
        var schema = new JsonObject { ["description"] = Describe(field) };
        if (field.Support == FieldSupport.Unsupported)
        {
            // The engine refuses the field, so the schema does too; the description says why and what instead.
            schema["deprecated"] = true;
            schema["not"] = new JsonObject();
            return schema;
        }

        foreach (var (key, value) in Type(field.Type, interpolated))
        {
            schema[key] = value?.DeepClone();
        }

        if (!field.Required)
        {
            // The loader treats `field:` with no value as the field left out.
            AllowNull(schema);
        }

        if (DefaultValue(field) is { } value1)
        {
            schema["default"] = value1;
        }

        if (field.Support is FieldSupport.Deprecated or FieldSupport.Ignored)
        {
            schema["deprecated"] = true;
        }

        return schema;
    }

    private static JsonObject Type(FieldType type, bool interpolated)
    {
        switch (type)
        {
            case ObjectType obj when Definitions.TryGetValue(obj, out var name):
                return Ref(name);
            case ObjectType obj:
                var properties = new JsonObject();
                foreach (var f in obj.Fields)
                {
                    properties[f.Name] = Field(f, interpolated);
                }

                return Finish(new JsonObject { ["type"] = "object" }, obj, properties);
            case ListType list:
                var array = new JsonObject { ["type"] = "array", ["maxItems"] = list.MaxItems };
                if (list.Item is not AnyType)
                {
                    array["items"] = Type(list.Item, interpolated);
                }

                return array;
            case MapType map:
                var mapSchema = new JsonObject { ["type"] = "object", ["maxProperties"] = map.MaxEntries };
                if (map.Value is not AnyType)
                {
                    mapSchema["additionalProperties"] = Type(map.Value, interpolated);
                }

                return mapSchema;
            case OneOfType oneOf:
                return new JsonObject { ["anyOf"] = new JsonArray([.. oneOf.Alternatives.Select(a => (JsonNode)Type(a, interpolated))]) };
            case StringType { Allowed: { Count: > 0 } allowed }:
                return Interpolatable(new JsonObject { ["enum"] = Strings(allowed) }, interpolated);
            case StringType { Pattern: { } pattern } s:
                return Interpolatable(new JsonObject { ["type"] = "string", ["pattern"] = pattern, ["maxLength"] = s.MaxLength }, interpolated);
            case StringType s:
                // Any scalar is read as its text: `PORT: 8080` and `DEBUG: true` are strings to the engine.
                return new JsonObject { ["type"] = Strings(["string", "number", "boolean"]), ["maxLength"] = s.MaxLength };
            case IntType i:
                var integer = new JsonObject { ["type"] = "integer" };
                if (i.Min != long.MinValue)
                {
                    integer["minimum"] = i.Min;
                }

                if (i.Max != long.MaxValue)
                {
                    integer["maximum"] = i.Max;
                }

                return AnyOf(interpolated, integer, new JsonObject { ["type"] = "string", ["pattern"] = IntegerStringPattern });
            case BoolType:
                return AnyOf(interpolated, new JsonObject { ["type"] = "boolean" }, new JsonObject { ["type"] = "string", ["pattern"] = BooleanStringPattern() });
            case QuantityType:
                return AnyOf(interpolated, new JsonObject { ["type"] = "number", ["exclusiveMinimum"] = 0 }, new JsonObject { ["type"] = "string", ["pattern"] = Quantity.Pattern });
            default:
                return new JsonObject();
        }
    }

    private static JsonObject Interpolatable(JsonObject schema, bool interpolated) =>
        interpolated ? new JsonObject { ["anyOf"] = new JsonArray(schema, Ref(Interpolated)) } : schema;

    private static JsonObject AnyOf(bool interpolated, params JsonObject[] alternatives)
    {
        var any = new JsonArray([.. alternatives]);
        if (interpolated)
        {
            any.Add(Ref(Interpolated));
        }

        return new JsonObject { ["anyOf"] = any };
    }

    private static void AllowNull(JsonObject schema)
    {
        if (schema["type"] is JsonValue single)
        {
            schema["type"] = Strings([single.GetValue<string>(), "null"]);
        }
        else if (schema["type"] is JsonArray types)
        {
            types.Add("null");
        }
        else if (schema["anyOf"] is JsonArray any)
        {
            any.Add(new JsonObject { ["type"] = "null" });
        }
        else if (schema["$ref"] is { } reference)
        {
            schema.Remove("$ref");
            schema["anyOf"] = new JsonArray(new JsonObject { ["$ref"] = reference.DeepClone() }, new JsonObject { ["type"] = "null" });
        }
        else if (schema["enum"] is JsonArray values)
        {
            values.Add(null);
        }
    }

    /// <summary>The strings <see cref="SchemaChecker.TryBool"/> reads as a boolean, in any case.</summary>
    private static string BooleanStringPattern()
    {
        string[] words = ["true", "false", "yes", "no", "on", "off"];
        return @"^\s*(" + string.Join("|", words.Select(w => string.Concat(w.Select(c => $"[{c}{char.ToUpperInvariant(c)}]")))) + @")\s*$";
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

    /// <summary>The typed default as a JSON value (a quantity's is Opta's integer).</summary>
    private static JsonNode? DefaultValue(FieldDefinition field) => field.Default switch
    {
        int n => JsonValue.Create(n),
        bool b => JsonValue.Create(b),
        string s => JsonValue.Create(s),
        _ => null,
    };

    private static JsonObject Ref(string name) => new() { ["$ref"] = $"#/$defs/{name}" };

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
