using k8s.Models;
using Opta.Diagnostics;
using Opta.Interpolation;
using Opta.Loading;
using Opta.Spec;
using Opta.Validation;
using Opta.Yaml;

namespace Opta.Planning;

/// <summary>Load → validate (every problem at once) → plan. Nothing is planned when anything is wrong.</summary>
internal static partial class Planner
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
        var modules = NameModules(project, diagnostics);
        ReportUnmanaged(project, modules, diagnostics);
        var companionSpecs = ReadCompanions(project, modules, options, diagnostics);
        var companions = companionSpecs
            .Select(spec => new CompanionPlanner(spec, new ServiceNames(project.Layer, spec.Name, project.EnvironmentName)).Plan())
            .ToList();
        var outputs = new ModuleOutputs(project, modules, companions.ToDictionary(c => c.ModuleName));
        var specs = ReadServices(project, modules, outputs, options, diagnostics);
        if (diagnostics.HasErrors)
        {
            return null;
        }

        var images = new ImagePlanner(project, options, diagnostics);
        var services = new List<(K8sServiceSpec Spec, ServicePlan Plan)>();
        foreach (var spec in specs)
        {
            var names = new ServiceNames(project.Layer, spec.Name, project.EnvironmentName);
            var links = LinkPlanner.Variables(spec, modules);
            services.Add((spec, new ServicePlanner(spec, names, images.Plan(spec), options, links, LinkPlanner.Companions(spec, modules)).Plan()));
        }

        // What the API server would refuse is refused here, blamed on the field it came from.
        var ns = Namespace(project);
        new PlanValidator(project, diagnostics).Check(ns, companionSpecs.Zip(companions).ToList(), services);
        return new EnvironmentPlan
        {
            Layer = project.Layer,
            EnvironmentName = project.EnvironmentName,
            Namespace = ns,
            Companions = companions,
            Services = services.Select(s => s.Plan).ToList(),
        };
    }

    /// <summary>Every module by its name (first of a name wins; the rest are reported).</summary>
    private static Dictionary<string, ModuleSource> NameModules(LoadedProject project, DiagnosticBag diagnostics)
    {
        var names = new ModuleNameRules(project, diagnostics);
        var modules = new Dictionary<string, ModuleSource>(StringComparer.Ordinal);
        foreach (var source in project.Modules)
        {
            var name = ModuleNameRules.NameOf(source);
            if (names.Check(source, name))
            {
                modules[name] = source;
            }
        }

        return modules;
    }

    /// <summary>One warning per module opta-infra does not deploy, saying why, so nothing is dropped silently.</summary>
    private static void ReportUnmanaged(LoadedProject project, Dictionary<string, ModuleSource> modules, DiagnosticBag diagnostics)
    {
        foreach (var (name, source) in modules)
        {
            var type = source.Type;
            var at = source.Node["type"]?.Position ?? source.Node.Position;
            var what = source.ResolvedType == source.WrittenType ? $"'{name}' ({source.WrittenType})" : $"'{name}' ({source.WrittenType}, which is {source.ResolvedType} under the environment's {project.Cloud} provider)";
            switch (type.Handling)
            {
                case ModuleHandling.External:
                    var links = type.Link is { GivesVariables: true }
                        ? $"; services linking to it read its values from the Secret `{LinkPlanner.OptaLinkSecret}` Opta left in namespace {project.Layer}"
                        : "";
                    diagnostics.Warning(at, $"modules[{source.Index}]: {what} is not deployed: {type.HandlingNote}{links}");
                    break;
                case ModuleHandling.Skipped when !(project.IsEnvironmentFile && ReferenceEquals(type, OptaModuleCatalog.EnvironmentModule)):
                    diagnostics.Warning(at, $"modules[{source.Index}]: {what} is skipped: {type.HandlingNote}");
                    break;
            }
        }
    }

    private static InterpolationScope Scope(LoadedProject project, PlanOptions options, string module, ModuleOutputLookup? outputs) => new()
    {
        Env = project.EnvironmentName,
        Layer = project.Layer,
        Module = module,
        ParentDomain = project.ParentDomain,
        VariableMaps = project.VariableMaps,
        InputVariables = project.InputVariables,
        EnvironmentEntry = project.EnvironmentEntry,
        Secrets = options.Secrets,
        ModuleOutputs = outputs,
    };

    private static List<CompanionSpec> ReadCompanions(LoadedProject project, Dictionary<string, ModuleSource> modules, PlanOptions options, DiagnosticBag diagnostics)
    {
        var shape = new SchemaChecker(diagnostics);
        // A database's own fields may name the environment's domain, not another module's outputs.
        var dnsOnly = new ModuleOutputs(project, new Dictionary<string, ModuleSource>(), new Dictionary<string, CompanionPlan>());
        var specs = new List<CompanionSpec>();
        foreach (var (name, source) in modules.Where(m => m.Value.Type.Companion is not null).OrderBy(m => m.Value.Index))
        {
            var path = $"modules[{source.Index}]";
            var errorsBefore = diagnostics.ErrorCount;
            var interpolated = Interpolate(source.Node, source.Type, path, new Interpolator(Scope(project, options, name, dnsOnly.Lookup), diagnostics));
            shape.Check(interpolated, source.Type.Fields, path);
            if (diagnostics.ErrorCount == errorsBefore)
            {
                specs.Add(CompanionSpec.Read(interpolated, source.Index, name, CompanionFields.Of(source.Type.Companion!.Value)));
            }
        }

        return specs;
    }

    private static List<K8sServiceSpec> ReadServices(LoadedProject project, Dictionary<string, ModuleSource> modules, ModuleOutputs outputs, PlanOptions options, DiagnosticBag diagnostics)
    {
        var shape = new SchemaChecker(diagnostics);
        var rules = new K8sServiceRules(diagnostics);
        var links = new LinkRules(modules, diagnostics);
        var specs = new List<K8sServiceSpec>();
        foreach (var (name, source) in modules.Where(m => ReferenceEquals(m.Value.Type, K8sServiceFields.Definition)).OrderBy(m => m.Value.Index))
        {
            var path = $"modules[{source.Index}]";
            var errorsBefore = diagnostics.ErrorCount;
            var interpolated = Interpolate(source.Node, source.Type, path, new Interpolator(Scope(project, options, name, outputs.Lookup), diagnostics));
            shape.Check(interpolated, source.Type.Fields, path);

            // The reader skips values of the wrong shape, so the rules between fields run even after shape errors.
            var spec = K8sServiceReader.Read(interpolated, source.Index, name);
            rules.Check(spec);
            links.Check(spec);
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
            .Select(e => type.ModuleKeys.Any(k => k.Name == e.Key.Value) ? e : new KeyValuePair<YamlScalar, YamlValue>(e.Key, interpolator.Apply(e.Value, path, e.Key.Value)))
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

        if (!IngressClassPattern().IsMatch(options.IngressClass) || options.IngressClass.Length > 253)
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

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")]
    private static partial System.Text.RegularExpressions.Regex IngressClassPattern();
}
