using System.CommandLine;
using Opta.Cli.Push;

namespace Opta.Cli.Commands;

/// <summary><c>opta-infra push</c>: put a local image into the registry repository of an <c>image: AUTO</c> module.</summary>
public static class PushCommand
{
    public static Command Create() => Create(Environment.GetEnvironmentVariable);

    /// <summary>As <see cref="Create()"/>, reading <c>DOCKER_HOST</c>, <c>NO_COLOR</c> and <c>TERM</c> through <paramref name="environment"/>.</summary>
    public static Command Create(Func<string, string?> environment)
    {
        var common = new CommonOptions();
        var tag = new Option<string?>("--tag")
        {
            Description = "Tag in the registry (default: the local image's tag)",
            HelpName = "T",
        };
        var module = new Argument<string>("MODULE") { Description = "Name of the k8s-service module with image: AUTO" };
        var image = new Argument<string>("IMAGE:TAG") { Description = "The local image to push, with its tag" };

        var command = new Command("push", """
            Tag a local image as <registry>/<layer>/<module>:<tag> and push it through the Docker Engine API at
            DOCKER_HOST (default unix:///var/run/docker.sock); the module must have `image: AUTO`.

            Examples:
              opta-infra push -c opta.yaml web myapp:v1
              opta-infra push -c opta.yaml --env staging --tag v1.2.0 web myapp:latest
            """)
        {
            module, image, tag,
        };
        common.AddTo(command, imageOptions: false);
        command.Add(common.Registry);

        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            if (common.ToPlanOptions(parse) is not { } options)
            {
                return CliOutput.Failed;
            }

            var request = new PushRequest
            {
                ServiceFile = parse.GetValue(common.Config)!,
                Plan = options with { ImageTag = null, ResolveImageBuilds = false },
                Module = parse.GetRequiredValue(module),
                Image = parse.GetRequiredValue(image),
                Tag = parse.GetValue(tag),
            };
            try
            {
                await new PushRunner(output, environment).RunAsync(request, cancellationToken);
                return CliOutput.Ok;
            }
            catch (PushError e)
            {
                error.WriteLine(Diagnostics.TerminalText.EscapeLines(e.Render()));
                return CliOutput.Failed;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl+C: the engine may have pushed some layers; the tag in the engine stays, as with docker push.
                error.WriteLine("opta-infra: error: push cancelled");
                return 130;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                error.WriteLine(CliOutput.Line($"push failed unexpectedly: {e.GetType().Name}: {e.Message}"));
                return CliOutput.Failed;
            }
        });
        return command;
    }
}
