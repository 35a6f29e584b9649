using System.Text;
using Opta.Diagnostics;
using Opta.Yaml;

namespace Opta.Interpolation;

/// <summary>
/// Expands Opta's <c>{name}</c> variables in every scalar value (never in keys). Unlike Opta, an unknown
/// variable is an error, not an empty string. <c>{{</c> and <c>}}</c> are literal braces.
/// </summary>
public sealed class Interpolator(InterpolationScope scope, DiagnosticBag diagnostics)
{
    public const string SecretPrefix = "secret.";

    /// <summary>Where secrets come from in the CLI: <c>OPTA_SECRET_&lt;NAME&gt;</c>.</summary>
    public const string SecretVariablePrefix = "OPTA_SECRET_";

    private bool usedSecret;

    private static readonly HashSet<string> OptaOnlyNames = new(StringComparer.Ordinal)
    {
        "parent_name", "state_storage", "kubeconfig", "k8s_access_token", "region",
    };

    /// <summary>Longest value interpolation may produce: the longest scalar a file may hold.</summary>
    public static int MaxExpandedLength => YamlLimits.Default.MaxScalarLength;

    private const string ModulePrefix = "module.";

    private static readonly string[] OptaOnlyPrefixes = ["aws.", "google.", "azurerm.", "local."];

    // Where Apply is: messages need it as text only for the few scalars that hold a brace.
    private readonly NodePath path = new();

    /// <summary>
    /// <paramref name="node"/> with every scalar value expanded; positions are kept. A list or map none of whose
    /// values changed is returned as it is, not copied.
    /// </summary>
    public YamlValue Apply(YamlValue node, string path)
    {
        this.path.Start(path);
        return ApplyNode(node);
    }

    /// <summary><see cref="Apply(YamlValue, string)"/> for the value of <paramref name="key"/> in the map at <paramref name="path"/>.</summary>
    public YamlValue Apply(YamlValue node, string path, string key)
    {
        this.path.Start(path);
        this.path.EnterKey(key);
        return ApplyNode(node);
    }

    private YamlValue ApplyNode(YamlValue node)
    {
        switch (node)
        {
            case YamlScalar s:
                return ApplyScalar(s);
            case YamlList l:
                List<YamlValue>? items = null;
                for (var i = 0; i < l.Items.Count; i++)
                {
                    path.EnterIndex(i);
                    var item = ApplyNode(l.Items[i]);
                    path.Leave();
                    if (items is null && !ReferenceEquals(item, l.Items[i]))
                    {
                        items = new List<YamlValue>(l.Items.Count);
                        for (var j = 0; j < i; j++)
                        {
                            items.Add(l.Items[j]);
                        }
                    }

                    items?.Add(item);
                }

                return items is null ? l : new YamlList(l.Position, items);
            case YamlMap m:
                List<KeyValuePair<YamlScalar, YamlValue>>? entries = null;
                for (var i = 0; i < m.Entries.Count; i++)
                {
                    var entry = m.Entries[i];
                    path.EnterKey(entry.Key.Value);
                    var value = ApplyNode(entry.Value);
                    path.Leave();
                    if (entries is null && !ReferenceEquals(value, entry.Value))
                    {
                        entries = new List<KeyValuePair<YamlScalar, YamlValue>>(m.Entries.Count);
                        for (var j = 0; j < i; j++)
                        {
                            entries.Add(m.Entries[j]);
                        }
                    }

                    entries?.Add(new(entry.Key, value));
                }

                return entries is null ? m : new YamlMap(m.Position, entries);
            default:
                return node;
        }
    }

    private YamlScalar ApplyScalar(YamlScalar s)
    {
        if (s.Value.IndexOfAny(['{', '}']) < 0)
        {
            return s;
        }

        usedSecret = false;
        var expanded = Expand(s.Value, s.Position, path.ToString());
        if (expanded is null)
        {
            return new YamlScalar(s.Position, s.Value, s.Style, s.Tag, isUnresolved: true);
        }

        return expanded == s.Value && !usedSecret
            ? s
            : new YamlScalar(s.Position, expanded, s.Style == ScalarStyle.Plain ? ScalarStyle.DoubleQuoted : s.Style, s.Tag, isSecret: usedSecret);
    }

