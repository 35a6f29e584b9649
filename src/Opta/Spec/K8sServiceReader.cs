using Opta.Diagnostics;
using Opta.Yaml;

namespace Opta.Spec;

/// <summary>
/// Reads a type-checked module map into a <see cref="K8sServiceSpec"/> and applies Opta's cross-field rules
/// (ports, probes, replica bounds, routes). Shapes were already checked, so mismatches here are skipped silently.
/// </summary>
public sealed class K8sServiceReader(DiagnosticBag diagnostics)
{
    public K8sServiceSpec Read(YamlMap module, int index, string name)
    {
        var path = $"modules[{index}]";
        var ports = ReadPorts(module, path);
        var cpu = Quantity("resource_request", "cpu", QuantityKind.Cpu) ?? Spec.Quantity.Parse("100", QuantityKind.Cpu)!;
        var memory = Quantity("resource_request", "memory", QuantityKind.Memory) ?? Spec.Quantity.Parse("128", QuantityKind.Memory)!;
        var limit = Quantity("resource_limits", "memory", QuantityKind.Memory) ?? memory.Times(2);
        if (limit.Value < memory.Value)
        {
            var at = (module["resource_limits"] as YamlMap)?.KeyOf("memory")?.Position ?? module.Position;
            diagnostics.Error(at, $"{path}.resource_limits.memory ({limit.Text}) must be >= resource_request.memory ({memory.Text}); Kubernetes refuses a limit below the request");
        }

        var spec = new K8sServiceSpec
        {
            Name = name,
            Index = index,
            Node = module,
            Image = Str(module["image"]) ?? "",
            Build = ReadBuild(module),
            Ports = ports,
            ProbePort = ReadProbePort(module, ports, path),
            EnvVars = ReadEnvVars(module, path),
            LivenessPath = Str(module["liveness_probe_path"]) ?? Str(module["healthcheck_path"]),
            ReadinessPath = Str(module["readiness_probe_path"]) ?? Str(module["healthcheck_path"]),
            LivenessCommand = NonEmpty(StrList(module["liveness_probe_command"])) ?? StrList(module["healthcheck_command"]),
            ReadinessCommand = NonEmpty(StrList(module["readiness_probe_command"])) ?? StrList(module["healthcheck_command"]),
            InitialLivenessDelay = Int(module["initial_liveness_delay"]) ?? 30,
            InitialReadinessDelay = Int(module["initial_readiness_delay"]) ?? 30,
            MinContainers = Int(module["min_containers"]) ?? 1,
            MaxContainers = Int(module["max_containers"]) ?? 3,
            CpuTargetPercentage = Int(module["autoscaling_target_cpu_percentage"]) ?? 80,
            MemoryTargetPercentage = Int(module["autoscaling_target_mem_percentage"]) ?? 80,
            CpuRequest = cpu,
            MemoryRequest = memory,
            MemoryLimit = limit,
            Routes = ReadRoutes(module, path),
            KeepPathPrefix = Bool(module["keep_path_prefix"]) ?? false,
            StickySession = Bool(module["sticky_session"]) ?? false,
            StickySessionMaxAge = Int(module["sticky_session_max_age"]) ?? 86400,
            ConsistentHash = Str(module["consistent_hash"]),
            IngressExtraAnnotations = StrMap(module["ingress_extra_annotations"]),
            Tolerations = ReadTolerations(module),
            CronJobs = ReadCronJobs(module),
            PersistentStorage = ReadVolumes(module),
            Commands = StrList(module["commands"]),
            Args = StrList(module["args"]),
            PodAnnotations = StrMap(module["pod_annotations"]),
            PodLabels = StrMap(module["pod_labels"]),
            SeccompProfile = Str(module["seccomp_profile"]) ?? "RuntimeDefault",
            AllowPrivilegeEscalation = Bool(module["allow_privilege_escalation"]) ?? false,
            AutomountServiceAccountToken = Bool(module["automount_service_account_token"]) ?? false,
        };

        CheckReplicas(spec, path);
        CheckProbes(module, path);
        CheckPodLabels(spec, path);
        return spec;

        Quantity? Quantity(string parent, string field, QuantityKind kind) =>
            (module[parent] as YamlMap)?[field] is YamlScalar { IsNull: false } s ? Spec.Quantity.Parse(s, kind) : null;
    }

