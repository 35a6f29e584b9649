using k8s.Models;
using Opta.Diagnostics;
using Opta.Interpolation;
using Opta.Loading;
using Opta.Spec;
using Opta.Yaml;

namespace Opta.Planning;

/// <summary>Load → validate (every problem at once) → plan. Nothing is planned when anything is wrong.</summary>
internal static class Planner
{
    public static PlanResult Run(string serviceFile, PlanOptions options)
    {
        var diagnostics = new DiagnosticBag();
        var sources = new SourceSet();
        var plan = Build(serviceFile, options, diagnostics, sources);
        return new PlanResult
        {
            Plan = diagnostics.HasErrors ? null : plan,
            Diagnostics = diagnostics.Sorted(),
            Sources = sources,
        };
    }

    private static EnvironmentPlan? Build(string serviceFile, PlanOptions options, DiagnosticBag diagnostics, SourceSet sources)
    {
        var project = new ProjectLoader(options, diagnostics, sources).Load(serviceFile);
        if (project is null)
        {
            return null;
        }

        CheckOptions(project, options, diagnostics);
        var specs = ReadModules(project, options, diagnostics);
        if (diagnostics.HasErrors)
        {
            return null;
        }

        var images = new ImagePlanner(project, options, diagnostics);
        var services = new List<ServicePlan>();
        foreach (var spec in specs)
        {
            var names = new ServiceNames(project.Layer, spec.Name, project.EnvironmentName);
            services.Add(new ServicePlanner(spec, names, images.Plan(spec), options).Plan());
        }

        return new EnvironmentPlan
        {
            Layer = project.Layer,
            EnvironmentName = project.EnvironmentName,
            Namespace = Namespace(project),
            Services = services,
        };
    }

    private static List<K8sServiceSpec> ReadModules(LoadedProject project, PlanOptions options, DiagnosticBag diagnostics)
    {
        var checker = new SchemaChecker(diagnostics);
        var reader = new K8sServiceReader(diagnostics);
        var specs = new List<K8sServiceSpec>();
        var seen = new Dictionary<string, ModuleSource>(StringComparer.Ordinal);
        foreach (var source in project.Modules)
        {
            var path = $"modules[{source.Index}]";
            var nameNode = source.Node["name"] as YamlScalar;
            var name = nameNode is { IsNull: false } ? nameNode.Value : (K8sServiceReader.Str(source.Node["type"]) ?? "k8s-service").Replace("-", "");
            if (seen.TryGetValue(name, out var first))
            {
                diagnostics.Error(nameNode?.Position ?? source.Node.Position,
                    $"{path}.name: a module named '{name}' already exists (modules[{first.Index}]); module names must be unique in a service file: rename one");
                continue;
            }

            seen[name] = source;
            if (name.Length > K8sServiceFields.ModuleNameMaxLength)
            {
                diagnostics.Error(nameNode?.Position ?? source.Node.Position,
                    $"{path}.name: '{name}' is {name.Length} characters; at most {K8sServiceFields.ModuleNameMaxLength}, so that `<name>-headless` is a valid Service name");
            }

            if (project.Layer.Length + 1 + name.Length > 63)
            {
                diagnostics.Error(nameNode?.Position ?? source.Node.Position,
                    $"{path}.name: the layer and module names together ('{project.Layer}-{name}', {project.Layer.Length + 1 + name.Length} characters) exceed 63, the limit of the `app.kubernetes.io/instance` label; shorten one of them");
            }

            var scope = new InterpolationScope
            {
                Env = project.EnvironmentName,
                Layer = project.Layer,
                Module = name,
                ParentDomain = project.ParentDomain,
                VariableMaps = project.VariableMaps,
                InputVariables = project.InputVariables,
                EnvironmentEntry = project.EnvironmentEntry,
                Secrets = options.Secrets,
            };
            var errorsBefore = diagnostics.ErrorCount;
            var interpolated = Interpolate(source.Node, path, new Interpolator(scope, diagnostics));
            checker.Check(interpolated, K8sServiceFields.ModuleType, path);

            // The reader skips values of the wrong shape, so its cross-field rules run even after schema errors.
            var spec = reader.Read(interpolated, source.Index, name);
            if (diagnostics.ErrorCount == errorsBefore)
            {
                specs.Add(spec);
            }
        }

        return specs;
    }

    /// <summary>Every value of the module but its <c>type</c> and <c>name</c> is interpolated.</summary>
    private static YamlMap Interpolate(YamlMap module, string path, Interpolator interpolator) =>
        new(module.Position, module.Entries
            .Select(e => e.Key.Value is "type" or "name" ? e : new KeyValuePair<YamlScalar, YamlValue>(e.Key, interpolator.Apply(e.Value, $"{path}.{e.Key.Value}")))
            .ToList());

    private static void CheckOptions(LoadedProject project, PlanOptions options, DiagnosticBag diagnostics)
    {
        var at = SourcePosition.CommandLine;
        if (options.ImageTag is { } tag && !Images.ImageTag.IsValid(tag))
        {
            diagnostics.Error(at, $"--image-tag '{tag}' is not a valid image tag; {Images.ImageTag.Rule}");
        }

        if (!ImagePlanner.RegistryPattern.IsMatch(options.Registry))
        {
            diagnostics.Error(at, $"--registry '{options.Registry}' is not a registry host; write it as host[:port], e.g. localhost:5000");
        }

        if (!System.Text.RegularExpressions.Regex.IsMatch(options.IngressClass, "^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$") || options.IngressClass.Length > 253)
        {
            diagnostics.Error(at, $"--ingress-class '{options.IngressClass}' is not a valid IngressClass name; use lowercase letters, digits, '-' and '.'");
        }
    }

    private static V1Namespace Namespace(LoadedProject project) => new()
    {
        ApiVersion = "v1",
        Kind = "Namespace",
        Metadata = new V1ObjectMeta
        {
            Name = project.Layer,
            Labels = new Dictionary<string, string>
            {
                ["app.kubernetes.io/managed-by"] = ServiceNames.ManagedBy,
                ["opta.dev/layer-name"] = project.Layer,
                ["opta.dev/environment-name"] = project.EnvironmentName,
            },
        },
    };
}
