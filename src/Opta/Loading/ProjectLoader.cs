using Opta.Diagnostics;
using Opta.Planning;
using Opta.Spec;
using Opta.Validation;
using Opta.Yaml;

namespace Opta.Loading;

/// <summary>Reads the service file, selects the environment, and reads the environment file.</summary>
public sealed class ProjectLoader(PlanOptions options, DiagnosticBag diagnostics, SourceSet sources)
{
    private readonly ISourceReader reader = options.Reader ?? FileSystemSourceReader.Instance;
    private ProjectBoundary boundary = null!;

    public LoadedProject? Load(string serviceFile)
    {
        boundary = ProjectBoundary.For(serviceFile, options.AllowedPaths);

        // A file that cannot be read has no line to point at: the problem is on the command line.
        var root = Read(ref serviceFile, SourcePosition.CommandLine, "the service file (-c)", "-c");
        if (root is null)
        {
            return null;
        }

        var display = Display(serviceFile);

        if (root is not YamlMap map)
        {
            diagnostics.Error(root.Position, $"{display} must be a map with `name`, `environments` and `modules`, but it is {root.Describe()}");
            return null;
        }

        if (map["environments"] is null && (map["org_name"] is not null || map["providers"] is not null))
        {
            return LoadEnvironmentAsService(map, display, serviceFile);
        }

        map = WithoutMisplacedModules(map);
        new SchemaChecker(diagnostics).Check(map, FileFields.ServiceFile, "");
        var layer = FieldValues.Str(map["name"]);
        if (layer is not null && layer.Length > 63)
        {
            diagnostics.Error(map["name"]!.Position, $"name: '{layer}' is {layer.Length} characters; the layer name becomes the namespace, at most 63");
        }

        var entry = SelectEnvironment(map, display);
        if (entry is null || layer is null)
        {
            return null;
        }

        var entryName = FieldValues.Str(entry["name"])!;
        var envPath = FieldValues.Str(entry["path"]);
        var environmentName = entryName;
        var environmentNameAt = entry["name"]!.Position;
        var entryField = $"environments[{((YamlList)map["environments"]!).Items.ToList().IndexOf(entry)}]";
        var environmentNameField = entryField + ".name";
        string? domain = null;
        string? dnsModule = null;
        string? cloud = null;
        if (envPath is not null && ProjectBoundary.MalformedPath(envPath) is { } malformed)
        {
            diagnostics.Error(entry["path"]!.Position, $"{environmentNameField[..^".name".Length]}.path: '{envPath}' {malformed}, or remove `path` when the environment is this file");
            return null;
        }

        if (envPath is not null && !IsSameFile(serviceFile, envPath))
        {
            var env = LoadEnvironmentFile(serviceFile, envPath, entry, entryField + ".path");
            if (env is null)
            {
                return null;
            }

            (environmentName, environmentNameAt, domain, dnsModule, cloud) = env.Value;
            environmentNameField = "name";
        }

        return new LoadedProject
        {
            File = display,
            Directory = Path.GetDirectoryName(Path.GetFullPath(serviceFile))!,
            Boundary = boundary,
            Layer = layer,
            LayerAt = map["name"]!.Position,
            EnvironmentEntry = entryName,
            EnvironmentName = environmentName,
            EnvironmentNameAt = environmentNameAt,
            EnvironmentNameField = environmentNameField,
            ParentDomain = domain,
            DnsModuleName = dnsModule,
            Cloud = cloud,
            VariableMaps = new[] { entry["variables"], entry["vars"] }.OfType<YamlMap>().ToList(),
            InputVariables = InputVariables(map, display),
            Modules = Modules(map, display, serviceModules: true, cloud),
        };
    }

    /// <summary>
    /// Opta's documentation printed examples whose modules fell into the <c>environments</c> list. An entry with a
    /// <c>type</c> is such a module: one error says so, instead of one per field of it.
    /// </summary>
    private YamlMap WithoutMisplacedModules(YamlMap map)
    {
        if (map["environments"] is not YamlList list)
        {
            return map;
        }

        var kept = new List<YamlValue>();
        for (var i = 0; i < list.Items.Count; i++)
        {
            if (list.Items[i] is YamlMap entry && FieldValues.Str(entry["type"]) is { } type)
            {
                var topLevelModules = map["modules"] is not null;
                diagnostics.Error(entry.Position,
                    $"environments[{i}]: this entry has `type: {type}`, so it is a module that landed in the `environments` list: the file is mis-indented" +
                    (topLevelModules ? "; move it under `modules:`" : "; write `modules:` at the start of a line (column 1, like `environments:`) above it, and indent the module's fields under its `- `"));
                continue;
            }

            kept.Add(list.Items[i]);
        }

        if (kept.Count == list.Items.Count)
        {
            return map;
        }

        var entries = map.Entries.Select(e => e.Key.Value == "environments" ? new KeyValuePair<YamlScalar, YamlValue>(e.Key, new YamlList(list.Position, kept)) : e).ToList();
        return new YamlMap(map.Position, entries);
    }

