using Opta.Diagnostics;
using Opta.Loading;
using Opta.Spec;

namespace Opta.Validation;

/// <summary>
/// The rules of a k8s-service's <c>links</c>, as Opta's <c>linker_helper.py</c> had them: the target is a module of
/// the file with something to link; a rename map names every variable and nothing else; permissions only for cloud
/// targets, and those are reported as not granted; no target twice, no variable twice.
/// </summary>
public sealed class LinkRules(IReadOnlyDictionary<string, ModuleSource> modules, DiagnosticBag diagnostics)
{
    public void Check(K8sServiceSpec spec)
    {
        var seen = new Dictionary<string, LinkSpec>(StringComparer.Ordinal);
        var variables = spec.EnvVars.ToDictionary(e => e.Name, _ => "env_vars", StringComparer.Ordinal);
        foreach (var link in spec.Links)
        {
            if (seen.TryGetValue(link.Target, out var first))
            {
                diagnostics.Error(link.At, $"{link.Path}: '{link.Target}' is linked twice (first at {first.Path}); link each module once, with all its permissions or renames in one entry");
                continue;
            }

            seen[link.Target] = link;
            if (Target(link, spec) is not { } target)
            {
                continue;
            }

            foreach (var bad in link.Malformed)
            {
                diagnostics.Error(bad.Position, $"{link.Path}: {bad.Describe()} is neither a permission nor a rename map; write `- {link.Target}`, `- {link.Target}: [{{VAR: NEW_NAME, …}}]` or `- {link.Target}: [read, write]`");
            }

            var info = target.Type.Link!;
            if (info.GivesVariables)
            {
                CheckVariables(link, target, info, spec, variables);
            }
            else
            {
                CheckPermissions(link, target, info);
            }
        }
    }

    private ModuleSource? Target(LinkSpec link, K8sServiceSpec spec)
    {
        if (link.Target == spec.Name)
        {
            diagnostics.Error(link.At, $"{link.Path}: '{link.Target}' is this module itself; link a database, cache or cloud module of the file");
            return null;
        }

        if (!modules.TryGetValue(link.Target, out var target))
        {
            var hint = DidYouMean.Suggest(link.Target, modules.Keys);
            var linkable = modules.Where(m => m.Value.Type.Link is not null).Select(m => m.Key).ToList();
            diagnostics.Error(link.At, $"{link.Path}: no module named '{link.Target}' in this file" + (hint is null ? "" : $" (did you mean '{hint}'?)")
                + (linkable.Count == 0 ? "; it has no module to link (add the database module to `modules`)" : $"; the modules that can be linked are {string.Join(", ", linkable)}"));
            return null;
        }

        if (target.Type.Link is null)
        {
            var why = target.Type.Handling == ModuleHandling.Deployed ? "a service" : target.Type.Handling == ModuleHandling.Skipped ? "skipped by opta-infra" : "a cloud resource";
            diagnostics.Error(link.At, $"{link.Path}: '{link.Target}' is a {target.WrittenType} module ({why}), which has nothing to link; links name database, cache, storage and queue modules");
            return null;
        }

        return target;
    }

    private void CheckVariables(LinkSpec link, ModuleSource target, LinkTarget info, K8sServiceSpec spec, Dictionary<string, string> variables)
    {
        if (link.Permissions.Count > 0)
        {
            diagnostics.Error(link.At, $"{link.Path}: '{string.Join(", ", link.Permissions)}' {(link.Permissions.Count == 1 ? "is a permission" : "are permissions")}, but '{link.Target}' ({target.ResolvedType}) gives variables ({string.Join(", ", info.Variables)}), not permissions; write `- {link.Target}`, or a rename map `- {link.Target}: [{{{info.Variables[0]}: NEW_NAME, …}}]`");
            return;
        }

        var names = info.Variables.ToDictionary(v => v, v => $"{link.Target}_{v}", StringComparer.Ordinal);
        if (link.Renames is { } renames)
        {
            var ok = true;
            foreach (var (variable, _, at) in renames.Where(r => !info.Variables.Contains(r.Variable)))
            {
                var hint = DidYouMean.Suggest(variable, info.Variables);
                diagnostics.Error(at, $"{link.Path}.{variable}: '{variable}' is not a variable of '{link.Target}' ({target.ResolvedType})" + (hint is null ? "" : $" (did you mean '{hint}'?)") + $"; its variables are {string.Join(", ", info.Variables)}");
                ok = false;
            }

            var missing = info.Variables.Where(v => renames.All(r => r.Variable != v)).ToList();
            if (missing.Count > 0)
            {
                diagnostics.Error(link.RenamesAt, $"{link.Path}: the rename map must name every variable of '{link.Target}' ({string.Join(", ", info.Variables)}), as in Opta; add {string.Join(", ", missing.Select(m => $"`{m}: NEW_NAME`"))}");
                ok = false;
            }

            if (!ok)
            {
                return;
            }

            foreach (var (variable, name, _) in renames)
            {
                names[variable] = name;
            }
        }

        foreach (var (variable, name) in names)
        {
            var at = link.Renames?.FirstOrDefault(r => r.Variable == variable).At ?? link.At;
            if (KubernetesRules.EnvVarName(name) is { } bad)
            {
                diagnostics.Error(at, $"{link.Path}: the variable name '{name}' (for {variable}) {bad}; " + (link.Renames is null ? $"rename it with `- {link.Target}: [{{{variable}: NEW_NAME, …}}]` or rename the module" : "choose another name"));
            }
            else if (variables.TryGetValue(name, out var setBy))
            {
                diagnostics.Error(at, $"{link.Path}: the variable '{name}' is also set by {setBy}; rename one (a rename map `- {link.Target}: [{{{variable}: NEW_NAME, …}}]` renames the link's)");
            }
            else
            {
                variables[name] = link.Path;
            }
        }
    }

    private void CheckPermissions(LinkSpec link, ModuleSource target, LinkTarget info)
    {
        if (link.Renames is not null)
        {
            diagnostics.Error(link.RenamesAt, $"{link.Path}: '{link.Target}' ({target.ResolvedType}) gives permissions ({string.Join(", ", info.Permissions)}), not variables to rename; write `- {link.Target}: [{string.Join(", ", info.Permissions)}]`");
            return;
        }

        var bad = link.Permissions.Where(p => !info.Permissions.Contains(p)).ToList();
        foreach (var p in bad)
        {
            var hint = DidYouMean.Suggest(p, info.Permissions);
            diagnostics.Error(link.At, $"{link.Path}: '{p}' is not a permission of {target.ResolvedType}" + (hint is null ? "" : $" (did you mean '{hint}'?)") + $"; use {string.Join(", ", info.Permissions)}");
        }

        if (bad.Count > 0)
        {
            return;
        }

        var permissions = link.Permissions.Count > 0 ? link.Permissions : info.DefaultPermissions;
        diagnostics.Warning(link.At,
            $"{link.Path}: not granted: {string.Join(", ", permissions)} on '{link.Target}' ({target.ResolvedType}); opta-infra does not manage cloud IAM, so grant {(permissions.Count == 1 ? "it" : "them")} to the service's cloud identity outside opta-infra");
    }
}
