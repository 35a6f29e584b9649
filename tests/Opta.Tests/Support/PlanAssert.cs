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

    public static T Single<T>(EnvironmentPlan plan, string name)
        where T : IKubernetesObject<V1ObjectMeta> => Assert.Single(plan.AllObjects().OfType<T>(), o => o.Metadata.Name == name);

    /// <summary>
    /// Plans a service file holding <paramref name="moduleBody"/> (see <see cref="TempProject.WithModule"/>) and
    /// asserts exactly one error, no plan, the message containing <paramref name="message"/>, at line:column of opta.yaml.
    /// </summary>
    public static void SingleErrorAt(string moduleBody, int line, int column, string message)
    {
        using var project = TempProject.WithModule(moduleBody);
        var result = project.Plan();
        var error = SingleError(result);

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal((line, column), (error.Position.Line, error.Position.Column));
        Assert.EndsWith("opta.yaml", error.Position.File, StringComparison.Ordinal);
        Assert.Null(result.Plan);
    }

    public static Opta.Diagnostics.Diagnostic SingleError(PlanResult result)
    {
        Assert.False(result.Succeeded);
        var errors = result.Errors.ToList();
        Assert.True(errors.Count == 1, result.FormatDiagnostics());
        return errors[0];
    }
}
