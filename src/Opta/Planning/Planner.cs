using Opta.Diagnostics;

namespace Opta.Planning;

internal static class Planner
{
    public static PlanResult Run(string serviceFile, PlanOptions options) =>
        throw new NotImplementedException("engine under construction");
}
