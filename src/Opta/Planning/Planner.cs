using k8s.Models;
using Opta.Diagnostics;
using Opta.Interpolation;
using Opta.Loading;
using Opta.Spec;
using Opta.Validation;
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
        var services = new List<(K8sServiceSpec Spec, ServicePlan Plan)>();
        foreach (var spec in specs)
        {
            var names = new ServiceNames(project.Layer, spec.Name, project.EnvironmentName);
            services.Add((spec, new ServicePlanner(spec, names, images.Plan(spec), options).Plan()));
        }

        // What the API server would refuse is refused here, blamed on the field it came from.
        var ns = Namespace(project);
        new PlanValidator(project, diagnostics).Check(ns, services);
        return new EnvironmentPlan
        {
            Layer = project.Layer,
            EnvironmentName = project.EnvironmentName,
            Namespace = ns,
            Services = services.Select(s => s.Plan).ToList(),
        };
    }

    private static List<K8sServiceSpec> ReadModules(LoadedProject project, PlanOptions options, DiagnosticBag diagnostics)
    {
        var shape = new SchemaChecker(diagnostics);
        var names = new ModuleNameRules(project, diagnostics);
        var rules = new K8sServiceRules(diagnostics);
        var specs = new List<K8sServiceSpec>();
        foreach (var source in project.Modules)
        {
            var path = $"modules[{source.Index}]";
            var name = ModuleNameRules.NameOf(source);
            if (!names.Check(source, name))
            {
                continue;
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
            var interpolated = Interpolate(source.Node, source.Type, path, new Interpolator(scope, diagnostics));
            shape.Check(interpolated, source.Type.Fields, path);

            // The reader skips values of the wrong shape, so the rules between fields run even after shape errors.
            var spec = K8sServiceReader.Read(interpolated, source.Index, name);
            rules.Check(spec);
            if (diagnostics.ErrorCount == errorsBefore)
            {
                specs.Add(spec);
            }
        }

        return specs;
    }

    /// <summary>Every value of the module but its module keys (<c>type</c>, <c>name</c>, …) is interpolated.</summary>
    private static YamlMap Interpolate(YamlMap module, ModuleTypeDefinition type, string path, Interpolator interpolator) =>
        new(module.Position, module.Entries
            .Select(e => type.ModuleKeys.Any(k => k.Name == e.Key.Value) ? e : new KeyValuePair<YamlScalar, YamlValue>(e.Key, interpolator.Apply(e.Value, $"{path}.{e.Key.Value}")))
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
