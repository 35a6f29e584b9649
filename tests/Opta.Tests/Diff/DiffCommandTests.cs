using System.Text.Json.Nodes;

namespace Opta.Tests.Diff;

/// <summary><c>opta-infra diff</c> end to end: real commits in a real git repository, the real engine.</summary>
public sealed class DiffCommandTests : IDisposable
{
    private const string EnvFile = """
        name: staging
        org_name: example
        providers:
          local: {}
        modules:
          - type: local-base
          - type: dns
            domain: shop.example.com
        """;

    private readonly TempGitRepository repo = new();

    public DiffCommandTests()
    {
        repo.Write("env.yaml", EnvFile);
        repo.Write("opta.yaml", Service());
        repo.Commit("first");
    }

    public void Dispose() => repo.Dispose();

    private string ServiceFile => repo.PathOf("opta.yaml");

    private static string Service(string image = "ghcr.io/example/api:1.0", int port = 8080, string logLevel = "info", string? publicUri = null, bool worker = false) =>
        $"""
        name: shop
        environments:
          - name: staging
            path: "env.yaml"
        modules:
          - name: api
            type: k8s-service
            image: {image}
            port:
              http: {port}
            healthcheck_path: "/healthz"
        {(publicUri is null ? "" : $"    public_uri: \"{publicUri}\"\n")}    env_vars:
              - name: LOG_LEVEL
                value: {logLevel}
        """ + (worker ? """

          - name: worker
            type: k8s-service
            image: ghcr.io/example/worker:1.0
            port:
              http: 9000
        """ : "") + "\n";

    private DiffRun Diff(params string[] extra) => DiffRun.InProcess(["-c", ServiceFile, .. extra]);

    [Fact]
    public void No_change_since_the_revision_exits_0()
    {
        var run = Diff("--base", "HEAD");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("\nPlan: 0 to create, 0 to update, 0 to delete.\n", run.Body);
        Assert.Equal("", run.Error);
    }

    [Fact]
    public void Changed_image_port_and_env_exit_2_with_each_path_and_both_values()
    {
        repo.Write("opta.yaml", Service(image: "ghcr.io/example/api:1.1", port: 9090, logLevel: "debug"));

        var run = Diff("--base", "HEAD");

        Assert.Equal(2, run.ExitCode);
        var lines = run.Body.Split('\n');
        Assert.Contains("~ update Deployment shop/shop-api-k8s-service (apps/v1)", lines);
        Assert.Contains("    ~ spec.template.spec.containers[name=k8s-service].image: \"ghcr.io/example/api:1.0\" => \"ghcr.io/example/api:1.1\"", lines);
        Assert.Contains("    ~ spec.template.spec.containers[name=k8s-service].ports[name=main].containerPort: 8080 => 9090", lines);
        Assert.Contains("    ~ spec.template.spec.containers[name=k8s-service].env[name=LOG_LEVEL].value: \"info\" => \"debug\"", lines);
        Assert.EndsWith("\nPlan: 0 to create, 1 to update, 0 to delete.\n", run.Body);
        Assert.DoesNotContain("\u001b[", run.Output);
    }

    [Fact]
    public void The_baseline_is_the_committed_file_not_the_working_tree()
    {
        repo.Write("opta.yaml", Service(image: "ghcr.io/example/api:2.0"));
        repo.Commit("second");
        repo.Write("opta.yaml", Service(image: "ghcr.io/example/api:3.0"));

        var againstFirst = Diff("--base", "HEAD~1");
        var againstSecond = Diff("--base", "HEAD");

        Assert.Contains("image: \"ghcr.io/example/api:1.0\" => \"ghcr.io/example/api:3.0\"", againstFirst.Output);
        Assert.Contains("image: \"ghcr.io/example/api:2.0\" => \"ghcr.io/example/api:3.0\"", againstSecond.Output);
    }

    [Fact]
    public void Adding_public_uri_creates_an_Ingress()
    {
        repo.Write("opta.yaml", Service(publicUri: "{parent.domain}/api"));

        var run = Diff("--base", "HEAD");

        Assert.Equal(2, run.ExitCode);
        Assert.Matches(@"\+ create Ingress shop/shop-api-k8s-service-[0-9a-f]{8} \(networking\.k8s\.io/v1\)\n", run.Body);
        Assert.EndsWith("Plan: 1 to create, 0 to update, 0 to delete.\n", run.Body);
    }