    private LoadedProject? LoadEnvironmentAsService(YamlMap map, string display, string serviceFile)
    {
        new SchemaChecker(diagnostics).Check(map, FileFields.EnvironmentFile, "");
        var name = FieldValues.Str(map["name"]);
        if (name is null)
        {
            return null;
        }

        if (options.Environment is { } wanted && wanted != name)
        {
            diagnostics.Error(map["name"]!.Position, $"--env {wanted}: {display} is an environment file named '{name}' with no `environments` list; pass --env {name} or leave --env out");
        }

        return new LoadedProject
        {
            File = display,
            Directory = Path.GetDirectoryName(Path.GetFullPath(serviceFile))!,
            Boundary = boundary,
            Layer = name,
            LayerAt = map["name"]!.Position,
            EnvironmentEntry = name,
            EnvironmentName = name,
            EnvironmentNameAt = map["name"]!.Position,
            ParentDomain = DnsDomain(map)?.Domain,
            DnsModuleName = DnsDomain(map)?.Module,
            Cloud = CloudOf(map),
            IsEnvironmentFile = true,
            InputVariables = InputVariables(map, display),
            Modules = Modules(map, display, serviceModules: false, CloudOf(map)),
        };
    }

    private YamlMap? SelectEnvironment(YamlMap map, string display)
    {
        if (map["environments"] is not YamlList list)
        {
            return null;
        }

        var entries = list.Items.OfType<YamlMap>().Where(e => FieldValues.Str(e["name"]) is not null).ToList();
        var names = entries.Select(e => FieldValues.Str(e["name"])!).ToList();
        foreach (var dup in entries.GroupBy(e => FieldValues.Str(e["name"])).Where(g => g.Count() > 1))
        {
            diagnostics.Error(dup.Skip(1).First()["name"]!.Position, $"environments: '{dup.Key}' is listed twice; each environment may be listed once");
        }

        if (entries.Count == 0)
        {
            if (list.Items.Count == 0)
            {
                diagnostics.Error(list.Position, "environments: the list is empty; add `- name: staging` with `path:` to an environment file (or to this file)");
            }

            return null;
        }

        if (options.Environment is null)
        {
            if (entries.Count > 1)
            {
                diagnostics.Error(map.KeyOf("environments")!.Position, $"environments: there are {entries.Count} environments ({string.Join(", ", names)}); choose one with --env NAME");
                return null;
            }

            return entries[0];
        }

        var chosen = entries.FirstOrDefault(e => FieldValues.Str(e["name"]) == options.Environment);
        if (chosen is null)
        {
            var hint = DidYouMean.Suggest(options.Environment, names);
            diagnostics.Error(map.KeyOf("environments")!.Position,
                $"--env {options.Environment}: no such environment in {display}; the valid names are {string.Join(", ", names)}" + (hint is null ? "" : $" (did you mean '{hint}'?)"));
        }

        return chosen;
    }

    private (string Name, SourcePosition NameAt, string? Domain, string? DnsModule, string? Cloud)? LoadEnvironmentFile(string serviceFile, string envPath, YamlMap entry, string field)
    {
        var at = entry["path"]!.Position;
        YamlValue? root;
        string envDisplay;
        if (RemoteEnvironmentFile.IsRemote(envPath))
        {
            envDisplay = RemoteEnvironmentFile.Display(envPath);

            // A file:// repository is on this machine: it must be inside the project or an allowed folder, as a
            // local environment file must. What is fetched is then trusted as inside its own cache checkout.
            if (RemoteEnvironmentFile.LocalRepository(envPath) is { } local && boundary.Admit(local, out var outside) is null)
            {
                diagnostics.Error(at, $"{field}: cannot read the repository '{local}': {outside}");
                return null;
            }

            var text = RemoteEnvironmentFile.FromEnvironment().Read(envPath, YamlLimits.Default.MaxFileBytes, out var problem);
            if (text is null)
            {
                diagnostics.Error(at, $"{field}: {problem}");
                return null;
            }

            root = Parse(text, envDisplay);
        }
        else
        {
            var full = Path.IsPathRooted(envPath) ? envPath : Path.Combine(Path.GetDirectoryName(serviceFile) ?? "", envPath);
            root = Read(ref full, at, $"the environment file of '{FieldValues.Str(entry["name"])}'", field, envPath);
            envDisplay = Display(full);
        }

        if (root is null)
        {
            return null;
        }

        if (root is not YamlMap map)
        {
            diagnostics.Error(root.Position, $"{envDisplay} must be a map with `name`, `org_name`, `providers` and `modules`, but it is {root.Describe()}");
            return null;
        }

        new SchemaChecker(diagnostics).Check(map, FileFields.EnvironmentFile, "");
        var name = FieldValues.Str(map["name"]);
        return name is null ? null : (name, map["name"]!.Position, DnsDomain(map)?.Domain, DnsDomain(map)?.Module, CloudOf(map));
    }

