using k8s.Models;
using Opta.Planning;
using Opta.Tests.Support;

namespace Opta.Tests.Loading;

public sealed class EnvironmentTests
{
    private const string Module = """
        modules:
          - type: k8s-service
            name: web
            image: "nginx:{vars.tag}"
            port: {http: 80}
            public_uri: "{parent.domain}/app"
            env_vars:
              ENV: "{env}"
              WHERE: "{layer_name}/{module_name}"
              LITERAL: "{{not a variable}}"
        """;

    private static TempProject TwoEnvironments() => new TempProject()
        .Write("opta.yaml", """
            name: shop
            environments:
              - name: staging
                path: envs/staging.yaml
                variables: {tag: "1.0"}
              - name: production
                path: envs/production.yaml
                variables: {tag: "1.1"}

            """ + Module)
        .Write("envs/staging.yaml", """
            name: stg
            org_name: acme
            providers: {local: {}}
            modules:
              - type: dns
                domain: stg.example.com
            """)
        .Write("envs/production.yaml", """
            name: prod
            org_name: acme
            providers: {aws: {region: us-east-1, account_id: "123"}}
            modules:
              - type: dns
                domain: example.com
            """);

    [Theory]
    [InlineData("staging", "stg", "1.0", "stg.example.com")]
    [InlineData("production", "prod", "1.1", "example.com")]
    public void The_environment_file_supplies_env_and_parent_domain(string env, string envName, string tag, string domain)
    {
        using var project = TwoEnvironments();
        var plan = PlanAssert.Ok(project.Plan(new PlanOptions { Environment = env }));

        Assert.Equal(envName, plan.EnvironmentName);
        var container = PlanAssert.Single<V1Deployment>(plan).Spec.Template.Spec.Containers[0];
        Assert.Equal($"nginx:{tag}", container.Image);
        Assert.Equal([$"ENV={envName}", "WHERE=shop/web", "LITERAL={not a variable}"], container.Env.Select(e => $"{e.Name}={e.Value}"));
        Assert.Equal(domain, PlanAssert.Single<V1Ingress>(plan).Spec.Rules[0].Host);
        Assert.Equal(envName, plan.Namespace.Metadata.Labels["opta.dev/environment-name"]);
    }

    [Fact]
    public void Several_environments_need_env()
    {
        using var project = TwoEnvironments();
        var error = PlanAssert.SingleError(project.Plan());

        Assert.Equal("environments: there are 2 environments (staging, production); choose one with --env NAME", error.Message);
        Assert.Equal((2, 1), (error.Position.Line, error.Position.Column));
    }

