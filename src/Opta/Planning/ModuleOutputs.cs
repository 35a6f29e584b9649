using Opta.Diagnostics;
using Opta.Loading;
using Opta.Spec;

namespace Opta.Planning;

/// <summary>
/// <c>{module.&lt;name&gt;.&lt;output&gt;}</c> for the outputs known before anything is deployed: the environment's dns
/// <c>domain</c>, and the host, database and user of the databases opta-infra plans. Everything else lived in Opta's
/// Terraform state, so it is an error that names the module and the output and says what to do instead.
/// </summary>
internal sealed class ModuleOutputs(LoadedProject project, IReadOnlyDictionary<string, ModuleSource> modules, IReadOnlyDictionary<string, CompanionPlan> companions)
{
    public string? Lookup(string module, string output, out string whyNot)
    {
        whyNot = "";
        // The environment's dns module: in the environment file, or in this file when it is the environment file.
        var isDns = module == project.DnsModuleName || (project.DnsModuleName is null && module == "dns" && !modules.ContainsKey(module));
        if (isDns && (!modules.TryGetValue(module, out var dns) || ReferenceEquals(dns.Type, OptaModuleCatalog.EnvironmentModule)))
        {
            if (output == "domain" && project.ParentDomain is { } domain)
            {
                return domain;
            }

            whyNot = project.ParentDomain is null
                ? $"the environment has no dns module with a `domain`; add one to the environment file, or put the value in the environment's `variables`"
                : $"'{output}' is not an output of the environment's dns module known before deploying; only `domain` is ({{module.{module}.domain}})";
            return null;
        }

        if (!modules.TryGetValue(module, out var source))
        {
            var hint = DidYouMean.Suggest(module, modules.Keys.Concat(project.DnsModuleName is { } d ? [d] : []));
            whyNot = $"no module named '{module}' in this file" + (hint is null ? "" : $" (did you mean '{hint}'?)") + (modules.Count == 0 ? "" : $"; the modules are {string.Join(", ", modules.Keys)}");
            return null;
        }

        if (source.Type.Companion is not null)
        {
            if (!companions.TryGetValue(module, out var companion))
            {
                whyNot = $"the outputs of '{module}' are not known because the module has errors (above)";
                return null;
            }

            if (companion.KnownOutputs.TryGetValue(output, out var value))
            {
                return value;
            }

            if (companion.Credentials.Any(c => c.Key == output))
            {
                whyNot = $"'{output}' of '{module}' ({companion.Type}) is generated when the stack is deployed and stays secret; link the module (`links: [{module}]`) to read it through its Secret";
                return null;
            }

            var hint = DidYouMean.Suggest(output, companion.KnownOutputs.Keys);
            whyNot = $"'{output}' is not an output of '{module}' ({companion.Type})" + (hint is null ? "" : $" (did you mean '{hint}'?)") + $"; its outputs known before deploying are {string.Join(", ", companion.KnownOutputs.Keys)}";
            return null;
        }

        whyNot = source.Type.Handling switch
        {
            ModuleHandling.External => $"'{module}' is a {source.ResolvedType} module, which opta-infra does not manage: its '{output}' is known only to Opta's cloud state; " +
                (source.Type.Link is { GivesVariables: true } ? $"link the module (`links: [{module}]`) to read its values from the Secret Opta left, or put the value in the environment's `variables`" : "put the value in the environment's `variables` and use {vars.NAME}"),
            ModuleHandling.Skipped => $"'{module}' is a {source.WrittenType} module, which opta-infra skips; put the value in the environment's `variables` and use {{vars.NAME}}",
            _ => $"the outputs of a {source.WrittenType} module ('{output}' of '{module}') are not known before deploying; put the value in the environment's `variables`",
        };
        return null;
    }
}