    /// <summary>The environment's dns module: its <c>domain</c> and its name (Opta's default: the type without dashes).</summary>
    private static (string Domain, string Module)? DnsDomain(YamlMap env) =>
        (env["modules"] as YamlList)?.Items.OfType<YamlMap>()
            .Where(m => FieldValues.Str(m["type"]) is "dns" or "aws-dns" or "gcp-dns" or "azure-dns" or "local-dns")
            .Where(m => FieldValues.Str(m["domain"]) is not null)
            .Select(m => ((string Domain, string Module)?)(FieldValues.Str(m["domain"])!, FieldValues.Str(m["name"]) ?? FieldValues.Str(m["type"])!.Replace("-", "")))
            .FirstOrDefault();

    /// <summary>
    /// The cloud an environment file's <c>providers</c> name (<c>aws</c>, <c>google</c>, <c>azurerm</c>), or null when it
    /// names none: <c>providers: {local: {}}</c>, or no providers at all (Opta's bring-your-own-cluster files), where
    /// <c>postgres</c> and friends mean the in-cluster databases.
    /// </summary>
    private static string? CloudOf(YamlMap env) =>
        env["providers"] is YamlMap providers
            ? ModuleTypes.CloudProviders.FirstOrDefault(c => providers.Get(c) is not null)
            : null;

    private Dictionary<string, string> InputVariables(YamlMap map, string display)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var declared = (map["input_variables"] as YamlList)?.Items.OfType<YamlMap>()
            .Select(v => FieldValues.Str(v["name"])).OfType<string>().ToList() ?? [];

        // Opta ignored a --var the file does not declare; a typo then silently deploys the default.
        foreach (var given in options.Variables.Keys.Where(k => !declared.Contains(k, StringComparer.Ordinal)).Order(StringComparer.Ordinal))
        {
            var hint = DidYouMean.Suggest(given, declared);
            diagnostics.Warning(SourcePosition.CommandLine,
                $"--var {given}: {display} declares no input variable '{given}', so the value is ignored; " +
                (hint is not null ? $"did you mean '{hint}'?" : declared.Count == 0
                    ? "the file has no `input_variables`; declare it there (`- name: " + given + "`) or drop the --var"
                    : $"the declared ones are {string.Join(", ", declared)}"));
        }

        foreach (var v in (map["input_variables"] as YamlList)?.Items.OfType<YamlMap>() ?? [])
        {
            if (FieldValues.Str(v["name"]) is not { } name)
            {
                continue;
            }

            if (options.Variables.TryGetValue(name, out var given))
            {
                result[name] = given;
            }
            else if (v["default"] is YamlScalar { IsNull: false } d)
            {
                result[name] = d.Value;
            }
        }

