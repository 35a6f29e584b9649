namespace Opta.Cli.Push;

/// <summary>Where the Docker Engine API answers: <c>DOCKER_HOST</c>, or Docker's default socket.</summary>
public sealed record DockerEndpoint(Uri Uri)
{
    public const string DefaultHost = "unix:///var/run/docker.sock";

    /// <summary>As the user wrote it, for messages.</summary>
    public string Display => Uri.Scheme == "unix" ? $"unix://{Uri.AbsolutePath}" : Uri.OriginalString;

    /// <summary>The socket file for <c>unix://</c> endpoints; null otherwise.</summary>
    public string? SocketPath => Uri.Scheme == "unix" ? Uri.AbsolutePath : null;

    /// <summary>Reads <c>DOCKER_HOST</c> (empty means the default); <c>unix</c>, <c>tcp</c>, <c>http(s)</c> and <c>npipe</c> are understood.</summary>
    public static bool TryParse(string? dockerHost, out DockerEndpoint? endpoint, out string? problem)
    {
        endpoint = null;
        problem = null;
        var text = string.IsNullOrWhiteSpace(dockerHost) ? DefaultHost : dockerHost.Trim();
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("unix" or "tcp" or "http" or "https" or "npipe"))
        {
            problem = $"DOCKER_HOST '{text}' is not an engine address; use unix:///path/to/docker.sock or tcp://host:port";
            return false;
        }

        if (uri.Scheme == "unix" && (uri.Host != "" || uri.AbsolutePath is "" or "/"))
        {
            problem = $"DOCKER_HOST '{text}' names no socket; use unix:///path/to/docker.sock (three slashes for an absolute path)";
            return false;
        }

        endpoint = new DockerEndpoint(uri);
        return true;
    }
}
