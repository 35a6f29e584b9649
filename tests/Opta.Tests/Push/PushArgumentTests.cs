using Opta.Loading;

namespace Opta.Tests.Push;

/// <summary>push's errors that come before any engine is contacted: arguments and opta.yaml.</summary>
public sealed class PushArgumentTests
{
    // Nothing listens here: these errors must come before the engine is contacted.
    private static readonly Dictionary<string, string> NoEngine = new() { ["DOCKER_HOST"] = "unix:///nonexistent/opta-infra-test.sock" };

    [Theory]
    [InlineData("hello", "opta-infra: error: image 'hello' has no tag; pass IMAGE:TAG, e.g. hello:v1 (tag it first with `docker tag`)")]
    [InlineData("localhost:5000/hello/web", "opta-infra: error: image 'localhost:5000/hello/web' has no tag; pass IMAGE:TAG, e.g. localhost:5000/hello/web:v1 (tag it first with `docker tag`)")]
    [InlineData("hello@sha256:0123", "opta-infra: error: image 'hello@sha256:0123' is a digest reference; pass IMAGE:TAG, e.g. myapp:v1")]
    public async Task An_image_without_a_tag_is_refused_as_Opta_did(string image, string expected)
    {
        using var service = ServiceFolder.WebAndProxy();

        var run = await PushCli.RunAsync(NoEngine, "-c", service.ServiceFile, "web", image);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal([expected], run.ErrorLines);
        Assert.Equal("", run.Output);
    }

    [Fact]
    public async Task An_invalid_tag_option_is_refused()
    {
        using var service = ServiceFolder.WebAndProxy();

        var run = await PushCli.RunAsync(NoEngine, "-c", service.ServiceFile, "--tag", "-v1", "web", "hello:v1");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(["opta-infra: error: --tag '-v1' is not a valid tag; a tag is 1 to 128 letters, digits, '_', '.' or '-', and does not start with '.' or '-'"], run.ErrorLines);
    }

    [Theory]
    [InlineData("http://localhost:5000")]
    [InlineData("Localhost:5000")]
    [InlineData("")]
    public async Task A_registry_that_is_not_a_host_is_refused(string registry)
    {
        using var service = ServiceFolder.WebAndProxy();

        var run = await PushCli.RunAsync(NoEngine, "-c", service.ServiceFile, "--registry", registry, "web", "hello:v1");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal([$"opta-infra: error: --registry '{registry}' is not a registry host; write it as host[:port], e.g. localhost:5000"], run.ErrorLines);
    }

    [Fact]
    public async Task A_DOCKER_HOST_that_is_not_an_address_is_refused()
    {
        using var service = ServiceFolder.WebAndProxy();

        var run = await PushCli.RunAsync(new Dictionary<string, string> { ["DOCKER_HOST"] = "docker.sock" }, "-c", service.ServiceFile, "web", "hello:v1");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(["opta-infra: error: DOCKER_HOST 'docker.sock' is not an engine address; use unix:///path/to/docker.sock or tcp://host:port"], run.ErrorLines);
    }

    [Fact]
    public async Task A_module_that_is_not_AUTO_is_refused_at_its_image_field()
    {
        using var service = ServiceFolder.WebAndProxy();

        var run = await PushCli.RunAsync(NoEngine, "-c", service.ServiceFile, "proxy", "hello:v1");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(
            $"{ProjectLoader.Display(service.ServiceFile)}:15:12: error: modules[1].image of 'proxy' is 'nginx:1.27', not AUTO; push only fills the registry of an `image: AUTO` module: set `image: AUTO`, or push the image to its own registry with docker",
            run.ErrorLines[0]);
        Assert.Equal("    image: nginx:1.27", run.ErrorLines[1][2..]);
    }

    [Fact]
    public async Task An_unknown_module_is_refused_with_the_list_of_modules()
    {
        using var service = ServiceFolder.WebAndProxy();

        var run = await PushCli.RunAsync(NoEngine, "-c", service.ServiceFile, "api", "hello:v1");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal([$"opta-infra: error: {ProjectLoader.Display(service.ServiceFile)} has no k8s-service module 'api'; its modules are: web, proxy"], run.ErrorLines);
    }

    [Fact]
    public async Task Errors_in_opta_yaml_are_reported_as_diagnostics()
    {
        using var service = new ServiceFolder("hello", "  - type: k8s-service\n    name: web\n    image: AUTO\n    min_containers: many\n    port:\n      http: 80\n");

        var run = await PushCli.RunAsync(NoEngine, "-c", service.ServiceFile, "web", "hello:v1");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"{ProjectLoader.Display(service.ServiceFile)}:9:", run.ErrorLines[0]);
        Assert.Contains(": error: ", run.ErrorLines[0]);
    }
}
