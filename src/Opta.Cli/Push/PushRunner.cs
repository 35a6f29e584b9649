using Opta.Planning;

namespace Opta.Cli.Push;

/// <summary>The push command's work: check the arguments, resolve the module's AUTO repository, tag, push, report.</summary>
public sealed class PushRunner(TextWriter output, Func<string, string?> environment)
{
    public async Task<PushOutcome> RunAsync(PushRequest request, CancellationToken cancellationToken)
    {
        if (!TaggedImage.TryParse(request.Image, out var local, out var problem))
        {
            throw PushError.General(problem!);
        }

        var tag = request.Tag ?? local!.Tag;
        if (!TaggedImage.IsValidTag(tag))
        {
            throw PushError.General($"--tag '{tag}' is not a valid tag; {TaggedImage.TagRule}");
        }

        if (!DockerEndpoint.TryParse(environment("DOCKER_HOST"), out var endpoint, out problem))
        {
            throw PushError.General(problem!);
        }

        var target = PushTarget.Resolve(request.ServiceFile, request.Plan, request.Module);
        var pusher = new ImagePusher(endpoint!);
        var digest = await PushDisplay.For(output, environment)
            .RunAsync(progress => pusher.PushAsync(local!, target.Registry, target.Repository, tag, progress, cancellationToken));

        var outcome = new PushOutcome($"{target.Repository}:{tag}", tag, digest);
        output.WriteLine($"Pushed {outcome.Reference}");
        output.WriteLine($"Digest: {outcome.Digest}");
        output.WriteLine($"Deploy it with: {RenderHint(request, tag)}");
        output.WriteLine($"   or, in the Pulumi stack: pulumi config set opta-infra:imageTag {tag}");
        return outcome;
    }

    private static string RenderHint(PushRequest request, string tag)
    {
        var parts = new List<string> { "opta-infra render -c", Quote(request.ServiceFile) };
        foreach (var (name, value) in request.Plan.Variables)
        {
            parts.Add($"--var {Quote($"{name}={value}")}");
        }

        if (request.Environment is not null)
        {
            parts.Add($"--env {Quote(request.Environment)}");
        }

        if (request.Registry != PlanOptions.DefaultRegistry)
        {
            parts.Add($"--registry {request.Registry}");
        }

        parts.Add($"--image-tag {tag}");
        return string.Join(' ', parts);
    }

    private static string Quote(string value) =>
        value.Length > 0 && value.All(c => char.IsLetterOrDigit(c) || c is '/' or '.' or '_' or '-' or ':' or '=') ? value : $"'{value.Replace("'", "'\\''")}'";
}
