using Opta.Planning;

namespace Opta;

/// <summary>opta.yaml in, a validated plan out: the one entry point of the engine.</summary>
public static class OptaEngine
{
    /// <summary>Loads <paramref name="serviceFile"/> and its environment, validates everything, and plans every k8s-service module.</summary>
    public static PlanResult Plan(string serviceFile, PlanOptions? options = null) =>
        Planner.Run(serviceFile, options ?? new PlanOptions());
}
