using System.Text.Json.Nodes;
using Json.Schema;
using Opta.Diffing;
using Opta.Schema;
using Opta.Spec;
using Opta.Tests.Support;

namespace Opta.Tests.Schema;

/// <summary>The JSON Schema editors use: current, valid, complete, and in agreement with the engine.</summary>
public sealed class JsonSchemaTests
{
    private const string Modeline = "# yaml-language-server: $schema=../../schema/opta.schema.json";
    private static readonly JsonObject Generated = JsonSchemaWriter.Build();
    private static readonly JsonSchema Schema = LoadSchema();

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
    public void The_output_is_deterministic_across_processes()
    {
        var first = Support.Cli.Run(Repo.Root, "schema");
        var second = Support.Cli.Run(Path.GetTempPath(), "schema");

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(first.Stdout, second.Stdout);
        Assert.Equal(JsonSchemaWriter.Write(), first.Stdout);
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
    public void A_module_is_checked_against_the_definition_its_type_selects()
    {
        Assert.Equal("#/$defs/module", (string?)Definition("serviceFile")["properties"]!["modules"]!["items"]!["$ref"]);
        Assert.Equal("#/$defs/environmentModule", (string?)Definition("environmentFile")["properties"]!["modules"]!["items"]!["$ref"]);
        foreach (var selection in new[] { Definition("module"), Definition("environmentModule") })
        {
            var selected = selection["allOf"]!.AsArray()
                .Where(rule => rule!["then"]?["$ref"] is not null)
                .ToDictionary(rule => (string)rule!["then"]!["$ref"]!, rule => rule!["if"]!["properties"]!["type"]!["enum"]!.AsArray().Select(v => (string)v!).ToList());
            Assert.Equal(ModuleTypes.All.Select(t => "#/$defs/" + t.SchemaName), selected.Keys);
            foreach (var type in ModuleTypes.All)
            {
                Assert.Equal(type.TypeNames, selected["#/$defs/" + type.SchemaName]);
            }

            Assert.Contains("postgres", selected["#/$defs/postgresModule"]);
            Assert.Contains(selected.Values, names => names.Contains("aws-s3"));
        }

        // A service file refuses every other type; an environment file skips them (Opta's base, dns, …).
        var typeEnum = Definition("module")["properties"]!["type"]!["enum"]!.AsArray().Select(v => (string?)v);
        Assert.Equal(ModuleTypes.All.SelectMany(t => t.TypeNames), typeEnum);
        Assert.Null(Definition("environmentModule")["properties"]!["type"]!["enum"]);
        Assert.Equal(K8sServiceFields.TypeNames, Definition("k8sServiceModule")["properties"]!["type"]!["enum"]!.AsArray().Select(v => (string?)v));
    }

    /// <summary>The schema's did-you-mean (the first field whose pattern takes the key) agrees with validate's.</summary>
    [Theory]
    [InlineData("healthcheck_pth", "healthcheck_path")]
    [InlineData("imgae", "image")]
    [InlineData("Image", "image")]
    [InlineData("max_container", "max_containers")]
    [InlineData("min_containerz", "min_containers")]
    [InlineData("env_var", "env_vars")]
    [InlineData("seccomp", "seccomp_profile")]
    [InlineData("portz", "port")]
    [InlineData("pubic_uri", "public_uri")]
    [InlineData("commandz", "commands")]
    [InlineData("xyz", null)]
    [InlineData("liveness", null)]
    public void A_misspelt_key_gets_the_suggestion_validate_gives(string key, string? expected)
    {
        var names = K8sServiceFields.ModuleType.Fields.Where(f => f.Support != FieldSupport.Unsupported).Select(f => f.Name).ToList();
        var patterns = KeyTypoPattern.For(names);

        var suggested = names.Where((_, i) => System.Text.RegularExpressions.Regex.IsMatch(key, patterns[i])).FirstOrDefault();

        Assert.Equal(expected, suggested);
        Assert.Equal(expected, Opta.Diagnostics.DidYouMean.Suggest(key, names));
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
    [InlineData("a mount path that is not absolute", "persistent_storage: [{size: 1, path: data}]")]
    [InlineData("an unknown toleration key", "tolerations: [{key: a, operator: Exists}]")]
    [InlineData("an interpolation left unquoted", "min_containers: {vars.max}")]
    [InlineData("a module field indented into a nested map", "resource_request: {cpu: 100, image: nginx}")]
    [InlineData("a refused IAM field", "additional_iam_roles: [a]")]
    [InlineData("an environment variable without value", "env_vars: [{name: A}]")]
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

    private static JsonSchema LoadSchema()
    {
        // JsonSchema.Net matches patterns through Regex's static cache (15 entries by default); the schema has more
        // patterns than that (one per field for the did-you-mean), and recompiling them on every evaluation takes seconds.
        System.Text.RegularExpressions.Regex.CacheSize = Math.Max(System.Text.RegularExpressions.Regex.CacheSize, 256);
        return JsonSchema.FromText(JsonSchemaWriter.Write());
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
        Schema.Evaluate(ManifestYaml.Parse(yaml)[0].Root, new EvaluationOptions { OutputFormat = OutputFormat.List });

    private static string Errors(EvaluationResults result) => string.Join("\n", result.Details
        .Where(d => d.Errors is { Count: > 0 })
        .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}")));

    private static JsonObject Definition(string name) => Generated["$defs"]![name]!.AsObject();

    /// <summary>Each field of <paramref name="type"/> must be a property of <paramref name="schema"/>; nested objects likewise.</summary>
    private static void Walk(JsonObject schema, ObjectType type, string path, List<string> walked)
    {
        var properties = schema["properties"]?.AsObject() ?? throw new Xunit.Sdk.XunitException($"{path}: no properties in the schema");
        // Unknown keys are refused by propertyNames (with a message per key), not additionalProperties: false.
        Assert.True(schema["propertyNames"] is JsonObject, $"{path}: unknown fields must be refused, as the engine refuses them");
        Assert.Null(schema["additionalProperties"]);
        Assert.Equal(type.Fields.Select(f => f.Name).Order(StringComparer.Ordinal), properties.Select(p => p.Key).Order(StringComparer.Ordinal));
        foreach (var field in type.Fields)
        {
            var fieldPath = path.Length == 0 ? field.Name : $"{path}.{field.Name}";
            walked.Add(fieldPath);
            var node = properties[field.Name]!.AsObject();
            Assert.Equal(JsonSchemaWriter.Describe(field), (string?)node["description"]);
            Assert.Equal(field.Name, (string?)node["title"]);
            Assert.Equal(JsonSchemaWriter.Describe(field), (string?)node["markdownDescription"]);
            if (field.Support == FieldSupport.Unsupported)
            {
                Assert.True((bool?)node["doNotSuggest"]);
                continue;
            }

            Assert.Equal(field.Support != FieldSupport.Supported, (bool?)node["deprecated"] ?? false);
            Assert.Equal(field.Support is FieldSupport.Deprecated or FieldSupport.Ignored, node["deprecationMessage"] is not null);
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
