using Opta.Diagnostics;
using Opta.Loading;
using Opta.Planning;

namespace Opta.Cli.Push;

/// <summary>Where a module's <c>image: AUTO</c> lives: <c>&lt;registry&gt;/&lt;layer&gt;/&lt;module&gt;</c>.</summary>
public sealed record PushTarget(string ModuleName, string Repository, string Registry)
{
    /// <summary>Plans the service file and picks <paramref name="moduleName"/>; every failure is a <see cref="PushError"/>.</summary>
    public static PushTarget Resolve(string serviceFile, PlanOptions options, string moduleName)
    {
        var result = OptaEngine.Plan(serviceFile, options);
        if (!result.Succeeded)
        {
            throw PushError.Diagnostics(result.FormatDiagnostics());
        }

        var plan = result.Plan!;
        var display = ProjectLoader.Display(serviceFile);
        var service = plan.Services.FirstOrDefault(s => s.ModuleName == moduleName);
        if (service is null)
        {
            var names = plan.Services.Select(s => s.ModuleName).ToList();
            throw PushError.General(names.Count == 0
                ? $"{display} has no k8s-service module, so there is nothing to push '{moduleName}' for"
                : $"{display} has no k8s-service module '{moduleName}'; its modules are: {string.Join(", ", names)}");
        }

        if (service.Image.Source == ImageSource.External || service.Image.Repository is null)
        {
            throw NotAuto(result, service);
        }

        return new PushTarget(service.ModuleName, service.Image.Repository, service.Image.Registry ?? options.Registry);
    }

    private static PushError NotAuto(PlanResult result, ServicePlan service)
    {
        var message =
            $"modules[{service.ModuleIndex}].image of '{service.ModuleName}' is '{service.Image.Reference}', not AUTO; " +
            "push only fills the registry of an `image: AUTO` module: set `image: AUTO`, or push the image to its own registry with docker";
        return PushError.Diagnostics(DiagnosticFormatter.Format([Diagnostic.Error(service.ImagePosition, message)], result.Sources));
    }
}
