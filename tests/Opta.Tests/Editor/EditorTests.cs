using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Opta.Schema;
using Opta.Spec;
using Opta.Tests.Support;

namespace Opta.Tests.Editor;

/// <summary>
/// One yaml-language-server for the class, configured with the <c>yaml.schemas</c> mapping docs/cli.md gives (pointed
/// at the schema the code generates now), and a folder for the documents the tests open.
/// </summary>
public sealed class EditorSession : IAsyncLifetime
{
    private YamlLanguageServer? server;
    private int documents;

    public string Folder { get; } = Directory.CreateTempSubdirectory("opta-editor-").FullName;

    public YamlLanguageServer Server => server ?? throw new InvalidOperationException("yaml-language-server is not running");

    /// <summary>The <c>yaml.schemas</c> globs of docs/cli.md's VS Code settings.</summary>
    public static IReadOnlyList<string> DocumentedGlobs()
    {
        var docs = File.ReadAllText(Path.Combine(Repo.Root, "docs", "cli.md"));
        var block = Regex.Matches(docs, "```json\n(.*?)```", RegexOptions.Singleline).Select(m => m.Groups[1].Value).Single(b => b.Contains("yaml.schemas", StringComparison.Ordinal));
        var mapping = JsonNode.Parse(block)!["yaml.schemas"]!.AsObject();
        return [.. mapping.Single().Value!.AsArray().Select(g => (string)g!)];
    }

    public async Task InitializeAsync()
    {
        if (YamlLanguageServer.SkipReason is not null)
        {
            return;
        }

        var schema = Path.Combine(Folder, "opta.schema.json");
        await File.WriteAllTextAsync(schema, JsonSchemaWriter.Write());
        server = await YamlLanguageServer.StartAsync(new JsonObject { [new Uri(schema).AbsoluteUri] = new JsonArray([.. DocumentedGlobs().Select(g => (JsonNode)g)]) });
    }

    /// <summary>Writes <paramref name="text"/> as <paramref name="name"/> in a folder of its own and returns its path.</summary>
    public string Write(string name, string text)
    {
        var dir = Path.Combine(Folder, $"doc{Interlocked.Increment(ref documents)}");
        var path = Path.Combine(dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }

        Directory.Delete(Folder, recursive: true);
    }
}

/// <summary>
/// What an editor shows for opta.yaml files through the real yaml-language-server: the examples are clean, and each
/// mistake gets validate's rule and fix at the right place; completion and hover read from the same field table.
/// </summary>
public sealed class EditorTests(EditorSession session) : IClassFixture<EditorSession>
{
    private const string Service = "name: shop\nenvironments:\n  - name: staging\n    path: opta.yaml\nmodules:\n";

    /// <summary>Names of the schema's definitions, which editors must never show.</summary>
    private static readonly string[] InternalNames = [.. JsonSchemaWriter.Build()["$defs"]!.AsObject().Select(d => d.Key).Where(k => k.Any(char.IsUpper) && !k.Contains('.', StringComparison.Ordinal)).Concat(["opta.yaml ||", "\\`"])];

    public static TheoryData<string> Examples => new(
        Directory.GetFiles(Path.Combine(Repo.Root, "examples"), "*.yaml", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Repo.Root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal));

