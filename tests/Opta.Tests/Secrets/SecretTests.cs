using k8s.Models;
using Opta.Output;
using Opta.Planning;
using Opta.Tests.Support;

namespace Opta.Tests.Secrets;

public sealed class SecretTests
{
    private const string Module = "name: web\nimage: nginx\nport: {http: 80}\ncron_jobs: [{commands: [run], schedule: \"@daily\"}]\nenv_vars:\n  DB_URL: \"postgres://app:{secret.DB_PASSWORD}@db:5432/app\"\n  MODE: prod";

    private static PlanOptions With(params (string Name, string Value)[] secrets) => new()
    {
        Secrets = name => secrets.Where(s => s.Name == name).Select(s => s.Value).FirstOrDefault(),
    };

    [Fact]
    public void Secret_values_go_into_a_module_secret_read_through_secretKeyRef()
    {
        using var project = TempProject.WithModule(Module);
        var plan = PlanAssert.Ok(project.Plan(With(("DB_PASSWORD", "s3cr3t"))));

        var secret = PlanAssert.Single<V1Secret>(plan);
        Assert.Equal(("web-secrets", "Opaque"), (secret.Metadata.Name, secret.Type));
        Assert.Equal(new Dictionary<string, string> { ["DB_URL"] = "postgres://app:s3cr3t@db:5432/app" }, secret.StringData);
        foreach (var container in new[] { PlanAssert.Single<V1Deployment>(plan).Spec.Template.Spec.Containers[0], PlanAssert.Single<V1CronJob>(plan).Spec.JobTemplate.Spec.Template.Spec.Containers[0] })
        {
            var dbUrl = container.Env.Single(e => e.Name == "DB_URL");
            Assert.Null(dbUrl.Value);
            Assert.Equal(("web-secrets", "DB_URL"), (dbUrl.ValueFrom.SecretKeyRef.Name, dbUrl.ValueFrom.SecretKeyRef.Key));
            Assert.Equal("prod", container.Env.Single(e => e.Name == "MODE").Value);
        }

        Assert.DoesNotContain("s3cr3t", ManifestWriter.ToYamlStream(plan.AllObjects().Where(o => o is not V1Secret)), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_secret_references_there_is_no_secret()
    {
        using var project = TempProject.WithModule("name: web\nimage: nginx\nport: {http: 80}\nenv_vars: {A: b}");

        Assert.Empty(PlanAssert.Ok(project.Plan(With(("X", "y")))).AllObjects().OfType<V1Secret>());
    }

    [Fact]
    public void An_unset_secret_is_an_error_naming_it_and_both_ways_to_set_it()
    {
        using var project = TempProject.WithModule(Module);
        var error = PlanAssert.SingleError(project.Plan(With()));

        Assert.Equal("modules[0].env_vars.DB_URL: secret 'DB_PASSWORD' is not set; export OPTA_SECRET_DB_PASSWORD=… for the opta-infra command, or run `pulumi config set --secret --path 'opta-infra:secrets.DB_PASSWORD' …` for the stack", error.Message);
        Assert.Equal(13, error.Position.Line);
    }

    [Fact]
    public void Secrets_are_refused_outside_env_var_values()
    {
        using var project = TempProject.WithModule("name: web\nimage: \"nginx:{secret.TAG}\"\nport: {http: 80}");

        Assert.StartsWith("modules[0].image: {secret.TAG} may only be used in `env_vars` values", PlanAssert.SingleError(project.Plan(With(("TAG", "1")))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_masks_secret_values_unless_asked_and_reads_them_from_the_environment()
    {
        using var project = TempProject.WithModule(Module);
        var environment = new Dictionary<string, string> { ["OPTA_SECRET_DB_PASSWORD"] = "s3cr3t" };

        var masked = Support.Cli.Run(project.Dir, environment, "render", "-c", "opta.yaml");
        Assert.Equal(0, masked.ExitCode);
        Assert.Contains("stringData:\n  DB_URL: '***'\n", masked.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", masked.Stdout + masked.Stderr, StringComparison.Ordinal);

        var shown = Support.Cli.Run(project.Dir, environment, "render", "-c", "opta.yaml", "--show-secrets");
        Assert.Contains("DB_URL: postgres://app:s3cr3t@db:5432/app\n", shown.Stdout, StringComparison.Ordinal);

        var unset = Support.Cli.Run(project.Dir, "render", "-c", "opta.yaml");
        Assert.Equal(1, unset.ExitCode);
        Assert.Contains("secret 'DB_PASSWORD' is not set", unset.Stderr, StringComparison.Ordinal);
    }
}
