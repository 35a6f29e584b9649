using Docker.DotNet.Models;

namespace Opta.Cli.Push;

/// <summary>Receives what happens during a push, in order: opta-infra's own steps and the engine's messages.</summary>
public interface IPushProgress
{
    void Step(string text);

    void Engine(JSONMessage message);
}