        return result;
    }

    private List<ModuleSource> Modules(YamlMap map, string display, bool serviceModules, string? cloud)
    {
        var result = new List<ModuleSource>();
        if (map["modules"] is not YamlList list || list.Items.Count > FileFields.MaxModules)
        {
            // Too many modules was reported by the schema check; none is read.
            return result;
        }

        for (var i = 0; i < list.Items.Count; i++)
        {
            if (list.Items[i] is not YamlMap module)
            {
                diagnostics.Error(list.Items[i].Position, $"modules[{i}]: expected a module (a map with `type`), got {list.Items[i].Describe()}");
                continue;
            }

            var type = FieldValues.Str(module["type"]);
            if (type is null)
            {
                if (serviceModules)
                {
                    diagnostics.Error(module.Position, $"modules[{i}].type: required field is missing; add `type: k8s-service`");
                }

                continue;
            }

            if (ModuleTypes.Resolve(type, cloud) is { } resolved)
            {
                result.Add(new ModuleSource(module, i, display, resolved.Definition) { ResolvedType = resolved.Resolved });
            }
            else
            {
                // Opta would have refused it; opta-infra has nothing to deploy for it, and the rest of the file still deploys.
                var hint = DidYouMean.Suggest(type, ModuleTypes.AllTypeNames);
                diagnostics.Warning(module["type"]!.Position,
                    $"modules[{i}].type: '{type}' is not a module type Opta had" + (hint is null ? "" : $" (did you mean '{hint}'?)") + "; the module is skipped");
            }
        }

        if (serviceModules && result.Count == 0 && list.Items.Count == 0)
        {
            diagnostics.Warning(list.Position, "modules: the list is empty; nothing but the namespace will be deployed");
        }

        return result;
    }

    /// <summary>
    /// Reads and parses <paramref name="path"/>. A missing <c>.yaml</c> file is read as <c>.yml</c> and the other way
    /// round, as Opta did, with a warning; <paramref name="path"/> then names the file read.
    /// <paramref name="field"/> and <paramref name="written"/>: how the warning names the field and what it said.
    /// </summary>
    private YamlValue? Read(ref string path, SourcePosition referencedAt, string what, string field, string? written = null)
    {
        var limits = YamlLimits.Default;
        var text = ReadInside(path, limits, out var whyNot);
        if (text is null && whyNot == NoSuchFile && AlternateYamlExtension(path) is { } alternate
            && ReadInside(alternate, limits, out var alternateWhyNot) is var alternateText
            && (alternateText is not null || alternateWhyNot != NoSuchFile))
        {
            written ??= path;
            var instead = AlternateYamlExtension(written)!;
            var fix = field == "-c" ? $"pass -c {instead}" : $"write `path: {instead}`";
            diagnostics.Warning(referencedAt, $"{field}: '{written}' does not exist, so '{instead}' was read instead, as Opta did; {fix} to silence this warning");
            (path, text, whyNot) = (alternate, alternateText, alternateWhyNot);
        }

        var display = Display(path);
        if (text is null)
        {
            diagnostics.Error(referencedAt, $"cannot read {what} '{display}': {whyNot}");
            return null;
        }

        return Parse(text, display);
    }

    private const string NoSuchFile = "no such file";

    /// <summary>The file's text when it is inside the repository (or an allowed folder) and readable; else null and why.</summary>
    private string? ReadInside(string path, YamlLimits limits, out string? whyNot)
    {
        if (boundary.Admit(path, out var outside) is not { } admitted)
        {
            whyNot = outside;
            return null;
        }

        return reader.Read(admitted, limits.MaxFileBytes, out whyNot);
    }

    /// <summary><c>x.yml</c> for <c>x.yaml</c> and the other way round (any letter case); null for other names.</summary>
    public static string? AlternateYamlExtension(string path)
    {
        var extension = Path.GetExtension(path);
        var stem = path[..^extension.Length];
        return extension.ToLowerInvariant() switch
        {
            ".yaml" => stem + ".yml",
            ".yml" => stem + ".yaml",
            _ => null,
        };
    }

    private YamlValue? Parse(string text, string display)
    {
        var limits = YamlLimits.Default;
        sources.Add(display, text);
        var node = YamlLoader.Load(text, display, diagnostics, limits);
        if (node is null && !diagnostics.HasErrors)
        {
            diagnostics.Error(SourcePosition.StartOf(display), $"{display} is empty; it needs `name`, `environments` and `modules`");
        }

        return node;
    }

    private static bool IsSameFile(string serviceFile, string envPath)
    {
        var full = Path.GetFullPath(Path.IsPathRooted(envPath) ? envPath : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(serviceFile))!, envPath));
        return string.Equals(full, Path.GetFullPath(serviceFile), StringComparison.Ordinal);
    }

    /// <summary>
    /// The path as messages show it: as the user gave it (absolute stays absolute, relative stays relative to where
    /// the command runs), with forward slashes and <c>.</c> and <c>dir/..</c> segments folded away.
    /// </summary>
    public static string Display(string path)
    {
        var p = path.Replace('\\', '/');
        var rooted = p.StartsWith('/');
        var parts = new List<string>();
        foreach (var seg in p.Split('/'))
        {
            if (seg is "." or "")
            {
                continue;
            }

            if (seg == ".." && parts.Count > 0 && parts[^1] != "..")
            {
                parts.RemoveAt(parts.Count - 1);
            }
            else if (seg == ".." && rooted)
            {
                // "/.." is "/".
            }
            else
            {
                parts.Add(seg);
            }
        }

        var joined = string.Join('/', parts);
        return rooted ? "/" + joined : parts.Count == 0 ? "." : joined;
    }
}
