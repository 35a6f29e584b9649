using k8s;
using k8s.Models;
using Opta.Planning;

namespace Opta.Tests.Support;

public static class PlanAssert
{
    public static EnvironmentPlan Ok(PlanResult result)
    {
        Assert.True(result.Succeeded, result.FormatDiagnostics());
        return result.Plan!;
    }

    public static T Single<T>(EnvironmentPlan plan)
        where T : IKubernetesObject<V1ObjectMeta> => Assert.Single(plan.AllObjects().OfType<T>());

    public static Opta.Diagnostics.Diagnostic SingleError(PlanResult result)
    {
        Assert.False(result.Succeeded);
        var errors = result.Errors.ToList();
        Assert.True(errors.Count == 1, result.FormatDiagnostics());
        return errors[0];
    }
}
