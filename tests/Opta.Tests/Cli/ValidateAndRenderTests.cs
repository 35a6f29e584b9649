using Opta.Tests.Support;

namespace Opta.Tests.Cli;

public sealed class ValidateAndRenderTests
{
    [Fact]
    public void Validate_prints_a_one_line_summary_and_exits_0()
    {
        var result = Support.Cli.Run(Repo.Root, "validate", "-c", "examples/hello/opta.yaml");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("examples/hello/opta.yaml is valid: environment staging, layer hello, 1 service, 6 objects.\n", result.Stdout);
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public void A_file_with_databases_validates_renders_masked_and_import_file_says_what_it_does_not_adopt()
    {
        var validate = Support.Cli.Run(Repo.Root, "validate", "-c", "examples/shop/opta.yaml");
        Assert.Equal("examples/shop/opta.yaml is valid: environment staging, layer shop, 2 services, 2 databases, 16 objects.\n", validate.Stdout);
        Assert.Equal("", validate.Stderr);

        var masked = Support.Cli.Run(Repo.Root, "render", "-c", "examples/shop/opta.yaml");
        Assert.Contains("  db_password: '***'\n", masked.Stdout, StringComparison.Ordinal);
        var shown = Support.Cli.Run(Repo.Root, "render", "-c", "examples/shop/opta.yaml", "--show-secrets");
        Assert.Contains("  db_password: '(generated at deploy time: db/db_password)'\n", shown.Stdout, StringComparison.Ordinal);

        var import = Support.Cli.Run(Repo.Root, "import-file", "-c", "examples/shop/opta.yaml");
        Assert.Equal(0, import.ExitCode);
        Assert.StartsWith("opta-infra: warning: modules[0] 'db' (postgres): not adopted: Opta's local postgres was a Bitnami Helm release", import.Stderr, StringComparison.Ordinal);
        Assert.Contains("modules[1] 'cache' (redis): not adopted", import.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_input_gets_located_diagnostics_with_source_and_caret_and_exit_1()
    {
        using var project = TempProject.WithModule("name: web\nimage: nginx\nport: {http: 80}\nmax_containers: 2\nmin_containers: 5\nimgae: x");
        var result = Support.Cli.Run(project.Dir, "validate", "-c", "opta.yaml");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Equal("""
            opta.yaml:11:5: error: modules[0].max_containers (2) must be >= min_containers (5); raise max_containers or lower min_containers
                  max_containers: 2
                  ^
            opta.yaml:13:5: error: modules[0].imgae: unknown field 'imgae' in a k8s-service module; did you mean 'image'?
                  imgae: x
                  ^
            2 errors.

            """, result.Stderr);
    }

    [Theory]
    [InlineData("render")]
    [InlineData("validate")]
    public void A_missing_file_and_an_unknown_env_are_clear_errors(string command)
    {
        var missing = Support.Cli.Run(Repo.Root, command, "-c", "examples/nope/opta.yaml");
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal($"opta-infra: error: cannot read the service file (-c) 'examples/nope/opta.yaml': no such file\n1 error{(command == "render" ? "; nothing was rendered" : "")}.\n", missing.Stderr);

        var env = Support.Cli.Run(Repo.Root, command, "-c", "examples/hello/opta.yaml", "--env", "prod");
        Assert.Equal(1, env.ExitCode);
        Assert.Contains("error: --env prod: no such environment in examples/hello/opta.yaml; the valid names are staging", env.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", env.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_directory_given_as_the_file_is_a_clear_error()
    {
        var result = Support.Cli.Run(Repo.Root, "validate", "-c", "examples/hello");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("'examples/hello': it is a directory, not a file", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_prints_the_yaml_stream_in_a_stable_order()
    {
        var result = Support.Cli.Run(Repo.Root, "render", "-c", "examples/hello/opta.yaml");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["Namespace", "ServiceAccount", "Service", "Deployment", "HorizontalPodAutoscaler", "Ingress"],
            result.Stdout.Split('\n').Where(l => l.StartsWith("kind: ", StringComparison.Ordinal)).Select(l => l[6..]));
        Assert.Equal(5, result.Stdout.Split('\n').Count(l => l == "---"));
        Assert.Equal(result.Stdout, Support.Cli.Run(Repo.Root, "render", "-c", "examples/hello/opta.yaml").Stdout);
    }

    [Fact]
    public void Render_with_an_image_tag_deploys_the_pushed_auto_image()
    {
        var result = Support.Cli.Run(Repo.Root, "render", "-c", "examples/auto/opta.yaml", "--image-tag", "v7", "--registry", "127.0.0.1:5001");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("image: 127.0.0.1:5001/auto/web:v7\n", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Warnings_go_to_stderr_and_do_not_fail_the_render()
    {
        using var project = TempProject.WithModule("name: web\nimage: AUTO\nport: {http: 80}");
        var result = Support.Cli.Run(project.Dir, "render", "-c", "opta.yaml");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("opta.yaml:9:5: warning: modules[0].image: AUTO has no image yet", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("kind: Service\n", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("kind: Deployment", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_to_a_folder_writes_one_file_per_object_and_replaces_its_own_stale_files()
    {
        using var project = TempProject.WithModule("name: web\nimage: nginx\nport: {http: 80}\npublic_uri: /a");
        var outDir = Path.Combine(project.Dir, "out");
        Directory.CreateDirectory(outDir);
        File.WriteAllText(Path.Combine(outDir, "notes.yaml"), "mine: true\n");

        var first = Support.Cli.Run(project.Dir, "render", "-c", "opta.yaml", "-o", "out");
        Assert.Equal(0, first.ExitCode);
        Assert.Equal("Wrote 6 files to out.\n", first.Stderr);
        Assert.Equal("", first.Stdout);
        var files = Directory.GetFiles(outDir).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal([".opta-infra.lock", "notes.yaml", "shop.deployment-shop-web-k8s-service.yaml", "shop.horizontalpodautoscaler-shop-web-k8s-service.yaml", "shop.ingress-shop-web-k8s-service-f67245be.yaml".Replace("f67245be", HashOf("all-a")), "shop.namespace-shop.yaml", "shop.service-web.yaml", "shop.serviceaccount-web.yaml"], files);
        Assert.StartsWith("# Rendered by opta-infra from opta.yaml (layer shop, environment staging)", File.ReadAllText(Path.Combine(outDir, "shop.service-web.yaml")), StringComparison.Ordinal);

        project.Write("opta.yaml", File.ReadAllText(project.ServiceFile).Replace("public_uri: /a", "public_uri: /b"));
        Assert.Equal(0, Support.Cli.Run(project.Dir, "render", "-c", "opta.yaml", "-o", "out").ExitCode);
        var after = Directory.GetFiles(outDir).Select(Path.GetFileName).ToList();
        Assert.Contains($"shop.ingress-shop-web-k8s-service-{HashOf("all-b")}.yaml", after);
        Assert.DoesNotContain($"shop.ingress-shop-web-k8s-service-{HashOf("all-a")}.yaml", after);
        Assert.Contains("notes.yaml", after);
        Assert.Empty(Directory.GetFiles(outDir, "*.tmp"));
    }

    [Fact]
    public void Invalid_input_writes_nothing()
    {
        using var project = TempProject.WithModule("name: web\nimage: nginx\nport: {http: 0}");
        var result = Support.Cli.Run(project.Dir, "render", "-c", "opta.yaml", "-o", "out");

        Assert.Equal(1, result.ExitCode);
        Assert.False(Directory.Exists(Path.Combine(project.Dir, "out")));
    }

    [Fact]
    public void Help_lists_the_commands()
    {
        var result = Support.Cli.Run(Repo.Root, "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("validate", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("render", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_usage_error_is_one_line_on_stderr_with_a_pointer_to_help()
    {
        var result = Support.Cli.Run(Repo.Root, "render", "-c", "examples/hello/opta.yaml", "--bogus");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Equal("opta-infra: error: unknown option '--bogus' for 'render'\nRun 'opta-infra render --help' for usage.\n", result.Stderr);
    }

    private static string HashOf(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..8];
}