    [Fact]
    public void The_environment_file_is_read_at_the_revision_too()
    {
        repo.Write("opta.yaml", Service(publicUri: "{parent.domain}/api"));
        repo.Commit("public");
        repo.Write("env.yaml", EnvFile.Replace("shop.example.com", "shop.example.org"));

        var run = Diff("--base", "HEAD");

        // The Ingress name hashes the domain, so a new domain is a new Ingress in place of the old one.
        Assert.Equal(2, run.ExitCode);
        Assert.Matches(@"^\n\+ create Ingress shop/shop-api-k8s-service-[0-9a-f]{8} \(networking\.k8s\.io/v1\)\n    # renamed Ingress: [^\n]+\n- delete Ingress shop/shop-api-k8s-service-[0-9a-f]{8} \(networking\.k8s\.io/v1\)\n    # replaced by [^\n]+\n\nPlan: 1 to create, 0 to update, 1 to delete\.\n$", run.Body);
    }

    [Fact]
    public void Removing_a_module_deletes_its_objects()
    {
        repo.Write("opta.yaml", Service(worker: true));
        repo.Commit("with worker");
        repo.Write("opta.yaml", Service());

        var run = Diff("--base", "HEAD");

        Assert.Equal(2, run.ExitCode);
        var deletes = run.Body.Split('\n').Where(l => l.StartsWith("- delete ", StringComparison.Ordinal)).ToList();
        Assert.Contains("- delete Deployment shop/shop-worker-k8s-service (apps/v1)", deletes);
        Assert.Contains("- delete Service shop/worker (v1)", deletes);
        Assert.Equal(deletes.Count, run.Body.Split('\n').Count(l => l.Length > 0 && l[0] is '+' or '~' or '-'));
        Assert.EndsWith($"Plan: 0 to create, 0 to update, {deletes.Count} to delete.\n", run.Body);
    }

    [Fact]
    public void Json_output_has_the_same_changes_as_data()
    {
        var commit = repo.Git("rev-parse", "HEAD").Trim();
        repo.Write("opta.yaml", Service(image: "ghcr.io/example/api:1.1", publicUri: "/api"));

        var run = Diff("--base", "HEAD", "--output", "json");

        Assert.Equal(2, run.ExitCode);
        var json = JsonNode.Parse(run.Output)!;
        Assert.Equal("git", (string?)json["base"]!["type"]);
        Assert.Equal("HEAD", (string?)json["base"]!["revision"]);
        Assert.Equal(commit, (string?)json["base"]!["commit"]);
        Assert.Equal("staging", (string?)json["environment"]);
        Assert.Equal(1, (int)json["summary"]!["create"]!);
        Assert.Equal(1, (int)json["summary"]!["update"]!);
        Assert.Equal(0, (int)json["summary"]!["delete"]!);
        var update = json["changes"]!.AsArray().Single(c => (string?)c!["action"] == "update")!;
        Assert.Equal("Deployment", (string?)update["kind"]);
        Assert.Equal("shop", (string?)update["namespace"]);
        var image = update["fields"]!.AsArray().Single(f => ((string?)f!["path"])!.EndsWith(".image", StringComparison.Ordinal))!;
        Assert.Equal("changed", (string?)image["change"]);
        Assert.Equal("ghcr.io/example/api:1.0", (string?)image["old"]);
        Assert.Equal("ghcr.io/example/api:1.1", (string?)image["new"]);
        Assert.False((bool)image["masked"]!);
        Assert.Equal("Ingress", (string?)json["changes"]!.AsArray().Single(c => (string?)c!["action"] == "create")!["kind"]);
    }

    [Fact]
    public void The_same_inputs_print_the_same_bytes()
    {
        repo.Write("opta.yaml", Service(image: "ghcr.io/example/api:1.1", publicUri: "/api", worker: true));

        Assert.Equal(Diff("--base", "HEAD").Output, Diff("--base", "HEAD").Output);
        Assert.Equal(Diff("--base", "HEAD", "--output", "json").Output, Diff("--base", "HEAD", "--output", "json").Output);
    }