    private IReadOnlyList<PortSpec> ReadPorts(YamlMap module, string path)
    {
        var port = module["port"] as YamlMap;
        var ports = module["ports"] as YamlList;
        if (port is not null && ports is not null)
        {
            diagnostics.Error(module.KeyOf("ports")!.Position, $"{path}: both `port` and `ports` are given; use `port` for one port or `ports` for several, not both");
            return [];
        }

        if (port is null && ports is null)
        {
            if (module["port"] is null && module["ports"] is null)
            {
                diagnostics.Error(module.Position, $"{path}.port: required field is missing; add `port: {{http: 8080}}` (the container's port) or a `ports` list");
            }

            return [];
        }

        if (port is not null)
        {
            return ReadLegacyPort(port, path);
        }

        var result = new List<PortSpec>();
        var httpCount = 0;
        for (var i = 0; i < ports!.Items.Count; i++)
        {
            if (ports.Items[i] is not YamlMap p)
            {
                continue;
            }

            var name = Str(p["name"]);
            var type = Str(p["type"]);
            var number = Int(p["port"]);
            if (name is null || type is null || number is null)
            {
                continue;
            }

            var protocol = Str(p["protocol"]);
            var itemPath = $"{path}.ports[{i}]";
            if (name.Length > 15)
            {
                diagnostics.Error(p["name"]!.Position, $"{itemPath}.name: '{name}' is {name.Length} characters; Kubernetes port names are at most 15");
            }

            if (type == "tcp" && protocol is not null)
            {
                diagnostics.Error(p["protocol"]!.Position, $"{itemPath}: type/protocol tcp/{protocol} is not a valid combination; `protocol` ({protocol}) goes with `type: http`");
            }

            if (type == "http" && ++httpCount == 2)
            {
                diagnostics.Error(p["type"]!.Position, $"{itemPath}: a second `type: http` port; only one http port is supported (Ingresses route to it)");
            }

            var servicePort = Int(p["service_port"]) ?? (type == "http" ? 80 : number.Value);
            foreach (var prior in result)
            {
                if (prior.Name == name)
                {
                    diagnostics.Error(p["name"]!.Position, $"{itemPath}.name: duplicate port name '{name}'; port names must be unique");
                }

                if (prior.Port == number)
                {
                    diagnostics.Error(p["port"]!.Position, $"{itemPath}.port: duplicate port number {number}; each port needs its own number");
                }

                if (prior.ServicePort == servicePort)
                {
                    diagnostics.Error((p["service_port"] ?? p["port"])!.Position, $"{itemPath}.service_port: duplicate service port {servicePort}; set a distinct `service_port`");
                }
            }

            result.Add(new PortSpec(name, type, number.Value, servicePort, protocol));
        }

        return result;
    }

    private List<PortSpec> ReadLegacyPort(YamlMap port, string path)
    {
        if (port.Entries.Count == 0)
        {
            diagnostics.Error(port.Position, $"{path}.port: is empty; give one of http, grpc, websocket, e.g. `port: {{http: 8080}}`");
            return [];
        }

        if (port.Entries.Count > 1)
        {
            diagnostics.Error(port.Entries[1].Key.Position, $"{path}.port: has {port.Entries.Count} keys ({string.Join(", ", port.Entries.Select(e => e.Key.Value))}); `port` takes exactly one; use `ports` for several");
            return [];
        }

        var (key, value) = port.Entries[0];
        if (value is not YamlScalar s || !SchemaChecker.TryInteger(s, out var number) || number is < 1 or > 65535)
        {
            return [];
        }

        string? protocol = key.Value switch
        {
            "grpc" => "grpc",
            "websocket" or "tcp" => "websocket",
            _ => null,
        };
        return [new PortSpec("main", "http", (int)number, 80, protocol)];
    }

    private PortSpec? ReadProbePort(YamlMap module, IReadOnlyList<PortSpec> ports, string path)
    {
        var name = Str(module["probe_port"]);
        if (name is null)
        {
            return ports.FirstOrDefault();
        }

        var found = ports.FirstOrDefault(p => p.Name == name);
        if (found is null && ports.Count > 0)
        {
            diagnostics.Error(module["probe_port"]!.Position, $"{path}.probe_port: '{name}' is not a port name; the ports are {string.Join(", ", ports.Select(p => p.Name))}");
        }

        return found ?? ports.FirstOrDefault();
    }

