using Opta.Tests.Support;

namespace Opta.Tests.Cli;

/// <summary>What a new user meets on a first run: typos on the command line, paths as typed, missing files.</summary>
public sealed class FirstRunTests
{
    [Theory]
    [InlineData("rendr", "opta-infra: error: unknown command 'rendr'; did you mean 'render'?\nRun 'opta-infra --help' for usage.\n")]
    [InlineData("rendr -c examples/hello/opta.yaml --env staging", "opta-infra: error: unknown command 'rendr'; did you mean 'render'?\nRun 'opta-infra --help' for usage.\n")]
    [InlineData("validat --help", "opta-infra: error: unknown command 'validat'; did you mean 'validate'?\nRun 'opta-infra --help' for usage.\n")]
    [InlineData("import", "opta-infra: error: unknown command 'import'; did you mean 'import-file'?\nRun 'opta-infra --help' for usage.\n")]
    [InlineData("deploy", "opta-infra: error: unknown command 'deploy'; the commands are validate, render, diff, push, schema, import-file\nRun 'opta-infra --help' for usage.\n")]
    [InlineData("render -c examples/hello/opta.yaml --evn staging", "opta-infra: error: unknown option '--evn' for 'render'; did you mean '--env'?\nRun 'opta-infra render --help' for usage.\n")]
    [InlineData("validate --confg examples/hello/opta.yaml", "opta-infra: error: unknown option '--confg' for 'validate'; did you mean '--config'?\nRun 'opta-infra validate --help' for usage.\n")]
    [InlineData("diff -c examples/hello/opta.yaml --bsae main", "opta-infra: error: unknown option '--bsae' for 'diff'; did you mean '--base'?\nRun 'opta-infra diff --help' for usage.\n")]
    [InlineData("render -c examples/hello/opta.yaml --image-tga=v1", "opta-infra: error: unknown option '--image-tga' for 'render'; did you mean '--image-tag'?\nRun 'opta-infra render --help' for usage.\n")]
    public void A_mistyped_command_or_option_gets_one_error_with_a_hint(string arguments, string stderr)
    {
        var result = Support.Cli.Run(Repo.Root, arguments.Split(' '));

        Assert.Equal(stderr, result.Stderr);
        Assert.Equal("", result.Stdout);
        Assert.Equal(1, result.ExitCode);
    }

    [Theory]
    [InlineData("ABSOLUTE/app/opta.yaml", "ABSOLUTE/app/opta.yaml:9:21: error: modules[0].max_containers: ", "ABSOLUTE/app/envs/staging.yaml:2:1: error: org_nmae: ")]
    [InlineData("../app/opta.yaml", "../app/opta.yaml:9:21: error: modules[0].max_containers: ", "../app/envs/staging.yaml:2:1: error: org_nmae: ")]
    [InlineData("../app/./opta.yaml", "../app/opta.yaml:9:21: error: modules[0].max_containers: ", "../app/envs/staging.yaml:2:1: error: org_nmae: ")]
    public void Paths_in_messages_are_the_paths_as_given(string config, string serviceError, string environmentError)
    {
        using var project = new TempProject()
            .Write("app/opta.yaml", """
                name: shop
                environments:
                  - name: staging
                    path: envs/staging.yaml
                modules:
                  - type: k8s-service
                    name: web
                    image: nginx
                    max_containers: lots
                    port: {http: 80}
                """)
            .Write("app/envs/staging.yaml", "name: stg\norg_nmae: acme\n")
            .Write("ci/.keep", "");
        var absolute = project.Dir.Replace('\\', '/');

        var result = Support.Cli.Run(Path.Combine(project.Dir, "ci"), "validate", "-c", config.Replace("ABSOLUTE", absolute));

        var lines = result.Stderr.Split('\n').Where(l => l.Contains(": error: ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Contains(lines, l => l.StartsWith(serviceError.Replace("ABSOLUTE", absolute), StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith(environmentError.Replace("ABSOLUTE", absolute), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("validate", "nope/opta.yaml", "opta-infra: error: cannot read the service file (-c) 'nope/opta.yaml': no such file\n1 error.\n")]
    [InlineData("validate", "ABSOLUTE/nope.yaml", "opta-infra: error: cannot read the service file (-c) 'ABSOLUTE/nope.yaml': no such file\n1 error.\n")]
    [InlineData("render", "nope.yaml", "opta-infra: error: cannot read the service file (-c) 'nope.yaml': no such file\n1 error; nothing was rendered.\n")]
    [InlineData("import-file", "nope.yaml", "opta-infra: error: cannot read the service file (-c) 'nope.yaml': no such file\n1 error; nothing was written.\n")]
    [InlineData("validate", "folder", "opta-infra: error: cannot read the service file (-c) 'folder': it is a directory, not a file\n1 error.\n")]
    public void A_service_file_that_cannot_be_read_is_an_error_without_a_position(string command, string config, string stderr)
    {
        using var project = new TempProject().Write("folder/.keep", "");
        var absolute = project.Dir.Replace('\\', '/');

        var result = Support.Cli.Run(project.Dir, command, "-c", config.Replace("ABSOLUTE", absolute));

        Assert.Equal(stderr.Replace("ABSOLUTE", absolute), result.Stderr);
        Assert.Equal(1, result.ExitCode);
    }

    [Fact]
    public void Validate_never_says_it_rendered_nothing()
    {
        using var project = TempProject.WithModule("name: web\nimage: nginx\nport: {http: 0}");
        var result = Support.Cli.Run(project.Dir, "validate", "-c", "opta.yaml");

        Assert.Equal(1, result.ExitCode);
        Assert.EndsWith("\n1 error.\n", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("rendered", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--var tga=v2", "opta-infra: warning: --var tga: opta.yaml declares no input variable 'tga', so the value is ignored; did you mean 'tag'?\n")]
    [InlineData("--var colour=blue", "opta-infra: warning: --var colour: opta.yaml declares no input variable 'colour', so the value is ignored; the declared ones are tag\n")]
    [InlineData("--var tag=v2", "")]
    public void A_var_the_file_does_not_declare_is_a_warning(string arguments, string stderr)
    {
        using var project = new TempProject().Write("opta.yaml", """
            name: shop
            environments: [{name: staging, path: opta.yaml}]
            input_variables:
              - name: tag
                default: v1
            modules:
              - {type: k8s-service, name: web, image: "nginx:{vars.tag}", port: {http: 80}}
            """);

        var result = Support.Cli.Run(project.Dir, ["validate", "-c", "opta.yaml", .. arguments.Split(' ')]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(stderr, result.Stderr);
        Assert.EndsWith(stderr.Length > 0 ? ", 1 warning.\n" : "objects.\n", result.Stdout, StringComparison.Ordinal);
    }
}