    /// <summary>Each mistake: the document, then every diagnostic as <c>line:col-line:col message</c> (1-based, end exclusive).</summary>
    public static TheoryData<string, string, string[]> Mistakes => new()
    {
        {
            "a layer name and a module name break their patterns", Service + "  - type: k8s-service\n    name: Web_1\n    image: nginx\n    port: {http: 80}\n",
            ["7:11-7:16 name must be lowercase letters, digits and dashes, starting with a letter"]
        },
        {
            "a number out of range", Service + "  - type: k8s-service\n    image: nginx\n    port: {http: 80}\n    max_containers: 20000\n",
            // The server words range failures itself (it takes errorMessage for type and pattern failures only).
            ["9:21-9:26 Value is above the maximum of 10000."]
        },
        {
            "a misspelt field", Service + "  - type: k8s-service\n    image: nginx\n    port: {http: 80}\n    healthcheck_pth: /healthz\n",
            ["9:5-9:20 unknown field in a k8s-service module; did you mean 'healthcheck_path'?"]
        },
        {
            "a word for a number", Service + "  - type: k8s-service\n    image: nginx\n    port: {http: 80}\n    max_containers: lots\n",
            ["9:21-9:25 max_containers must be an integer from 0 to 10000 or a quoted interpolation such as \"{vars.x}\" (unquoted, {vars.x} is a YAML map)"]
        },
        {
            "an interpolation left unquoted", Service + "  - type: k8s-service\n    image: nginx\n    port: {http: 80}\n    min_containers: {vars.min}\n",
            ["9:21-9:31 min_containers must be an integer from 0 to 10000 or a quoted interpolation such as \"{vars.x}\" (unquoted, {vars.x} is a YAML map)"]
        },
        {
            "a module without image", Service + "  - type: k8s-service\n    name: web\n    port: {http: 80}\n",
            ["6:11-6:22 image: required field is missing; add `image:` (a string) to this k8s-service module"]
        },
        {
            "a module of a type Opta never had", Service + "  - type: aws-dynamo\n    name: db\n",
            ["6:11-6:21 type: not a module type Opta had (completion lists them), so opta-infra skips the module; correct the name or remove the module"]
        },
        {
            "a module Opta had but opta-infra does not deploy is accepted as written", Service + "  - type: aws-dynamodb\n    name: db\n    read_capacity: 5\n",
            []
        },
        {
            "an unsupported field, refused", Service + "  - type: k8s-service\n    image: nginx\n    port: {http: 80}\n    additional_iam_roles:\n      - roles/x\n",
            ["9:5-9:25 additional_iam_roles: not supported by opta-infra: IAM is cloud-specific; grant cloud access outside opta-infra"]
        },
        {
            "a refused nested field", Service + "  - type: k8s-service\n    image: nginx\n    port: {http: 80}\n    resource_limits: {cpu: 500}\n",
            ["9:23-9:26 resource_limits.cpu: not supported by opta-infra: opta-infra never sets a CPU limit (it throttles latency-sensitive services); remove it and size `resource_request.cpu` instead"]
        },
        {
            "deprecated and ignored fields", Service + "  - type: k8s-service\n    image: nginx\n    port: {http: 80}\n    depends_on: [db]\n    secrets: [a]\n    timeout: 5\n    max_history: 3\n",
            [
                "9:5-9:21 depends_on: ignored: opta-infra has no Terraform modules to order; remove it",
                "10:5-10:17 secrets: deprecated: it has no effect, as in Opta; values in the `manual-secrets` Secret reach the pods as environment variables; remove the field",
                "11:5-11:15 timeout: ignored: opta-infra does not use Helm; Pulumi waits for rollouts with its own timeouts",
                "12:5-12:19 max_history: ignored: opta-infra does not use Helm; Pulumi keeps the stack history",
            ]
        },
        {
            "a module that is no map", Service + "  - nginx\n",
            ["6:5-6:10 a module must be a map with `type:` and the fields of its type"]
        },
        {
            "a module field indented into a nested map", Service + "  - type: k8s-service\n    port:\n      http: 80\n      image: nginx\n",
            [
                "6:11-6:22 image: required field is missing; add `image:` (a string) to this k8s-service module",
                "9:7-9:12 unknown field in a map with one of http, grpc, websocket, tcp, but a field of a k8s-service module: is it indented too far? Move it left to line up with the fields of a k8s-service module",
            ]
        },
        {
            "a port item without its type, out of range", Service + "  - type: k8s-service\n    image: nginx\n    ports:\n      - {name: web, port: 70000}\n",
            [
                "9:9-9:33 ports[].type: required field is missing; add `type:` (one of http, tcp) to a port definition",
                "9:27-9:32 Value is above the maximum of 65535.",
            ]
        },
        {
            "a value outside the allowed ones", Service + "  - type: k8s-service\n    image: nginx\n    port: {http: 80}\n    seccomp_profile: Confined\n",
            ["9:22-9:30 seccomp_profile must be one of RuntimeDefault, Unconfined (or an interpolation such as \"{vars.x}\")"]
        },
        {
            "a misspelt key of the service file", "name: shop\nenvironments: [{name: s, path: opta.yaml}]\nmodules: []\ninput_variable: []\n",
            ["4:1-4:15 unknown field in a service file; the fields are name, environments, modules, input_variables"]
        },
        {
            "an environment without path", "name: shop\nenvironments:\n  - name: staging\nmodules: []\n",
            ["3:5-4:1 environments[].path: required field is missing; add `path:` (a string) to an environment"]
        },
    };

    /// <summary>Environment files, named as docs/cli.md's mapping expects: other module types are skipped, k8s-service ones checked.</summary>
    public static TheoryData<string, string, string[]> EnvironmentFiles => new()
    {
        {
            "env.yaml", "name: staging\norg_name: acme\nproviders: {local: {}}\nmodules:\n  - type: local-base\n  - {type: dns, domain: example.com}\n  - {type: k8s-service, name: web, image: nginx, port: {http: 80}}\n",
            []
        },
        {
            "environments/staging.yaml", "name: staging\norg_name: acme\nmodules:\n  - type: aws-dynamodb\n  - {type: k8s-service, name: web, imgae: nginx, port: {http: 80}}\n",
            [
                "5:12-5:23 image: required field is missing; add `image:` (a string) to this k8s-service module",
                "5:36-5:41 unknown field in a k8s-service module; did you mean 'image'?",
            ]
        },
        {
            "opta/prod.yaml", "name: prod\norg_nam: acme\nproviders: {}\n",
            ["2:1-2:8 unknown field in an environment file; the fields are name, org_name, providers, modules, input_variables"]
        },
    };

