using System.Text.Json.Nodes;
using Json.Schema;
using Opta.Schema;
using Opta.Spec;
using Opta.Tests.Support;

namespace Opta.Tests.Schema;

/// <summary>The JSON Schema editors use: current, valid, complete, and in agreement with the engine.</summary>
public sealed class JsonSchemaTests
{
    private const string Modeline = "# yaml-language-server: $schema=../../schema/opta.schema.json";
    private static readonly JsonObject Generated = JsonSchemaWriter.Build();
    private static readonly JsonSchema Schema = JsonSchema.FromText(JsonSchemaWriter.Write());

    public static TheoryData<string> ExampleFiles => new(
        Directory.GetFiles(Path.Combine(Repo.Root, "examples"), "*.yaml", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Repo.Root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal));

    [Fact]
    public void The_committed_schema_is_the_generated_one()
    {
        GeneratedFile.AssertCurrent("schema/opta.schema.json", JsonSchemaWriter.Write(), "dotnet run --project src/Opta.Cli -- schema > schema/opta.schema.json");
    }

    [Fact]
    public void The_schema_is_a_valid_draft_2020_12_schema()
    {
        var result = MetaSchemas.Draft202012.Evaluate(JsonNode.Parse(JsonSchemaWriter.Write()), new EvaluationOptions { OutputFormat = OutputFormat.List });

        Assert.True(result.IsValid, Errors(result));
        Assert.Equal(JsonSchemaWriter.DraftUri, (string?)Generated["$schema"]);
    }

    [Fact]
    public void The_output_is_deterministic()
    {
        Assert.Equal(JsonSchemaWriter.Write(), JsonSchemaWriter.Write());
    }

    [Theory]
    [MemberData(nameof(ExampleFiles))]
    public void Every_example_names_the_schema_and_validates_against_it(string file)
    {
        var text = File.ReadAllText(Path.Combine(Repo.Root, file));

        Assert.StartsWith(Modeline + "\n", text, StringComparison.Ordinal);
        var result = Evaluate(text);
        Assert.True(result.IsValid, $"{file}:\n{Errors(result)}");
    }

    [Fact]
    public void Every_field_the_engine_accepts_is_in_the_schema_and_every_refused_one_is_refused()
    {
        var checkedFields = new List<string>();
        Walk(Definition("serviceFile"), FileFields.ServiceFile, "", checkedFields);
        Walk(Definition("environmentFile"), FileFields.EnvironmentFile, "", checkedFields);
        Walk(Definition("k8sServiceModule"), K8sServiceFields.ModuleType, "modules[]", checkedFields);

        Assert.Contains("modules[].resource_limits.cpu", checkedFields);
        Assert.Contains("environments[].variables", checkedFields);
        Assert.Contains("modules[].env_vars[].name", checkedFields);
        Assert.True(checkedFields.Count > 60, $"only {checkedFields.Count} fields were walked");
    }

    [Fact]
    public void Service_file_modules_are_checked_against_their_types_definition()
    {
        Assert.Equal("#/$defs/module", (string?)Definition("serviceFile")["properties"]!["modules"]!["items"]!["$ref"]);
        var typeEnum = Definition("k8sServiceModule")["properties"]!["type"]!["enum"]!.AsArray().Select(v => (string?)v);
        Assert.Equal(K8sServiceFields.TypeNames, typeEnum);
        var selected = Definition("module")["allOf"]!.AsArray()
            .Select(s => ((string?)s!["then"]!["$ref"], s["if"]!["properties"]!["type"]!["enum"]!.AsArray().Select(v => (string)v!).ToList()))
            .ToList();
        Assert.Equal(ModuleTypes.All.Select(t => ($"#/$defs/{t.SchemaName}", t.TypeNames.ToList())), selected.Select(s => (s.Item1!, s.Item2)), new SelectionComparer());
        Assert.Contains(selected, s => s.Item2.Contains("postgres") && s.Item1 == "#/$defs/postgresModule");
        Assert.Contains(selected, s => s.Item2.Contains("aws-s3"));
    }

    private sealed class SelectionComparer : IEqualityComparer<(string, List<string>)>
    {
        public bool Equals((string, List<string>) x, (string, List<string>) y) => x.Item1 == y.Item1 && x.Item2.SequenceEqual(y.Item2);