    /// <summary>Expands <paramref name="text"/>; reports problems at <paramref name="at"/> and returns null if any.</summary>
    public string? Expand(string text, SourcePosition at, string path)
    {
        var sb = new StringBuilder(text.Length);
        var ok = true;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '$' && TerraformModuleReference(text, i) is { } reference)
            {
                // Opta passed `${{module.NAME.OUTPUT}}` to Terraform, which resolved it: the same output here.
                var resolved = Resolve(reference.Name, at, path, text);
                if (resolved is null)
                {
                    ok = false;
                }
                else
                {
                    sb.Append(resolved);
                }

                i = reference.End;
                continue;
            }

            if (c == '{' && i + 1 < text.Length && text[i + 1] == '{')
            {
                sb.Append('{');
                i++;
                continue;
            }

            if (c == '}' && i + 1 < text.Length && text[i + 1] == '}')
            {
                sb.Append('}');
                i++;
                continue;
            }

            if (c == '}')
            {
                diagnostics.Error(at, $"{path}: a lone '}}' in \"{text}\"; write '}}}}' for a literal brace");
                ok = false;
                continue;
            }

            if (c != '{')
            {
                sb.Append(c);
                continue;
            }

            var close = text.IndexOf('}', i + 1);
            if (close < 0)
            {
                diagnostics.Error(at, $"{path}: '{{' is never closed in \"{text}\"; write '{{{{' for a literal brace, or close the variable with '}}'");
                ok = false;
                break;
            }

            var name = text[(i + 1)..close];
            var value = Resolve(name, at, path, text);
            if (value is null)
            {
                ok = false;
            }
            else if (sb.Length + value.Length > MaxExpandedLength)
            {
                // A short value naming a long variable many times must not expand without bound.
                diagnostics.Error(at, $"{path}: the value expands to more than {MaxExpandedLength:N0} characters ({{{name}}} is {value.Length:N0} characters); use the variable fewer times or shorten it");
                return null;
            }
            else
            {
                sb.Append(value);
            }