    private List<EnvVarSpec> ReadEnvVars(YamlMap module, string path)
    {
        var result = new List<EnvVarSpec>();
        switch (module["env_vars"])
        {
            case YamlMap map:
                foreach (var (k, v) in map.Entries)
                {
                    if (v is YamlScalar s)
                    {
                        Add(k.Value, s, k.Position, $"{path}.env_vars.{k.Value}", checkName: true);
                    }
                }

                break;
            case YamlList list:
                for (var i = 0; i < list.Items.Count; i++)
                {
                    if (list.Items[i] is YamlMap item && Str(item["name"]) is { } n && item["value"] is YamlScalar v)
                    {
                        Add(n, v, item.Position, $"{path}.env_vars[{i}]", checkName: false);
                    }
                }

                break;
        }

        return result;

        // List items' names were checked against the field definition's pattern; map keys were not.
        void Add(string name, YamlScalar value, SourcePosition at, string where, bool checkName)
        {
            if (checkName && !System.Text.RegularExpressions.Regex.IsMatch(name, "^[-._a-zA-Z][-._a-zA-Z0-9]*$"))
            {
                diagnostics.Error(at, $"{where}: '{name}' is not a valid environment variable name; use letters, digits, '_', '-' and '.', not starting with a digit");
            }

            if (result.Any(e => e.Name == name))
            {
                diagnostics.Error(at, $"{where}: '{name}' is set twice; remove one of them");
                return;
            }

            result.Add(new(name, value.IsNull ? "" : value.Value, value.IsSecret));
        }
    }

    private List<PublicRoute> ReadRoutes(YamlMap module, string path)
    {
        var node = module["public_uri"];
        var entries = node switch
        {
            YamlScalar { IsNull: false } s => [s],
            YamlList l => l.Items.OfType<YamlScalar>().ToList(),
            _ => new List<YamlScalar>(),
        };

        var routes = new List<PublicRoute>();
        for (var i = 0; i < entries.Count; i++)
        {
            var s = entries[i];
            if (s.IsUnresolved)
            {
                continue;
            }

            var where = node is YamlList ? $"{path}.public_uri[{i}]" : $"{path}.public_uri";
            var route = ParseRoute(s.Value.Trim(), i);
            if (route is null)
            {
                diagnostics.Error(s.Position, $"{where}: '{s.Value}' is not a route; write `/path`, `*`, `host` or `host/path`");
                continue;
            }

            var same = routes.FirstOrDefault(r => r.Domain == route.Domain && r.PathPrefix == route.PathPrefix);
            if (same is not null)
            {
                diagnostics.Error(s.Position, $"{where}: '{s.Value}' is the same route as public_uri[{same.Index}] ('{same.Uri}'); remove one of them");
                continue;
            }

            routes.Add(route);
        }

        return routes;
    }

    /// <summary>Opta's split: a leading <c>/</c> or <c>*</c> means any host ("all"); the rest is the path prefix.</summary>
    public static PublicRoute? ParseRoute(string uri, int index)
    {
        if (uri.Length == 0 || uri.Any(char.IsWhiteSpace))
        {
            return null;
        }

        string normalized;
        if (uri.StartsWith('/'))
        {
            normalized = "all" + uri;
        }
        else if (uri == "*" || uri.StartsWith("*/", StringComparison.Ordinal))
        {
            normalized = "all" + uri[1..];
        }
        else
        {
            normalized = uri;
        }

        var slash = normalized.IndexOf('/');
        var domain = slash < 0 ? normalized : normalized[..slash];
        var rest = slash < 0 ? "" : normalized[(slash + 1)..];
        var segments = rest.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (domain.Length == 0 || segments.Any(seg => seg.IndexOfAny(['(', ')', '$', '*', '?', '[', ']', '{', '}', '\\', '|', '^', '+']) >= 0))
        {
            return null;
        }

        if (domain != "all" && !System.Text.RegularExpressions.Regex.IsMatch(domain, @"^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"))
        {
            return null;
        }

        return new PublicRoute(uri, domain, "/" + string.Join('/', segments), index);
    }

    private List<TolerationSpec> ReadTolerations(YamlMap module) =>
        (module["tolerations"] as YamlList)?.Items.OfType<YamlMap>()
            .Where(t => Str(t["key"]) is not null)
            .Select(t => new TolerationSpec(Str(t["key"])!, Str(t["value"]) ?? "opta", Str(t["effect"]) ?? "NoSchedule"))
            .ToList() ?? [];

