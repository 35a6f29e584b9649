using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Opta.Tests.Push;

/// <summary>push against a real registry and a real Docker-compatible engine (podman system service).</summary>
[Collection(LocalInfraCollection.Name)]
public sealed partial class PushTests(LocalInfra infra)
{
    private static readonly string[] ManifestTypes =
    [
        "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.docker.distribution.manifest.v2+json",
    ];

    private Dictionary<string, string> Env => new() { ["DOCKER_HOST"] = infra.DockerHost };

    [InfraFact]
    public async Task Pushes_the_image_to_the_modules_repository_and_prints_the_digest_the_registry_serves()
    {
        using var service = ServiceFolder.WebAndProxy();
        var imageId = await infra.BuildImageAsync("opta-push-test/web:v1", $"hello {Guid.NewGuid()}\n");

        var run = await PushCli.RunAsync(Env, "-c", service.ServiceFile, "--env", "dev", "--registry", infra.Registry, "web", "opta-push-test/web:v1");

        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        Assert.Equal("", run.Error);
        var digest = PrintedDigest(run.Output);
        Assert.Contains($"Pushed {infra.Registry}/hello/web:v1", run.Output);
        Assert.Contains("--image-tag v1", run.Output);
        Assert.Contains("pulumi config set opta-infra:imageTag v1", run.Output);

        var manifest = await GetManifestAsync("hello/web", "v1");
        Assert.Equal(digest, manifest.DigestHeader);
        Assert.Equal(digest, manifest.BodyDigest);
        Assert.Contains(manifest.ContentType, ManifestTypes);
        using var json = JsonDocument.Parse(manifest.Body);
        Assert.Equal(imageId, json.RootElement.GetProperty("config").GetProperty("digest").GetString());
        var layer = Assert.Single(json.RootElement.GetProperty("layers").EnumerateArray());
        Assert.Equal(HttpStatusCode.OK, await HeadBlobAsync("hello/web", layer.GetProperty("digest").GetString()!));
    }

    [InfraFact]
    public async Task The_opta_infra_command_pushes_and_its_digest_is_the_registrys()
    {
        using var service = ServiceFolder.WebAndProxy("process");
        await infra.BuildImageAsync("opta-push-test/process:v3", "run as a process\n");

        var run = Support.Cli.Run(service.Dir, Env, "push", "-c", "opta.yaml", "-e", "dev", "--registry", infra.Registry, "web", "opta-push-test/process:v3");

        Assert.True(run.ExitCode == 0, run.Stderr + run.Stdout);
        Assert.Equal("", run.Stderr);
        Assert.Contains($"Deploy it with: opta-infra render -c opta.yaml --env dev --registry {infra.Registry} --image-tag v3", run.Stdout);
        Assert.Equal(PrintedDigest(run.Stdout), (await GetManifestAsync("process/web", "v3")).DigestHeader);
    }

    [InfraFact]
    public void The_opta_infra_command_reports_a_missing_image_in_one_line()
    {
        using var service = ServiceFolder.WebAndProxy();

        var run = Support.Cli.Run(service.Dir, Env, "push", "--registry", infra.Registry, "web", "opta-push-test/never-built:v1");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Equal(
            $"opta-infra: error: image opta-push-test/never-built:v1 not found in the engine at {infra.DockerHost}; build it first (`docker build -t opta-push-test/never-built:v1 .`) or check `docker images`\n",
            run.Stderr);
    }

    [InfraFact]
    public async Task The_tag_option_names_the_tag_in_the_registry()
    {
        using var service = ServiceFolder.WebAndProxy("tagged");
        await infra.BuildImageAsync("opta-push-test/tagged:local", "tagged\n");

        var run = await PushCli.RunAsync(Env, "-c", service.ServiceFile, "--registry", infra.Registry, "--tag", "2026.11.1", "web", "opta-push-test/tagged:local");

        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        var digest = PrintedDigest(run.Output);
        Assert.Contains($"Pushed {infra.Registry}/tagged/web:2026.11.1", run.Output);
        Assert.Equal(digest, (await GetManifestAsync("tagged/web", "2026.11.1")).DigestHeader);
        Assert.Equal(HttpStatusCode.NotFound, (await GetManifestAsync("tagged/web", "local")).Status);
    }