            i = close;
        }

        return ok ? sb.ToString() : null;
    }

    /// <summary>Opta's escaped Terraform reference <c>${{module.NAME.OUTPUT}}</c> starting at <paramref name="start"/>, and where it ends.</summary>
    private static (string Name, int End)? TerraformModuleReference(string text, int start)
    {
        if (!text.AsSpan(start).StartsWith("${{" + ModulePrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var close = text.IndexOf("}}", start + 3, StringComparison.Ordinal);
        return close < 0 ? null : (text[(start + 3)..close], close + 1);
    }

    private string? Resolve(string name, SourcePosition at, string path, string text)
    {
        if (name.Length == 0 || name.Any(ch => !(char.IsAsciiLetterOrDigit(ch) || ch is '_' or '.' or '-')))
        {
            diagnostics.Error(at, $"{path}: '{{{name}}}' in \"{text}\" is not a variable; for literal braces (JSON, templates) write '{{{{' and '}}}}'");
            return null;
        }

        switch (name)
        {
            case "env":
                return scope.Env;
            case "layer_name":
                return scope.Layer;
            case "module_name" when scope.Module is not null:
                return scope.Module;
            case "parent.domain":
                if (scope.ParentDomain is null)
                {
                    diagnostics.Error(at, $"{path}: {{parent.domain}} needs a `dns` module with a `domain` in the environment file of '{scope.EnvironmentEntry}', and it has none; add one or put the domain in the environment's variables");
                }

                return scope.ParentDomain;
        }

        if (name.StartsWith(SecretPrefix, StringComparison.Ordinal))
        {
            return ResolveSecret(name[SecretPrefix.Length..], at, path);
        }

        if (name.StartsWith(ModulePrefix, StringComparison.Ordinal))
        {
            return ResolveModuleOutput(name, at, path);
        }

        if (name.StartsWith("vars.", StringComparison.Ordinal) || name.StartsWith("variables.", StringComparison.Ordinal))
        {
            return ResolveVariable(name[(name.IndexOf('.') + 1)..], name, at, path);
        }

        if (name.StartsWith("parent.", StringComparison.Ordinal))
        {
            diagnostics.Error(at, $"{path}: {{{name}}} is not supported by opta-infra: only {{parent.domain}} (the environment's dns domain) is known without Opta's Terraform state; put the value in the environment's `variables` and use {{vars.{name[7..]}}}");
            return null;
        }

        if (OptaOnlyNames.Contains(name) || OptaOnlyPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)))
        {
            diagnostics.Error(at, $"{path}: {{{name}}} is not supported by opta-infra (it came from Opta's cloud state); put the value in the environment's `variables` and use {{vars.{name.Replace('.', '_')}}}");
            return null;
        }

        var known = "{env}, {layer_name}, {module_name}, {parent.domain}, {vars.NAME}, {variables.NAME}, {secret.NAME}, {module.NAME.OUTPUT}";
        var suggestion = DidYouMean.Suggest(name, ["env", "layer_name", "module_name", "parent.domain"]);
        diagnostics.Error(at, $"{path}: unknown variable {{{name}}}" + (suggestion is null ? "" : $" (did you mean {{{suggestion}}}?)") + $"; the variables are {known}; write '{{{{' for a literal brace");
        return null;
    }

    private string? ResolveModuleOutput(string name, SourcePosition at, string path)
    {
        var parts = name[ModulePrefix.Length..].Split('.', 2);
        if (parts.Length < 2 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            diagnostics.Error(at, $"{path}: {{{name}}} names no output; write {{module.NAME.OUTPUT}}, e.g. {{module.db.db_host}}");
            return null;
        }

        string whyNot = "no module outputs are known here";
        if (scope.ModuleOutputs?.Invoke(parts[0], parts[1], out whyNot) is { } value)
        {
            return value;
        }

        diagnostics.Error(at, $"{path}: {{{name}}}: {whyNot}");
        return null;
    }

    private string? ResolveSecret(string key, SourcePosition at, string path)
    {
        if (!IsEnvVarValue(path))
        {
            diagnostics.Error(at, $"{path}: {{secret.{key}}} may only be used in `env_vars` values, which reach the pods through a Secret; move the value into an environment variable");
            return null;
        }

        if (key.Length == 0 || !key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            diagnostics.Error(at, $"{path}: '{key}' is not a secret name; use letters, digits and '_' (it becomes {SecretVariablePrefix}NAME)");
            return null;
        }

        var value = scope.Secrets?.Invoke(key);
        if (value is null)
        {
            diagnostics.Error(at, $"{path}: secret '{key}' is not set; export {SecretVariablePrefix}{key}=… for the opta-infra command, or run `pulumi config set --secret --path 'opta-infra:secrets.{key}' …` for the stack");
            return null;
        }

        usedSecret = true;
        return value;
    }

    private static bool IsEnvVarValue(string path)
    {
        var at = path.IndexOf(".env_vars", StringComparison.Ordinal);
        var name = at + ".env_vars".Length;
        return at >= 0 && (path.EndsWith(".value", StringComparison.Ordinal)
            || (name < path.Length && path[name] == '.' && path.IndexOf('.', name + 1) < 0));
    }

    private string? ResolveVariable(string key, string name, SourcePosition at, string path)
    {
        foreach (var map in scope.VariableMaps)
        {
            var found = Lookup(map, key);
            if (found is YamlScalar s)
            {
                return s.IsNull ? "" : s.Value;
            }

            if (found is not null)
            {
                diagnostics.Error(at, $"{path}: {{{name}}} is {found.Describe()}, not a single value; name one of its entries, e.g. {{{name}.KEY}}");
                return null;
            }
        }

        if (scope.InputVariables.TryGetValue(key, out var input))
        {
            return input;
        }

        var defined = scope.VariableMaps.SelectMany(m => m.Entries.Select(e => e.Key.Value)).Concat(scope.InputVariables.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var suggestion = DidYouMean.Suggest(key, defined);
        diagnostics.Error(at, $"{path}: unknown variable {{{name}}}: '{key}' is not in the `variables` or `vars` of environment '{scope.EnvironmentEntry}'" +
            (defined.Count == 0 ? " (it defines none)" : $" (it defines {string.Join(", ", defined)})") +
            (suggestion is null ? "" : $"; did you mean {{vars.{suggestion}}}?") + "; define it there or in `input_variables`");
        return null;
    }

    private static YamlValue? Lookup(YamlMap map, string dotted)
    {
        YamlValue? current = map;
        foreach (var part in dotted.Split('.'))
        {
            if (current is not YamlMap m || m.Get(part) is not { } next)
            {
                return null;
            }

            current = next;
        }

        return current;
    }
}
