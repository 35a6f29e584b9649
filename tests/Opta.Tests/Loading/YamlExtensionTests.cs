using Opta.Loading;
using Opta.Planning;
using Opta.Tests.Support;

namespace Opta.Tests.Loading;

/// <summary>Opta read <c>opta.yml</c> when <c>opta.yaml</c> was missing and the other way round; so do we, with a warning.</summary>
public sealed class YamlExtensionTests
{
    private const string Environment = "name: stg\norg_name: acme\nproviders: {local: {}}\n";

    /// <summary>A service file <c>app/opta.yaml</c> whose environment's <c>path</c> is <paramref name="path"/>, and the environment file at <paramref name="existing"/> (relative to <c>app</c>).</summary>
    /// <remarks>The temporary folder is the repository (a <c>.git</c> at its top), so <c>../shared</c> is inside it.</remarks>
    private static TempProject Project(string path, string existing) => new TempProject()
        .Write(".git/HEAD", "ref: refs/heads/main\n")
        .Write("app/opta.yaml", $"""
            name: shop
            environments:
              - name: staging
                path: {path}
            modules:
              - {"{"}type: k8s-service, name: web, image: nginx, port: {"{"}http: 80{"}"}{"}"}
            """)
        .Write(Path.Combine("app", existing), Environment);

    private static PlanResult Plan(TempProject project) => OptaEngine.Plan(Path.Combine(project.Dir, "app", "opta.yaml"));

    [Theory]
    [InlineData("envs/staging.yaml", "envs/staging.yml")]
    [InlineData("envs/staging.yml", "envs/staging.yaml")]
    [InlineData("envs/staging.YAML", "envs/staging.yml")]
    [InlineData("shared/../envs/staging.yml", "envs/staging.yaml")]
    public void A_missing_environment_file_is_read_with_the_other_yaml_extension_and_a_warning(string path, string existing)
    {
        using var project = Project(path, existing);
        var alternate = ProjectLoader.AlternateYamlExtension(path)!;
        var result = Plan(project);

        var plan = PlanAssert.Ok(result);
        Assert.Equal("stg", plan.EnvironmentName);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal($"environments[0].path: '{path}' does not exist, so '{alternate}' was read instead, as Opta did; write `path: {alternate}` to silence this warning", warning.Message);
        Assert.Equal((4, 11), (warning.Position.Line, warning.Position.Column));
    }

    [Fact]
    public void An_existing_file_is_read_without_a_warning_even_when_the_other_extension_exists_too()
    {
        using var project = Project("envs/staging.yaml", "envs/staging.yaml").Write("app/envs/staging.yml", "not: read\n");
        var result = Plan(project);

        PlanAssert.Ok(result);
        Assert.Empty(result.Warnings);
    }

    [Theory]
    [InlineData("envs/staging.yaml")]
    [InlineData("envs/staging.json")]
    public void When_neither_exists_the_error_names_the_path_written(string path)
    {
        using var project = Project(path, "elsewhere.yaml");
        var error = PlanAssert.SingleError(Plan(project));

        Assert.Equal($"cannot read the environment file of 'staging' '{ProjectLoader.Display(Path.Combine(project.Dir, "app", path))}': no such file", error.Message);
        Assert.Equal((4, 11), (error.Position.Line, error.Position.Column));
    }

    [Fact]
    public void The_service_file_given_with_c_falls_back_too()
    {
        using var project = new TempProject().Write("opta.yml", """
            name: shop
            environments: [{name: staging, path: opta.yml}]
            modules:
              - {type: k8s-service, name: web, image: nginx, port: {http: 80}}
            """);

        var result = Support.Cli.Run(project.Dir, "validate", "-c", "opta.yaml");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("opta-infra: warning: -c: 'opta.yaml' does not exist, so 'opta.yml' was read instead, as Opta did; pass -c opta.yml to silence this warning\n", result.Stderr);
    }

    [Theory]
    [InlineData("opta.yaml", "opta.yml")]
    [InlineData("a/b.yml", "a/b.yaml")]
    [InlineData("a.Yml", "a.yaml")]
    [InlineData("opta.json", null)]
    [InlineData("yaml", null)]
    public void The_alternate_extension(string path, string? alternate) =>
        Assert.Equal(alternate, ProjectLoader.AlternateYamlExtension(path));

    [Fact]
    public void Undeclared_vars_are_warnings_in_the_engine_too()
    {
        using var project = TempProject.WithModule("name: web\nimage: nginx\nport: {http: 80}");
        var result = project.Plan(new PlanOptions { Variables = new Dictionary<string, string> { ["tag"] = "v1" } });

        PlanAssert.Ok(result);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal($"--var tag: {ProjectLoader.Display(project.ServiceFile)} declares no input variable 'tag', so the value is ignored; the file has no `input_variables`; declare it there (`- name: tag`) or drop the --var", warning.Message);
        Assert.Equal(0, warning.Position.Line);
    }
}