        public int GetHashCode((string, List<string>) obj) => obj.Item1.GetHashCode(StringComparison.Ordinal);
    }

    /// <summary>Documents the engine refuses are refused by the schema too, so an editor flags them before validate does.</summary>
    [Theory]
    [InlineData("a misspelt field", "imgae: nginx:1.27")]
    [InlineData("a word for a number", "max_containers: many")]
    [InlineData("a port out of range", "ports: [{name: web, type: http, port: 70000}]")]
    [InlineData("a value outside the allowed ones", "seccomp_profile: Confined")]
    [InlineData("a word for a boolean", "sticky_session: maybe")]
    [InlineData("an amount that is no quantity", "resource_request: {cpu: lots}")]
    [InlineData("an unsupported field", "additional_iam_roles: [roles/x]")]
    [InlineData("an unsupported nested field", "resource_limits: {cpu: 500}")]
    [InlineData("a path that is not absolute", "healthcheck_path: healthz")]
    [InlineData("an unknown toleration key", "tolerations: [{key: a, operator: Exists}]")]
    public void Bad_modules_fail_schema_validation_as_they_fail_the_engine(string what, string field)
    {
        var yaml = ServiceFile("image: nginx:1.27\n" + (field.StartsWith("ports:", StringComparison.Ordinal) ? "" : "port: {http: 80}\n") + field);

        Assert.False(Evaluate(yaml).IsValid, $"the schema accepted {what}");
        Assert.False(EnginePlan(yaml).Succeeded, $"the engine accepted {what}");
    }

    [Theory]
    [InlineData("a database with a misspelt field", "name: x\nenvironments: [{name: s, path: opta.yaml}]\nmodules:\n  - {type: postgres, storage_sise: 2}\n")]
    [InlineData("a database with a bad size", "name: x\nenvironments: [{name: s, path: opta.yaml}]\nmodules:\n  - {type: redis, storage_size: 0}\n")]
    [InlineData("no environments", "name: x\nmodules:\n  - {type: k8s-service, image: nginx, port: {http: 80}}\n")]
    [InlineData("an environment without path", "name: x\nenvironments: [{name: s}]\nmodules:\n  - {type: k8s-service, image: nginx, port: {http: 80}}\n")]
    [InlineData("an environment file's bad module", "name: staging\norg_name: acme\nmodules:\n  - {type: base}\n  - {type: k8s-service, image: nginx, port: {http: 80}, min_containers: -1}\n")]
    [InlineData("a misspelt top-level key", "name: x\nenvironments: [{name: s, path: opta.yaml}]\nmodules: []\ninput_variable: []\n")]
    public void Bad_files_fail_schema_validation_as_they_fail_the_engine(string what, string yaml)
    {
        Assert.False(Evaluate(yaml).IsValid, $"the schema accepted {what}");
        Assert.False(EnginePlan(yaml).Succeeded, $"the engine accepted {what}");
    }

    [Theory]
    [InlineData("interpolated numbers, booleans and amounts", "max_containers: \"{vars.max}\"\nsticky_session: \"{vars.sticky}\"\nresource_request: {cpu: \"{vars.cpu}\", memory: 1Gi}\nhealthcheck_path: \"{vars.path}\"")]
    [InlineData("numbers and booleans as environment values", "env_vars: {PORT: 8080, DEBUG: true, NAME: web}")]
    [InlineData("numeric strings and YAML 1.1 booleans", "min_containers: \"2\"\nkeep_path_prefix: yes")]
    [InlineData("fractional CPU and quantities", "resource_request: {cpu: 0.5, memory: 512Mi}\nresource_limits: {memory: 1024}")]
    [InlineData("an empty optional field", "public_uri:\nenv_vars:")]
    [InlineData("a deprecated field", "secrets: [a]")]
    [InlineData("an ignored field", "max_history: 5")]
    public void Documents_the_engine_accepts_pass_schema_validation(string what, string fields)
    {
        var yaml = ServiceFile("image: nginx:1.27\nport: {http: 80}\n" + fields);

        Assert.True(EnginePlan(yaml).Succeeded, $"the engine refused {what}: {EnginePlan(yaml).FormatDiagnostics()}");
        var result = Evaluate(yaml);
        Assert.True(result.IsValid, $"the schema refused {what}:\n{Errors(result)}");
    }