    private List<CronJobSpec> ReadCronJobs(YamlMap module) =>
        (module["cron_jobs"] as YamlList)?.Items
            .Select((c, i) => (c as YamlMap, i))
            .Where(x => x.Item1 is not null && Str(x.Item1["schedule"]) is not null)
            .Select(x => new CronJobSpec(StrList(x.Item1!["commands"]), StrList(x.Item1["args"]), Str(x.Item1["schedule"])!, x.i))
            .ToList() ?? [];

    private List<VolumeSpec> ReadVolumes(YamlMap module) =>
        (module["persistent_storage"] as YamlList)?.Items.OfType<YamlMap>()
            .Where(v => Int(v["size"]) is not null && Str(v["path"]) is not null)
            .Select(v => new VolumeSpec(Int(v["size"])!.Value, Str(v["path"])!))
            .ToList() ?? [];

    private static BuildSpec? ReadBuild(YamlMap module) =>
        module["build"] is YamlMap b
            ? new BuildSpec(Str(b["context"]) ?? ".", Str(b["dockerfile"]) ?? "Dockerfile", true)
            : null;

    private void CheckReplicas(K8sServiceSpec spec, string path)
    {
        if (spec.MinContainers > spec.MaxContainers)
        {
            diagnostics.Error(spec.PositionOf("max_containers") is var p && spec.Node.KeyOf("max_containers") is not null ? p : spec.PositionOf("min_containers"),
                $"{path}.max_containers ({spec.MaxContainers}) must be >= min_containers ({spec.MinContainers}); raise max_containers or lower min_containers");
        }
        else if (spec.MinContainers == 0 && spec.MaxContainers != 0)
        {
            diagnostics.Error(spec.PositionOf("min_containers"),
                $"{path}.min_containers is 0 but max_containers is {spec.MaxContainers}; min_containers can only be 0 when max_containers is 0 too (no workload, cron jobs only)");
        }
    }

    private void CheckProbes(YamlMap module, string path)
    {
        foreach (var kind in new[] { "liveness", "readiness" })
        {
            var pathField = module.KeyOf($"{kind}_probe_path") ?? module.KeyOf("healthcheck_path");
            var commandField = module.KeyOf($"{kind}_probe_command") ?? module.KeyOf("healthcheck_command");
            if (pathField is not null && commandField is not null && !IsEmptyValue(module[pathField.Value]) && !IsEmptyValue(module[commandField.Value]))
            {
                diagnostics.Error(commandField.Position,
                    $"{path}: the {kind} check has both a path (`{pathField.Value}`) and a command (`{commandField.Value}`); an HTTP GET or a command, not both: remove one");
            }
        }
    }

    private void CheckPodLabels(K8sServiceSpec spec, string path)
    {
        foreach (var (key, _) in spec.PodLabels)
        {
            if (key is "app.kubernetes.io/name" or "app.kubernetes.io/instance")
            {
                diagnostics.Error(spec.PositionOf("pod_labels"), $"{path}.pod_labels.{key}: '{key}' is a selector label that opta-infra sets (it must stay as Opta set it); remove it");
            }
        }
    }

    private static bool IsEmptyValue(YamlValue? v) => v is null or YamlScalar { IsNull: true } or YamlList { Items.Count: 0 };

    private static IReadOnlyList<string>? NonEmpty(IReadOnlyList<string> list) => list.Count > 0 ? list : null;

    public static string? Str(YamlValue? node) => node is YamlScalar { IsNull: false, IsUnresolved: false } s ? s.Value : null;

    public static int? Int(YamlValue? node) =>
        node is YamlScalar { IsNull: false } s && SchemaChecker.TryInteger(s, out var n) && n is >= int.MinValue and <= int.MaxValue ? (int)n : null;

    public static bool? Bool(YamlValue? node) =>
        node is YamlScalar { IsNull: false } s && SchemaChecker.TryBool(s, out var b) ? b : null;

    public static IReadOnlyList<string> StrList(YamlValue? node) =>
        node is YamlList l ? l.Items.OfType<YamlScalar>().Where(s => !s.IsNull).Select(s => s.Value).ToList() : [];

    public static IReadOnlyList<KeyValuePair<string, string>> StrMap(YamlValue? node) =>
        node is YamlMap m ? m.Entries.Where(e => e.Value is YamlScalar).Select(e => new KeyValuePair<string, string>(e.Key.Value, ((YamlScalar)e.Value).IsNull ? "" : ((YamlScalar)e.Value).Value)).ToList() : [];
}
