using Opta.Diagnostics;
using Opta.Loading;
using Opta.Spec;
using Opta.Yaml;

namespace Opta.Validation;

/// <summary>Rules on module names across a file: unique, and short enough for every object name derived from them.</summary>
public sealed class ModuleNameRules(LoadedProject project, DiagnosticBag diagnostics)
{
    private readonly Dictionary<string, ModuleSource> seen = new(StringComparer.Ordinal);

    /// <summary>The module's <c>name</c>, or Opta's default: its type without dashes (<c>k8sservice</c>).</summary>
    public static string NameOf(ModuleSource source) =>
        source.Node["name"] is YamlScalar { IsNull: false } name ? name.Value : (FieldValues.Str(source.Node["type"]) ?? source.Type.Name).Replace("-", "");

    /// <summary>Reports what is wrong with the name; false when the module is a duplicate and is not read further.</summary>
    public bool Check(ModuleSource source, string name)
    {
        var path = $"modules[{source.Index}]";
        var at = (source.Node["name"] as YamlScalar)?.Position ?? source.Node.Position;
        if (seen.TryGetValue(name, out var first))
        {
            diagnostics.Error(at, $"{path}.name: a module named '{name}' already exists (modules[{first.Index}]); module names must be unique in a service file: rename one");
            return false;
        }

        seen[name] = source;
        if (source.Type.Handling != ModuleHandling.Deployed)
        {
            // Nothing is named after a module opta-infra does not deploy.
            return true;
        }

        if (name.Length > K8sServiceFields.ModuleNameMaxLength)
        {
            diagnostics.Error(at, $"{path}.name: '{name}' is {name.Length} characters; at most {K8sServiceFields.ModuleNameMaxLength}, so that `<name>-headless` is a valid Service name");
        }

        if (project.Layer.Length + 1 + name.Length > 63)
        {
            diagnostics.Error(at,
                $"{path}.name: the layer and module names together ('{project.Layer}-{name}', {project.Layer.Length + 1 + name.Length} characters) exceed 63, the limit of the `app.kubernetes.io/instance` label; shorten one of them");
        }

        return true;
    }
}
