using System.Text.Json.Nodes;
using Opta.Output;
using Opta.Tests.Support;

namespace Opta.Tests.Output;

/// <summary>The <c>pulumi import --file</c> input: the program's resource tree, with Opta's existing objects as ids.</summary>
public sealed class PulumiImportFileTests
{
    [Fact]
    public void Every_object_Opta_created_is_imported_under_its_module_component_with_the_programs_names()
    {
        using var project = TempProject.WithModule("""
            name: api
            image: nginx:1.27
            port: {http: 8080}
            min_containers: 2
            public_uri: /api
            cron_jobs: [{commands: [/bin/sh], schedule: "0 3 * * *"}]
            """);
        var plan = PlanAssert.Ok(project.Plan());

        var resources = PulumiImportFile.Build(plan)["resources"]!.AsArray().Select(r => r!.AsObject()).ToList();

        Assert.Equal(
        [
            ("opta:index:Environment", "staging", null, null),
            ("kubernetes:core/v1:Namespace", "shop", "shop", "staging-environment"),
            ("opta:index:K8sService", "api", null, "staging-environment"),
            ("kubernetes:core/v1:ServiceAccount", "api", "shop/api", "api-k8sservice"),
            ("kubernetes:core/v1:Service", "api", "shop/api", "api-k8sservice"),
            ("kubernetes:apps/v1:Deployment", "shop-api-k8s-service", "shop/shop-api-k8s-service", "api-k8sservice"),
            ("kubernetes:autoscaling/v2:HorizontalPodAutoscaler", "shop-api-k8s-service", "shop/shop-api-k8s-service", "api-k8sservice"),
            ("kubernetes:networking.k8s.io/v1:Ingress", $"shop-api-k8s-service-{Hash("all-api")}", $"shop/shop-api-k8s-service-{Hash("all-api")}", "api-k8sservice"),
            ("kubernetes:batch/v1:CronJob", "shop-api-k8s-service-0", "shop/shop-api-k8s-service-0", "api-k8sservice"),
        ],
            resources.Select(r => ((string)r["type"]!, (string)r["logicalName"]!, (string?)r["id"], (string?)r["parent"])));
        Assert.Contains(plan.Services[0].Objects, o => o.Kind == "PodDisruptionBudget");
        Assert.Equal(resources.Count, resources.Select(r => (string)r["name"]!).Distinct().Count());
        Assert.All(resources.Where(r => r["id"] is null), r => Assert.True((bool)r["component"]!));
        Assert.All(resources, r => Assert.True(r["parent"] is null || resources.Any(p => (string)p["name"]! == (string)r["parent"]!), $"{r["name"]}: parent is not an entry of the file"));
    }

    [Fact]
    public void Kinds_new_in_opta_infra_are_left_to_pulumi_up()
    {
        Assert.False(PulumiImportFile.OptaCreated(new k8s.Models.V1PodDisruptionBudget()));
        Assert.False(PulumiImportFile.OptaCreated(new k8s.Models.V1Secret()));
        Assert.True(PulumiImportFile.OptaCreated(new k8s.Models.V1Deployment()));
    }

    [Fact]
    public void The_command_writes_the_file_for_an_example()
    {
        using var project = new TempProject();
        var output = Path.Combine(project.Dir, "import.json");

        var result = Support.Cli.Run(Repo.Root, "import-file", "-c", "examples/hello/opta.yaml", "--env", "staging", "-o", output);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stdout);
        var json = JsonNode.Parse(File.ReadAllText(output))!;
        Assert.Equal(8, json["resources"]!.AsArray().Count);
        Assert.Equal(File.ReadAllText(output), Support.Cli.Run(Repo.Root, "import-file", "-c", "examples/hello/opta.yaml").Stdout);
    }

    [Fact]
    public void Invalid_input_is_reported_and_nothing_is_printed()
    {
        using var project = TempProject.WithModule("name: web\nimage: nginx\nport: {http: 0}");

        var result = Support.Cli.Run(project.Dir, "import-file", "-c", "opta.yaml");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Contains("modules[0].port.http", result.Stderr, StringComparison.Ordinal);
    }

    private static string Hash(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..8];
}