    [Fact]
    public void A_revision_that_does_not_exist_exits_1_naming_it_and_the_fix()
    {
        var run = Diff("--base", "no-such-branch");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Output);
        Assert.StartsWith("opta-infra: error: --base no-such-branch is neither a folder nor a commit, branch or tag of the git repository at ", run.Error);
        Assert.Contains("for example --base main or --base HEAD~1", run.Error);
    }

    [Fact]
    public void A_service_file_outside_git_cannot_use_a_revision()
    {
        var outside = Directory.CreateTempSubdirectory("opta-diff-nogit-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(outside, "opta.yaml"), Service());
            File.WriteAllText(Path.Combine(outside, "env.yaml"), EnvFile);

            var run = DiffRun.InProcess("-c", Path.Combine(outside, "opta.yaml"), "--base", "HEAD");

            Assert.Equal(1, run.ExitCode);
            Assert.Contains("is not inside a git repository", run.Error);
            Assert.Contains("pass a folder written by `opta-infra render -o` as --base instead", run.Error);
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    [Fact]
    public void Errors_in_the_working_tree_are_the_engines_diagnostics_and_exit_1()
    {
        repo.Write("opta.yaml", Service().Replace("port:\n      http: 8080", "port:\n      http: eighty"));

        var run = Diff("--base", "HEAD");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Output);
        Assert.Matches(@"opta\.yaml:\d+:\d+: error: ", run.Error);
        Assert.Contains("in the working tree; nothing was compared.", run.Error);
    }

    [Fact]
    public void Errors_in_the_baseline_say_they_are_the_baselines()
    {
        repo.Write("opta.yaml", Service().Replace("port:\n      http: 8080", "port:\n      http: eighty"));
        repo.Commit("broken");
        repo.Write("opta.yaml", Service());

        var run = Diff("--base", "HEAD");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Output);
        Assert.StartsWith("opta-infra: error: the baseline does not validate: ", run.Error);
        Assert.Contains("(the working tree is valid; these are in the old version)", run.Error);
        Assert.Matches(@"\nopta\.yaml:\d+:\d+: error: .*\n.*eighty", run.Error.Replace(repo.Root + "/", ""));
    }

    [Fact]
    public void A_service_file_new_since_the_revision_is_all_creates()
    {
        repo.Write("more/opta.yaml", Service().Replace("name: shop", "name: more"));
        repo.Write("more/env.yaml", EnvFile);

        var run = DiffRun.InProcess("-c", repo.PathOf("more/opta.yaml"), "--base", "HEAD");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("did not exist at HEAD (", run.Error);
        Assert.DoesNotContain("~ update", run.Output);
        Assert.DoesNotContain("- delete", run.Output);
        Assert.Contains("+ create Namespace more (v1)", run.Output);
    }

    [Fact]
    public void A_folder_written_by_render_o_is_a_baseline_through_the_real_binary()
    {
        var render = DiffRun.Process(repo.Root, "render", "-c", "opta.yaml", "-o", "rendered");
        Assert.Equal(0, render.ExitCode);
        repo.Write("opta.yaml", Service(port: 9090));

        var same = DiffRun.Process(repo.Root, "diff", "-c", "opta.yaml", "--base", "HEAD");
        var changed = DiffRun.Process(repo.Root, "diff", "-c", "opta.yaml", "--base", "rendered");

        Assert.Equal(2, same.ExitCode);
        Assert.Equal(2, changed.ExitCode);
        Assert.StartsWith("Comparing opta.yaml (environment staging) with rendered:\n", changed.Output);
        Assert.Equal(same.Body, changed.Body);
        Assert.Contains("containerPort: 8080 => 9090", changed.Output);
    }

    [Fact]
    public void Secret_values_in_a_baseline_folder_are_never_printed()
    {
        var render = DiffRun.Process(repo.Root, "render", "-c", "opta.yaml", "-o", "rendered");
        Assert.Equal(0, render.ExitCode);
        repo.Write("rendered/secret-manual-secrets.yaml", """
            apiVersion: v1
            kind: Secret
            metadata:
              name: manual-secrets
              namespace: shop
            stringData:
              DB_PASSWORD: hunter2
            """);

        var text = Diff("--base", repo.PathOf("rendered"));
        var json = Diff("--base", repo.PathOf("rendered"), "--output", "json");

        Assert.Equal(2, text.ExitCode);
        Assert.Contains("- delete Secret shop/manual-secrets (v1)", text.Output);
        Assert.DoesNotContain("hunter2", text.Output + text.Error + json.Output + json.Error);
    }

    [Fact]
    public void A_folder_with_something_else_in_it_exits_1_naming_the_file()
    {
        repo.Write("notmanifests/opta.yaml", Service());

        var run = Diff("--base", repo.PathOf("notmanifests"));

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"opta-infra: error: --base {repo.PathOf("notmanifests")}: {repo.PathOf("notmanifests/opta.yaml")}:1: not a Kubernetes object", run.Error);
    }

    [Fact]
    public void A_file_as_base_is_refused_with_what_base_takes()
    {
        var run = Diff("--base", ServiceFile);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("is a file; --base takes a git revision or a folder written by `opta-infra render -c FILE -o FOLDER`", run.Error);
    }

    [Fact]
    public void An_unknown_output_format_is_a_usage_error()
    {
        var run = Diff("--base", "HEAD", "--output", "yaml");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Argument 'yaml' not recognized. Must be one of:", run.Error);
    }
}
