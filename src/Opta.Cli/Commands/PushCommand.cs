using System.CommandLine;
using Opta.Cli.Push;
using Opta.Planning;

namespace Opta.Cli.Commands;

/// <summary><c>opta-infra push</c>: put a local image into the registry repository of an <c>image: AUTO</c> module.</summary>
public static class PushCommand
{
    public static Command Create() => Create(Environment.GetEnvironmentVariable);

    /// <summary>As <see cref="Create()"/>, reading <c>DOCKER_HOST</c>, <c>NO_COLOR</c> and <c>TERM</c> through <paramref name="environment"/>.</summary>
    public static Command Create(Func<string, string?> environment)
    {
        var file = new Option<string>("--config", "-c")
        {
            Description = "The service file (opta.yaml)",
            HelpName = "FILE",
            Required = true,
        };
        var env = new Option<string?>("--env")
        {
            Description = "The environment to use (environments[].name); may be left out when there is only one",
            HelpName = "NAME",
        };
        var tag = new Option<string?>("--tag")
        {
            Description = "Tag in the registry (default: the local image's tag)",
            HelpName = "T",
        };
        var registry = new Option<string>("--registry")
        {
            Description = $"Registry host of image: AUTO repositories",
            HelpName = "HOST",
            DefaultValueFactory = _ => PlanOptions.DefaultRegistry,
        };
        var module = new Argument<string>("MODULE") { Description = "Name of the k8s-service module with image: AUTO" };
        var image = new Argument<string>("IMAGE:TAG") { Description = "The local image to push, with its tag" };

        var command = new Command("push", "Tag a local image as <registry>/<layer>/<module>:<tag> and push it through the Docker Engine API at DOCKER_HOST")
        {
            file, env, tag, registry, module, image,
        };

        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var request = new PushRequest
            {
                ServiceFile = parse.GetRequiredValue(file),
                Environment = parse.GetValue(env),
                Module = parse.GetRequiredValue(module),
                Image = parse.GetRequiredValue(image),
                Tag = parse.GetValue(tag),
                Registry = parse.GetValue(registry) ?? PlanOptions.DefaultRegistry,
            };
            try
            {
                await new PushRunner(output, environment).RunAsync(request, cancellationToken);
                return 0;
            }
            catch (PushError e)
            {
                error.WriteLine(e.Render());
                return 1;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                error.WriteLine($"opta-infra: error: push failed unexpectedly: {e.GetType().Name}: {e.Message}");
                return 1;
            }
        });
        return command;
    }
}