    [Fact]
    public void An_unknown_env_lists_the_valid_names()
    {
        using var project = TwoEnvironments();
        var error = PlanAssert.SingleError(project.Plan(new PlanOptions { Environment = "prod" }));

        Assert.StartsWith("--env prod: no such environment in ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("the valid names are staging, production (did you mean 'production'?)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_environment_file_is_reported_at_its_path()
    {
        using var project = TwoEnvironments();
        File.Delete(Path.Combine(project.Dir, "envs", "staging.yaml"));
        var error = PlanAssert.SingleError(project.Plan(new PlanOptions { Environment = "staging" }));

        Assert.Matches("^cannot read the environment file of 'staging' '.*envs/staging.yaml': no such file$", error.Message);
        Assert.Equal((4, 11), (error.Position.Line, error.Position.Column));
    }

    [Fact]
    public void An_environment_file_that_is_a_directory_is_refused_clearly()
    {
        using var project = TwoEnvironments();
        File.Delete(Path.Combine(project.Dir, "envs", "staging.yaml"));
        Directory.CreateDirectory(Path.Combine(project.Dir, "envs", "staging.yaml"));

        Assert.EndsWith("it is a directory, not a file", PlanAssert.SingleError(project.Plan(new PlanOptions { Environment = "staging" })).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_in_the_environment_file_point_into_that_file()
    {
        using var project = TwoEnvironments();
        project.Write("envs/staging.yaml", "name: stg\norg_nmae: acme\nmodules: [{type: dns, domain: x.com}]\n");
        var error = PlanAssert.SingleError(project.Plan(new PlanOptions { Environment = "staging" }));

        Assert.EndsWith("envs/staging.yaml", error.Position.File, StringComparison.Ordinal);
        Assert.Equal("org_nmae: unknown field 'org_nmae' in an environment file; did you mean 'org_name'?", error.Message);
    }

    [Fact]
    public void A_service_file_may_be_its_own_environment()
    {
        var plan = PlanAssert.Ok(OptaEngine.Plan(Repo.Example("hello")));

        Assert.Equal(("hello", "staging"), (plan.Layer, plan.EnvironmentName));
    }

    [Fact]
    public void An_environment_file_with_modules_deploys_its_k8s_services()
    {
        using var project = new TempProject().Write("opta.yaml", """
            name: local
            org_name: acme
            providers: {local: {}}
            modules:
              - type: local-base
              - type: k8s-service
                name: web
                image: nginx
                port: {http: 80}
            """);
        var plan = PlanAssert.Ok(project.Plan());

        Assert.Equal(("local", "local", "web"), (plan.Layer, plan.EnvironmentName, Assert.Single(plan.Services).ModuleName));
    }

    [Fact]
    public void Input_variables_take_var_values_then_defaults()
    {
        using var project = new TempProject().Write("opta.yaml", """
            name: shop
            environments: [{name: staging, path: opta.yaml}]
            input_variables:
              - name: image
              - name: replicas
                default: 4
            modules:
              - type: k8s-service
                name: web
                image: "{vars.image}"
                max_containers: "{vars.replicas}"
                port: {http: 80}
            """);

        var plan = PlanAssert.Ok(project.Plan(new PlanOptions { Variables = new Dictionary<string, string> { ["image"] = "nginx:2" } }));
        Assert.Equal("nginx:2", PlanAssert.Single<V1Deployment>(plan).Spec.Template.Spec.Containers[0].Image);
        Assert.Equal(4, PlanAssert.Single<V2HorizontalPodAutoscaler>(plan).Spec.MaxReplicas);
        Assert.Contains("unknown variable {vars.image}", PlanAssert.SingleError(project.Plan()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_module_names_are_errors_and_unknown_module_types_warnings()
    {
        using var project = new TempProject().Write("opta.yaml", """
            name: shop
            environments: [{name: staging, path: opta.yaml}]
            modules:
              - {type: k8s-service, name: web, image: a, port: {http: 80}}
              - {type: postgress, name: db}
              - {type: k8s-service, name: web, image: b, port: {http: 80}}
            """);
        var result = project.Plan();
        var errors = result.Errors.Select(e => (e.Position.Line, e.Message)).ToList();

        Assert.Equal([(6, "modules[2].name: a module named 'web' already exists (modules[0]); module names must be unique in a service file: rename one")], errors);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal((5, 12), (warning.Position.Line, warning.Position.Column));
        Assert.Equal("modules[1].type: 'postgress' is not a module type Opta had (did you mean 'postgres'?); the module is skipped", warning.Message);
    }

    [Theory]
    [InlineData("Shop", "name: 'Shop' must be lowercase letters, digits and dashes")]
    [InlineData("shop_1", "name: 'shop_1' must be lowercase letters, digits and dashes")]
    public void Layer_names_must_be_namespace_names(string layer, string message)
    {
        using var project = TempProject.WithModule("name: web\nimage: x\nport: {http: 80}", layer);

        Assert.Equal(message, PlanAssert.SingleError(project.Plan()).Message);
    }

    [Fact]
    public void The_documentations_mis_indented_example_gets_one_clear_explanation()
    {
        using var project = new TempProject().Write("opta.yaml", """
            name: hello
            environments:
            - name: staging
              path: "opta.yaml"
              modules:
            - name: hello
              type: k8s-service
              port:
              http: 80
              image: ghcr.io/run-x/hello-opta/hello-opta:main
              healthcheck_path: "/"
              public_uri: "/hello"
              env_vars:
                - name: "API_KEY"
                  value: "value"
            """);
        var errors = project.Plan().Errors.ToList();

        Assert.Contains(errors, e => e.Position.Line == 6 && e.Message.StartsWith("environments[1]: this entry has `type: k8s-service`, so it is a module that landed in the `environments` list: the file is mis-indented", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Position.Line == 5 && e.Message.Contains("'modules' is a field of a service file: is it indented too far?", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Message.StartsWith("modules: required field is missing", StringComparison.Ordinal));
        Assert.Equal(3, errors.Count);
    }
}