    [InfraFact]
    public async Task A_missing_image_is_an_error_naming_it()
    {
        using var service = ServiceFolder.WebAndProxy();

        var run = await PushCli.RunAsync(Env, "-c", service.ServiceFile, "--registry", infra.Registry, "web", "opta-push-test/never-built:v1");

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.StartsWith("opta-infra: error: image opta-push-test/never-built:v1 not found in the engine at " + infra.DockerHost, line);
    }

    [InfraFact]
    public async Task An_unreachable_registry_is_an_error_naming_it()
    {
        using var service = ServiceFolder.WebAndProxy();
        await infra.BuildImageAsync("opta-push-test/web:unreachable", "unreachable\n");
        var nowhere = $"127.0.0.1:{LocalInfra.FreePort()}";

        var run = await PushCli.RunAsync(Env, "-c", service.ServiceFile, "--registry", nowhere, "web", "opta-push-test/web:unreachable");

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.StartsWith($"opta-infra: error: registry {nowhere} is unreachable from the engine", line);
        Assert.Contains("connection refused", line);
    }

    [InfraFact]
    public async Task A_socket_with_no_engine_is_an_error_naming_DOCKER_HOST()
    {
        using var service = ServiceFolder.WebAndProxy();
        var socket = Path.Combine(infra.Scratch, "no-engine.sock");

        var run = await PushCli.RunAsync(
            new Dictionary<string, string> { ["DOCKER_HOST"] = $"unix://{socket}" },
            "-c", service.ServiceFile, "--registry", infra.Registry, "web", "opta-push-test/web:v1");

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.StartsWith($"opta-infra: error: no Docker engine at unix://{socket}: {socket} does not exist", line);
    }

    [InfraFact]
    public async Task A_tcp_address_with_no_engine_is_an_error_naming_DOCKER_HOST()
    {
        using var service = ServiceFolder.WebAndProxy();
        var address = $"tcp://127.0.0.1:{LocalInfra.FreePort()}";

        var run = await PushCli.RunAsync(
            new Dictionary<string, string> { ["DOCKER_HOST"] = address },
            "-c", service.ServiceFile, "--registry", infra.Registry, "web", "opta-push-test/web:v1");

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.StartsWith($"opta-infra: error: no Docker engine at {address}: ", line);
        Assert.Contains("refused", line);
    }

    private static string PrintedDigest(string output)
    {
        var match = DigestLine().Match(output);
        Assert.True(match.Success, $"no digest line in:\n{output}");
        return match.Groups[1].Value;
    }

    private async Task<Manifest> GetManifestAsync(string name, string reference)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://{infra.Registry}/v2/{name}/manifests/{reference}");
        foreach (var type in ManifestTypes)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        }

        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        return new Manifest(
            response.StatusCode,
            response.Headers.TryGetValues("Docker-Content-Digest", out var values) ? values.Single() : null,
            "sha256:" + Convert.ToHexStringLower(SHA256.HashData(body)),
            response.Content.Headers.ContentType?.MediaType ?? "",
            body);
    }

    private async Task<HttpStatusCode> HeadBlobAsync(string name, string digest)
    {
        using var http = new HttpClient();
        using var response = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"http://{infra.Registry}/v2/{name}/blobs/{digest}"));
        return response.StatusCode;
    }

    private sealed record Manifest(HttpStatusCode Status, string? DigestHeader, string BodyDigest, string ContentType, byte[] Body);

    [GeneratedRegex(@"^Digest: (sha256:[0-9a-f]{64})$", RegexOptions.Multiline)]
    private static partial Regex DigestLine();
}
