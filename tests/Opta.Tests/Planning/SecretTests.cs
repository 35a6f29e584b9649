using k8s.Models;
using Opta.Output;
using Opta.Planning;
using Opta.Tests.Support;

namespace Opta.Tests.Planning;

/// <summary><c>{secret.NAME}</c> in env_vars: into the module's Secret, read through secretKeyRef, never inline or printed.</summary>
public sealed class SecretTests
{
    private const string Module = """
        name: api
        image: nginx:1.27
        port: {http: 80}
        env_vars:
          DB_PASSWORD: "{secret.db_password}"
          DB_URL: "postgres://app:{secret.db_password}@db/{env}"
          LOG_LEVEL: info
        cron_jobs: [{commands: [/bin/backup], schedule: "@daily"}]
        """;

    private static PlanOptions With(string? value) => new() { Secrets = name => name == "db_password" ? value : null };

    [Fact]
    public void Secret_values_go_into_a_secret_and_are_read_by_reference()
    {
        using var project = TempProject.WithModule(Module);
        var plan = PlanAssert.Ok(project.Plan(With("hunter2")));

        var secret = PlanAssert.Single<V1Secret>(plan);
        Assert.Equal("api-secrets", secret.Metadata.Name);
        Assert.Equal("Opaque", secret.Type);
        Assert.Equal(new Dictionary<string, string> { ["DB_PASSWORD"] = "hunter2", ["DB_URL"] = "postgres://app:hunter2@db/staging" }, secret.StringData);

        var containers = plan.AllObjects().OfType<V1Deployment>().Select(d => d.Spec.Template.Spec.Containers[0])
            .Concat(plan.AllObjects().OfType<V1CronJob>().Select(c => c.Spec.JobTemplate.Spec.Template.Spec.Containers[0])).ToList();
        Assert.Equal(2, containers.Count);
        foreach (var container in containers)
        {
            var env = container.Env.ToDictionary(e => e.Name);
            Assert.Null(env["DB_PASSWORD"].Value);
            Assert.Equal(("api-secrets", "DB_PASSWORD"), (env["DB_PASSWORD"].ValueFrom.SecretKeyRef.Name, env["DB_PASSWORD"].ValueFrom.SecretKeyRef.Key));
            Assert.Equal("DB_URL", env["DB_URL"].ValueFrom.SecretKeyRef.Key);
            Assert.Equal("info", env["LOG_LEVEL"].Value);
        }

        var everythingButTheSecret = ManifestWriter.ToYamlStream(plan.AllObjects().Where(o => o is not V1Secret));
        Assert.DoesNotContain("hunter2", everythingButTheSecret, StringComparison.Ordinal);
        var redacted = ManifestWriter.ToYamlStream(SecretRedaction.Redact(plan.AllObjects()));
        Assert.DoesNotContain("hunter2", redacted, StringComparison.Ordinal);
        Assert.Contains("DB_PASSWORD: '***'", redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unset_secret_is_an_error_naming_it_and_where_to_set_it()
    {
        using var project = TempProject.WithModule(Module);
        var result = project.Plan(With(null));

        var errors = result.Errors.ToList();
        Assert.Equal(2, errors.Count);
        Assert.Equal("modules[0].env_vars.DB_PASSWORD: the secret 'db_password' has no value; for the CLI set the environment variable OPTA_SECRET_db_password, for Pulumi run `pulumi config set --secret --path 'opta-infra:secrets.db_password' VALUE`", errors[0].Message);
        Assert.Equal((12, 20), (errors[0].Position.Line, errors[0].Position.Column));
        Assert.Null(result.Plan);
    }

    [Theory]
    [InlineData("pod_annotations: {a: \"{secret.db_password}\"}", "modules[0].pod_annotations.a: {secret.db_password} may only be used in an `env_vars` value")]
    [InlineData("env_vars:\n  - {name: \"{secret.db_password}\", value: x}", "modules[0].env_vars[0].name: {secret.db_password} may only be used in an `env_vars` value")]
    public void A_secret_outside_an_env_var_value_is_refused(string body, string message)
    {
        using var project = TempProject.WithModule("name: api\nimage: nginx:1.27\nport: {http: 80}\n" + body);

        Assert.StartsWith(message, PlanAssert.SingleError(project.Plan(With("hunter2"))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_masks_secret_data_unless_asked_and_takes_values_from_opta_secret_variables()
    {
        using var project = TempProject.WithModule(Module);
        var env = new Dictionary<string, string> { ["OPTA_SECRET_db_password"] = "hunter2" };

        var masked = Support.Cli.Run(project.Dir, env, "render", "-c", "opta.yaml");
        var shown = Support.Cli.Run(project.Dir, env, "render", "-c", "opta.yaml", "--show-secrets");
        var unset = Support.Cli.Run(project.Dir, "render", "-c", "opta.yaml");

        Assert.Equal(0, masked.ExitCode);
        Assert.DoesNotContain("hunter2", masked.Stdout + masked.Stderr, StringComparison.Ordinal);
        Assert.Contains("kind: Secret", masked.Stdout, StringComparison.Ordinal);
        Assert.Contains("DB_PASSWORD: '***'", masked.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, shown.ExitCode);
        Assert.Contains("DB_PASSWORD: hunter2", shown.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, unset.ExitCode);
        Assert.Contains("the secret 'db_password' has no value; for the CLI set the environment variable OPTA_SECRET_db_password", unset.Stderr, StringComparison.Ordinal);
    }
}
