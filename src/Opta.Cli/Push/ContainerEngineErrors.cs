using System.Text.Json;

namespace Opta.Cli.Push;

/// <summary>Turns what a Docker-compatible container engine (podman, Docker; not <c>OptaEngine</c>) says when a push fails into a message that names the cause.</summary>
public static class ContainerEngineErrors
{
    /// <summary>Describes a failed push of <paramref name="reference"/> to <paramref name="registry"/>.</summary>
    public static string DescribePushFailure(string engineMessage, string registry, string reference)
    {
        var cause = engineMessage.Trim();
        if (Has(cause, "server gave HTTP response to HTTPS client"))
        {
            return $"registry {registry} speaks plain HTTP but the engine wants HTTPS: mark it insecure in the engine " +
                   $"(podman: a [[registry]] block with location = \"{registry}\" and insecure = true in registries.conf; " +
                   $"Docker: \"insecure-registries\": [\"{registry}\"] in daemon.json) ({cause})";
        }

        if (Has(cause, "connection refused") || Has(cause, "no such host") || Has(cause, "i/o timeout") ||
            Has(cause, "network is unreachable") || Has(cause, "no route to host") || Has(cause, "pinging container registry") ||
            Has(cause, "dial tcp") || Has(cause, "connection reset"))
        {
            return $"registry {registry} is unreachable from the engine; is it running, and is --registry right? ({cause})";
        }

        if (Has(cause, "unauthorized") || Has(cause, "authentication required") || Has(cause, "denied"))
        {
            return $"registry {registry} refused the push of {reference}: it wants credentials, and opta-infra push sends none " +
                   $"(use a local registry without auth) ({cause})";
        }

        return $"pushing {reference} failed: {cause}";
    }

    /// <summary>The <c>message</c> of an engine's JSON error body, or the body itself.</summary>
    public static string MessageOf(string? responseBody)
    {
        if (string.IsNullOrWhiteSpace(responseBody))
        {
            return "(no message)";
        }

        try
        {
            using var doc = JsonDocument.Parse(responseBody);
            if (doc.RootElement.ValueKind == JsonValueKind.Object &&
                doc.RootElement.TryGetProperty("message", out var message) &&
                message.ValueKind == JsonValueKind.String)
            {
                return message.GetString()!.Trim();
            }
        }
        catch (JsonException)
        {
        }

        return responseBody.Trim();
    }

    private static bool Has(string text, string part) => text.Contains(part, StringComparison.OrdinalIgnoreCase);
}
