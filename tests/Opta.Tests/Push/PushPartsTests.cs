using Docker.DotNet.Models;
using Opta.Cli.Push;

namespace Opta.Tests.Push;

public sealed class PushPartsTests
{
    [Theory]
    [InlineData("hello:v1", "hello", "v1")]
    [InlineData("opta-push-test/web:2026.11.1", "opta-push-test/web", "2026.11.1")]
    [InlineData("127.0.0.1:5000/hello/web:latest", "127.0.0.1:5000/hello/web", "latest")]
    [InlineData("ghcr.io/org/app:_x-1", "ghcr.io/org/app", "_x-1")]
    public void Parses_IMAGE_TAG(string text, string repository, string tag)
    {
        Assert.True(TaggedImage.TryParse(text, out var image, out var problem), problem);
        Assert.Equal(new TaggedImage(repository, tag), image);
        Assert.Equal(text, image!.ToString());
    }

    [Theory]
    [InlineData("", "the image name is empty")]
    [InlineData("hello", "has no tag")]
    [InlineData("hello:", "has no tag")]
    [InlineData(":v1", "has no tag")]
    [InlineData("127.0.0.1:5000/hello", "has no tag")]
    [InlineData("hello@sha256:abc", "is a digest reference")]
    [InlineData("sha256:3f1a5c0e7b2d4c6a8e9f0b1d2c3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e", "is an image ID")]
    [InlineData("hello:.v1", "has an invalid tag '.v1'")]
    [InlineData("hello:v 1", "has an invalid tag 'v 1'")]
    public void Refuses_what_is_not_IMAGE_TAG(string text, string expected)
    {
        Assert.False(TaggedImage.TryParse(text, out var image, out var problem));
        Assert.Null(image);
        Assert.Contains(expected, problem);
    }

    [Fact]
    public void A_tag_may_have_128_characters_but_not_129()
    {
        Assert.True(TaggedImage.IsValidTag(new string('a', 128)));
        Assert.False(TaggedImage.IsValidTag(new string('a', 129)));
    }

    [Theory]
    [InlineData(null, "unix:///var/run/docker.sock", "/var/run/docker.sock")]
    [InlineData("", "unix:///var/run/docker.sock", "/var/run/docker.sock")]
    [InlineData("unix:///run/podman/podman.sock", "unix:///run/podman/podman.sock", "/run/podman/podman.sock")]
    [InlineData("tcp://127.0.0.1:2375", "tcp://127.0.0.1:2375", null)]
    public void Reads_DOCKER_HOST(string? dockerHost, string display, string? socket)
    {
        Assert.True(DockerEndpoint.TryParse(dockerHost, out var endpoint, out var problem), problem);
        Assert.Equal(display, endpoint!.Display);
        Assert.Equal(socket, endpoint.SocketPath);
    }

    [Theory]
    [InlineData("docker.sock", "is not an engine address")]
    [InlineData("ftp://host/x", "is not an engine address")]
    [InlineData("unix://", "names no socket")]
    [InlineData("unix://var/run/docker.sock", "three slashes")]
    public void Refuses_a_DOCKER_HOST_that_is_no_engine_address(string dockerHost, string expected)
    {
        Assert.False(DockerEndpoint.TryParse(dockerHost, out _, out var problem));
        Assert.Contains(expected, problem);
    }

    // Messages as podman 4.3 and Docker send them in the push stream.
    [Theory]
    [InlineData(
        "trying to reuse blob sha256:dcd5 at destination: pinging container registry 127.0.0.1:5999: Get \"https://127.0.0.1:5999/v2/\": dial tcp 127.0.0.1:5999: connect: connection refused",
        "registry 127.0.0.1:5999 is unreachable from the engine; is it running, and is --registry right? (trying to reuse blob")]
    [InlineData(
        "Get \"https://registry.invalid:5000/v2/\": dial tcp: lookup registry.invalid on 127.0.0.11:53: no such host",
        "registry 127.0.0.1:5999 is unreachable from the engine")]
    [InlineData(
        "pinging container registry 127.0.0.1:5999: Get \"https://127.0.0.1:5999/v2/\": http: server gave HTTP response to HTTPS client",
        "registry 127.0.0.1:5999 speaks plain HTTP but the engine wants HTTPS: mark it insecure in the engine")]
    [InlineData(
        "unauthorized: authentication required",
        "registry 127.0.0.1:5999 refused the push of 127.0.0.1:5999/l/m:v1: it wants credentials")]
    [InlineData(
        "blob upload unknown",
        "pushing 127.0.0.1:5999/l/m:v1 failed: blob upload unknown")]
    public void Names_the_cause_of_a_failed_push(string engineMessage, string expectedStart)
    {
        Assert.StartsWith(expectedStart, ContainerEngineErrors.DescribePushFailure(engineMessage, "127.0.0.1:5999", "127.0.0.1:5999/l/m:v1"));
    }

    [Theory]
    [InlineData("{\"cause\":\"image not known\",\"message\":\"failed to find image x:v1: image not known\",\"response\":404}", "failed to find image x:v1: image not known")]
    [InlineData("plain text\n", "plain text")]
    [InlineData("", "(no message)")]
    public void Reads_the_message_of_an_engine_error_body(string body, string expected) =>
        Assert.Equal(expected, ContainerEngineErrors.MessageOf(body));

    [Fact]
    public void Finds_the_digest_in_docker_aux_and_in_podman_status_lines()
    {
        const string digest = "sha256:85fe05cac72a1d76cbb8d68261b3b4ce8c104f9696b0943bb35be915035b49db";
        var docker = new JSONMessage { Aux = new ObjectExtensionData { ExtensionData = new Dictionary<string, object> { ["Tag"] = "v1", ["Digest"] = digest, ["Size"] = 420 } } };
        var podman = new JSONMessage { Status = $"v1: digest: {digest} size: 420" };

        Assert.Equal(digest, ImagePusher.DigestOf(docker));
        Assert.Equal(digest, ImagePusher.DigestOf(podman));
        Assert.Null(ImagePusher.DigestOf(new JSONMessage { Status = "The push refers to repository [127.0.0.1:5000/l/m:v1]" }));
    }

    [Fact]
    public void Plain_progress_prints_each_status_of_a_layer_once()
    {
        var output = new StringWriter();
        var display = new PushDisplay.PlainDisplay(output);

        display.Step("Pushing r/l/m:v1");
        display.Engine(new JSONMessage { Status = "The push refers to repository [r/l/m]" });
        display.Engine(new JSONMessage { ID = "a1", Status = "Pushing", Progress = new JSONProgress { Current = 1, Total = 10 } });
        display.Engine(new JSONMessage { ID = "a1", Status = "Pushing", Progress = new JSONProgress { Current = 5, Total = 10 } });
        display.Engine(new JSONMessage { ID = "b2", Status = "Layer already exists" });
        display.Engine(new JSONMessage { ID = "a1", Status = "Pushed" });

        Assert.Equal(
            "Pushing r/l/m:v1\nThe push refers to repository [r/l/m]\na1: Pushing\nb2: Layer already exists\na1: Pushed\n",
            output.ToString().Replace("\r\n", "\n"));
    }
}
