using System.Net.Sockets;
using System.Text.RegularExpressions;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Opta.Cli.Push;

/// <summary>Tags a local image into a registry repository and pushes it through the Docker Engine API.</summary>
public sealed partial class ImagePusher(DockerEndpoint endpoint)
{
    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The native build compiles only the generic types that code names; Newtonsoft.Json makes these by reflection
    /// when it reads the engine's image inspection (ports and volumes are sets of <see cref="EmptyStruct"/>), so
    /// they are named here. The push tests run against the native build in `.ci/run`.
    /// </summary>
    internal static readonly object[] ReflectedCollections = [new Dictionary<string, EmptyStruct>(), new List<EmptyStruct>()];

    /// <summary>Pushes <paramref name="local"/> as <c>repository:tag</c>; returns the manifest digest the registry stored.</summary>
    public async Task<string> PushAsync(TaggedImage local, string registry, string repository, string tag, IPushProgress progress, CancellationToken cancellationToken)
    {
        var remote = $"{repository}:{tag}";
        if (endpoint.SocketPath is { } socket && !File.Exists(socket))
        {
            throw PushError.General($"no Docker engine at {endpoint.Display}: {socket} does not exist; start one (dockerd, or `podman system service unix://{socket}`) or set DOCKER_HOST");
        }

        using var configuration = new DockerClientConfiguration(endpoint.Uri);
        using var client = configuration.CreateClient();

        await PingAsync(client, cancellationToken);

        try
        {
            await client.Images.InspectImageAsync(local.ToString(), cancellationToken);
            progress.Step($"Tagging {local} as {remote}");
            await client.Images.TagImageAsync(local.ToString(), new ImageTagParameters { RepositoryName = repository, Tag = tag }, cancellationToken);
        }
        catch (DockerImageNotFoundException)
        {
            throw PushError.General($"image {local} not found in the engine at {endpoint.Display}; build it first (`docker build -t {local} .`) or check `docker images`");
        }
        catch (DockerApiException e)
        {
            throw PushError.General($"the engine at {endpoint.Display} could not tag {local} as {remote}: {ContainerEngineErrors.MessageOf(e.ResponseBody)}");
        }

        progress.Step($"Pushing {remote}");
        string? failure = null;
        string? digest = null;
        var onMessage = new InlineProgress(message =>
        {
            var error = message.Error?.Message ?? message.ErrorMessage;
            if (!string.IsNullOrWhiteSpace(error))
            {
                failure ??= error;
                return;
            }

            digest = DigestOf(message) ?? digest;
            progress.Engine(message);
        });

        try
        {
            // Local registries need no credentials; the engine still expects an X-Registry-Auth header, so send an empty one.
            await client.Images.PushImageAsync(repository, new ImagePushParameters { Tag = tag }, new AuthConfig(), onMessage, cancellationToken);
        }
        catch (DockerApiException e)
        {
            failure ??= ContainerEngineErrors.MessageOf(e.ResponseBody);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or SocketException && !cancellationToken.IsCancellationRequested)
        {
            failure ??= $"the engine at {endpoint.Display} stopped answering: {Innermost(e).Message}";
        }

        if (failure is not null)
        {
            throw PushError.General(ContainerEngineErrors.DescribePushFailure(failure, registry, remote));
        }

        return digest ?? throw PushError.General(
            $"the engine at {endpoint.Display} reported no digest for {remote}; check the registry with `skopeo inspect docker://{remote}`");
    }

    private async Task PingAsync(DockerClient client, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(PingTimeout);
        try
        {
            await client.System.PingAsync(timeout.Token);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            var why = e switch
            {
                OperationCanceledException or TimeoutException => $"no answer within {PingTimeout.TotalSeconds:0} s",
                DockerApiException api => $"it answered {(int)api.StatusCode}, not as a Docker engine",
                _ => Innermost(e).Message,
            };
            throw PushError.General($"no Docker engine at {endpoint.Display}: {why}; start one (dockerd, or `podman system service`) or set DOCKER_HOST");
        }
    }

    /// <summary>Docker sends the digest as <c>aux.Digest</c>; podman only in the status line <c>TAG: digest: sha256:… size: N</c>.</summary>
    public static string? DigestOf(JSONMessage message)
    {
        if (message.Aux?.ExtensionData is { } aux && aux.TryGetValue("Digest", out var value) && value?.ToString() is { } fromAux &&
            DigestPattern().IsMatch(fromAux))
        {
            return fromAux;
        }

        var match = message.Status is null ? Match.Empty : StatusDigestPattern().Match(message.Status);
        return match.Success ? match.Groups[1].Value : null;
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }

    [GeneratedRegex("^sha256:[0-9a-f]{64}$")]
    private static partial Regex DigestPattern();

    [GeneratedRegex(@"digest: (sha256:[0-9a-f]{64})")]
    private static partial Regex StatusDigestPattern();

    /// <summary>Handles each message on the reading thread, so they stay in order (<see cref="Progress{T}"/> would post them).</summary>
    private sealed class InlineProgress(Action<JSONMessage> handle) : IProgress<JSONMessage>
    {
        public void Report(JSONMessage value) => handle(value);
    }
}