    [Fact]
    public void An_environment_file_with_its_own_modules_passes()
    {
        const string yaml = "name: staging\norg_name: acme\nproviders: {local: {}}\nmodules:\n  - type: local-base\n  - {type: dns, domain: example.com}\n  - {type: k8s-service, name: web, image: nginx, port: {http: 80}}\n";

        Assert.True(EnginePlan(yaml).Succeeded);
        Assert.True(Evaluate(yaml).IsValid, Errors(Evaluate(yaml)));
    }

    private static string ServiceFile(string moduleFields) =>
        "name: shop\nenvironments:\n  - name: staging\n    path: opta.yaml\n    variables: {max: 5, sticky: true, cpu: 250, path: /healthz}\nmodules:\n  - type: k8s-service\n    name: web\n"
        + string.Join("\n", moduleFields.Split('\n').Select(l => "    " + l)) + "\n";

    private static PlanResult EnginePlan(string yaml)
    {
        using var project = new TempProject().Write("opta.yaml", yaml);
        return project.Plan();
    }

    private static EvaluationResults Evaluate(string yaml) =>
        Schema.Evaluate(YamlJson.Parse(yaml), new EvaluationOptions { OutputFormat = OutputFormat.List });

    private static string Errors(EvaluationResults result) => string.Join("\n", result.Details
        .Where(d => d.Errors is { Count: > 0 })
        .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}")));

    private static JsonObject Definition(string name) => Generated["$defs"]![name]!.AsObject();

    /// <summary>Each field of <paramref name="type"/> must be a property of <paramref name="schema"/>; nested objects likewise.</summary>
    private static void Walk(JsonObject schema, ObjectType type, string path, List<string> walked)
    {
        var properties = schema["properties"]?.AsObject() ?? throw new Xunit.Sdk.XunitException($"{path}: no properties in the schema");
        Assert.False((bool?)schema["additionalProperties"] ?? true, $"{path}: unknown fields must be refused, as the engine refuses them");
        Assert.Equal(type.Fields.Select(f => f.Name).Order(StringComparer.Ordinal), properties.Select(p => p.Key).Order(StringComparer.Ordinal));
        foreach (var field in type.Fields)
        {
            var fieldPath = path.Length == 0 ? field.Name : $"{path}.{field.Name}";
            walked.Add(fieldPath);
            var node = properties[field.Name]!.AsObject();
            Assert.Equal(JsonSchemaWriter.Describe(field), (string?)node["description"]);
            if (field.Support == FieldSupport.Unsupported)
            {
                Assert.NotNull(node["not"]);
                continue;
            }

            Assert.Equal(field.Support != FieldSupport.Supported, (bool?)node["deprecated"] ?? false);
            Descend(node, field.Type, fieldPath, walked);
        }
    }

    private static void Descend(JsonObject node, FieldType type, string path, List<string> walked)
    {
        switch (type)
        {
            case ObjectType obj:
                Walk(Find(node, n => n.ContainsKey("properties"), path), obj, path, walked);
                break;
            case ListType list:
                if (list.Item is not AnyType)
                {
                    Descend(Find(node, n => n.ContainsKey("items"), path)["items"]!.AsObject(), list.Item, path + "[]", walked);
                }

                break;
            case MapType { Value: not AnyType } map:
                Descend(Find(node, n => n["additionalProperties"] is JsonObject, path)["additionalProperties"]!.AsObject(), map.Value, path + ".*", walked);
                break;
            case OneOfType oneOf:
                foreach (var alternative in oneOf.Alternatives)
                {
                    Descend(node, alternative, path, walked);
                }

                break;
        }
    }

    /// <summary>The (sub)schema that matches, following <c>$ref</c> and <c>anyOf</c>.</summary>
    private static JsonObject Find(JsonObject node, Func<JsonObject, bool> matches, string path)
    {
        if (node["$ref"] is { } reference)
        {
            node = Definition(((string)reference!)["#/$defs/".Length..]);
        }

        if (matches(node))
        {
            return node;
        }

        foreach (var branch in node["anyOf"]?.AsArray() ?? [])
        {
            try
            {
                return Find(branch!.AsObject(), matches, path);
            }
            catch (Xunit.Sdk.XunitException)
            {
            }
        }

        throw new Xunit.Sdk.XunitException($"{path}: no matching schema in {node.ToJsonString()}");
    }
}
