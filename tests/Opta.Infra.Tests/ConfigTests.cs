using Opta.Infra.Tests.Support;
using Pulumi;

namespace Opta.Infra.Tests;

/// <summary>The <c>opta-infra:*</c> config reaches the engine; bad input fails with the engine's messages.</summary>
public sealed class ConfigTests
{
    [Fact]
    public async Task Invalid_opta_yaml_fails_with_the_engines_diagnostics_and_no_stack_trace()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("opta.yaml", """
            name: broken
            environments:
              - name: staging
                path: opta.yaml
            modules:
              - name: web
                type: k8s-service
                image: nginx:1.27
                port:
                  http: 80
                min_containers: 5
                max_containers: 2
            """);

        var error = await Assert.ThrowsAsync<RunException>(() => PulumiHarness.RunAsync(new Dictionary<string, string> { ["file"] = file }));

        Assert.Matches(@"opta\.yaml:\d+:\d+: error: ", error.Message);
        Assert.Contains("max_containers", error.Message);
        Assert.DoesNotContain("   at ", error.Message);
    }

    [Fact]
    public async Task The_environment_defaults_to_the_stack_name()
    {
        var error = await Assert.ThrowsAsync<RunException>(() => PulumiHarness.RunAsync(
            new Dictionary<string, string> { ["file"] = Repo.ServiceFile("hello") }, stackName: "production"));

        Assert.Matches(@"opta\.yaml:\d+:\d+: error: .*production", error.Message);
    }

    [Fact]
    public async Task Ingress_class_and_image_tag_come_from_config()
    {
        var run = await PulumiHarness.RunExampleAsync("auto", new Dictionary<string, string>
        {
            ["ingressClass"] = "traefik",
            ["imageTag"] = "v1.2.3",
            ["registry"] = "registry.example:5000",
        });

        // A given tag means the image was pushed already (`opta-infra push`): nothing to build.
        Assert.DoesNotContain(run.Registrations, r => r.Type == "docker:index/image:Image");
        var deployment = Tree.FromInputs(run.Single("kubernetes:apps/v1:Deployment").Inputs);
        Assert.Equal("registry.example:5000/auto/web:v1.2.3", Tree.At(deployment, "spec", "template", "spec", "containers", 0, "image"));
        var ingress = Tree.FromInputs(run.Single("kubernetes:networking.k8s.io/v1:Ingress").Inputs);
        Assert.Equal("traefik", Tree.At(ingress, "spec", "ingressClassName"));
    }

    [Fact]
    public async Task Secrets_come_from_the_secrets_config_and_reach_pods_only_through_the_modules_secret()
    {
        var run = await PulumiHarness.RunExampleAsync("everything");

        var secret = Tree.FromInputs(run.Single("kubernetes:core/v1:Secret").Inputs);
        Assert.Equal("postgres://app:s3cr3t@db:5432/app", Tree.At(secret, "stringData", "DB_URL"));
        // The fixture's worker module has a Deployment too; the secret belongs to the api module's.
        var deployment = run.Registrations.Single(r => r.Type == "kubernetes:apps/v1:Deployment" && r.Name == "everything-api-k8s-service");
        Assert.DoesNotContain("s3cr3t", Tree.Show(Tree.FromInputs(deployment.Inputs)), StringComparison.Ordinal);
        var env = (List<object?>)Tree.At(Tree.FromInputs(deployment.Inputs), "spec", "template", "spec", "containers", 0, "env")!;
        var dbUrl = env.Single(e => Equals(Tree.At(e, "name"), "DB_URL"));
        Assert.Equal(Tree.At(secret, "metadata", "name"), Tree.At(dbUrl, "valueFrom", "secretKeyRef", "name"));
    }

    [Fact]
    public async Task A_secret_missing_from_config_fails_with_the_command_that_sets_it()
    {
        var error = await Assert.ThrowsAsync<RunException>(() => PulumiHarness.RunAsync(
            new Dictionary<string, string> { ["file"] = Repo.ServiceFile("everything") }));

        Assert.Contains("secret 'DB_PASSWORD' is not set", error.Message);
        Assert.Contains("pulumi config set --secret --path 'opta-infra:secrets.DB_PASSWORD'", error.Message);
    }

    [Fact]
    public async Task A_relative_file_is_read_from_the_program_folder()
    {
        var previous = Directory.GetCurrentDirectory();
        Directory.SetCurrentDirectory(Repo.Root);
        try
        {
            var run = await PulumiHarness.RunAsync(new Dictionary<string, string> { ["file"] = "examples/hello/opta.yaml" });

            Assert.Equal("hello", run.Single("kubernetes:core/v1:Namespace").Name);
        }
        finally
        {
            Directory.SetCurrentDirectory(previous);
        }
    }
}

internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("opta-infra-tests-").FullName;

    public string Write(string name, string content)
    {
        var file = System.IO.Path.Combine(Path, name);
        File.WriteAllText(file, content);
        return file;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