    [EditorTheory]
    [MemberData(nameof(Examples))]
    public async Task The_examples_have_no_diagnostics(string example)
    {
        var diagnostics = await session.Server.OpenAsync(Path.Combine(Repo.Root, example));

        Assert.Empty(diagnostics);
    }

    [EditorTheory]
    [MemberData(nameof(Mistakes))]
    public async Task Each_mistake_gets_validates_rule_and_fix_where_it_is(string what, string yaml, string[] expected)
    {
        var diagnostics = await session.Server.OpenAsync(session.Write("opta.yaml", yaml));

        Assert.True(expected.SequenceEqual(diagnostics.Select(d => d.ToString())), $"{what}:\n{string.Join("\n", diagnostics)}");
        AssertNoInternalNames(diagnostics.Select(d => d.Message));
    }

    [EditorTheory]
    [MemberData(nameof(EnvironmentFiles))]
    public async Task Environment_files_are_checked_through_the_documented_mapping(string name, string yaml, string[] expected)
    {
        var diagnostics = await session.Server.OpenAsync(session.Write(name, yaml));

        Assert.True(expected.SequenceEqual(diagnostics.Select(d => d.ToString())), $"{name}:\n{string.Join("\n", diagnostics)}");
    }

    [EditorFact]
    public async Task Completion_in_a_module_offers_its_fields_but_not_refused_or_deprecated_ones()
    {
        var path = session.Write("opta.yaml", Service + "  - type: k8s-service\n    name: web\n    image: nginx\n    \n");

        await session.Server.OpenAsync(path);
        var labels = await session.Server.CompletionAsync(path, 9, 5);

        var offered = K8sServiceFields.ModuleType.Fields
            .Where(f => f.Support == FieldSupport.Supported && f.Name is not ("type" or "name" or "image"))
            .Select(f => f.Name);
        Assert.Equal(offered.Order(StringComparer.Ordinal), labels.Order(StringComparer.Ordinal));
        Assert.Equal("build", labels[0]);
        AssertNoInternalNames(labels);
    }

    [EditorFact]
    public async Task Completion_of_a_new_module_offers_type_and_the_type_names()
    {
        var path = session.Write("opta.yaml", Service + "  - type: \n");

        await session.Server.OpenAsync(path);
        var labels = await session.Server.CompletionAsync(path, 6, 11);

        Assert.Equal(ModuleTypes.All.SelectMany(t => t.TypeNames), labels);
    }

    /// <summary>Hover: the field's name as heading, its own description with backticks rendered, on keys and interpolated values.</summary>
    [EditorTheory]
    [InlineData("max_containers: \"{vars.max}\"", 21, "max_containers")]
    [InlineData("max_containers: \"{vars.max}\"", 6, "max_containers")]
    [InlineData("seccomp_profile: \"{vars.profile}\"", 22, "seccomp_profile")]
    [InlineData("env_vars: {API_URL: \"{vars.url}\"}", 26, "env_vars")]
    [InlineData("env_vars: {API_URL: \"{vars.url}\"}", 6, "env_vars")]
    [InlineData("resource_request: {cpu: \"{vars.cpu}\"}", 31, "resource_request.cpu")]
    [InlineData("healthcheck_path: \"{vars.path}\"", 25, "healthcheck_path")]
    public async Task Hover_shows_the_fields_own_text(string field, int column, string fieldPath)
    {
        var path = session.Write("opta.yaml", Service + "  - type: k8s-service\n    image: nginx\n    port: {http: 80}\n    " + field + "\n");
        var definition = fieldPath.Split('.').Aggregate<string, FieldDefinition?>(null, (parent, name) => ((ObjectType?)parent?.Type ?? K8sServiceFields.ModuleType).Find(name));

        Assert.Empty(await session.Server.OpenAsync(path));
        var hover = await session.Server.HoverAsync(path, 9, column);

        Assert.NotNull(hover);
        Assert.StartsWith($"#### {definition!.Name.Replace("_", "\\_", StringComparison.Ordinal)}\n\n{JsonSchemaWriter.Describe(definition)}\n\nSource: ", hover, StringComparison.Ordinal);
        AssertNoInternalNames([hover]);
    }

    [Fact]
    public void The_pinned_server_is_the_one_CI_installs()
    {
        var package = JsonNode.Parse(File.ReadAllText(Path.Combine(Repo.Root, YamlLanguageServer.InstallFolder, "package.json")))!;

        Assert.Equal(YamlLanguageServer.Version, (string?)package["dependencies"]!["yaml-language-server"]);
    }

    private static void AssertNoInternalNames(IEnumerable<string> texts)
    {
        foreach (var text in texts)
        {
            Assert.DoesNotContain(InternalNames, name => text.Contains(name, StringComparison.Ordinal));
        }
    }
}
