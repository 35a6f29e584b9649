using Opta.Yaml;
using static Opta.Spec.FieldValues;

namespace Opta.Spec;

/// <summary>
/// Reads a shape-checked <c>k8s-service</c> module map into a <see cref="K8sServiceSpec"/>, taking every default from
/// <see cref="K8sServiceFields"/>. It decides nothing and reports nothing: values of the wrong shape were reported by
/// the shape check and read as absent, and the rules between fields are <see cref="Validation.K8sServiceRules"/>'.
/// </summary>
public static partial class K8sServiceReader
{
    public static K8sServiceSpec Read(YamlMap module, int index, string name)
    {
        var ports = ReadPorts(module);
        var request = module["resource_request"] as YamlMap;
        var cpu = ReadQuantity(request, K8sServiceFields.CpuRequest, QuantityKind.Cpu);
        var memory = ReadQuantity(request, K8sServiceFields.MemoryRequest, QuantityKind.Memory);
        var preStopSleep = Int(module, K8sServiceFields.PreStopSleepSeconds);
        return new K8sServiceSpec
        {
            Name = name,
            Index = index,
            Node = module,
            Image = Str(module["image"]) ?? "",
            Build = ReadBuild(module),
            Ports = ports,
            ProbePort = Str(module["probe_port"]) is { } probe ? ports.FirstOrDefault(p => p.Name == probe) ?? ports.FirstOrDefault() : ports.FirstOrDefault(),
            EnvVars = ReadEnvVars(module),
            LivenessPath = ProbePath(module, "liveness_probe_path") ?? ProbePath(module, "healthcheck_path"),
            ReadinessPath = ProbePath(module, "readiness_probe_path") ?? ProbePath(module, "healthcheck_path"),
            LivenessCommand = NonEmpty(StrList(module["liveness_probe_command"])) ?? StrList(module["healthcheck_command"]),
            ReadinessCommand = NonEmpty(StrList(module["readiness_probe_command"])) ?? StrList(module["healthcheck_command"]),
            InitialLivenessDelay = Int(module, K8sServiceFields.InitialLivenessDelay),
            InitialReadinessDelay = Int(module, K8sServiceFields.InitialReadinessDelay),
            MinContainers = Int(module, K8sServiceFields.MinContainers),
            MaxContainers = Int(module, K8sServiceFields.MaxContainers),
            CpuTargetPercentage = Int(module, K8sServiceFields.CpuTargetPercentage),
            MemoryTargetPercentage = Int(module, K8sServiceFields.MemoryTargetPercentage),
            AutoscalingMetrics = ReadMetrics(module),
            AutoscalingBehavior = ReadBehavior(module),
            CpuRequest = cpu,
            MemoryRequest = memory,
            MemoryLimit = (module["resource_limits"] as YamlMap)?["memory"] is YamlScalar { IsNull: false } limit && Quantity.Parse(limit, QuantityKind.Memory) is { } parsed
                ? parsed
                : memory.Times(2),
            Routes = ReadRoutes(module),
            KeepPathPrefix = Bool(module, K8sServiceFields.KeepPathPrefix),
            StickySession = Bool(module, K8sServiceFields.StickySession),
            StickySessionMaxAge = Int(module, K8sServiceFields.StickySessionMaxAge),
            ConsistentHash = Str(module["consistent_hash"]),
            IngressExtraAnnotations = StrMap(module["ingress_extra_annotations"]),
            Tolerations = ReadTolerations(module),
            CronJobs = ReadCronJobs(module),
            PersistentStorage = ReadVolumes(module),
            Commands = StrList(module["commands"]),
            Args = StrList(module["args"]),
            PodAnnotations = StrMap(module["pod_annotations"]),
            PodLabels = StrMap(module["pod_labels"]),
            PreStopSleepSeconds = preStopSleep,
            // The pause counts against the grace period: the default keeps Kubernetes' 30 s for the shutdown itself.
            TerminationGracePeriodSeconds = Int(module[K8sServiceFields.TerminationGracePeriodSeconds.Name])
                ?? (preStopSleep > 0 ? preStopSleep + K8sServiceFields.StopSeconds : null),
            SeccompProfile = Str(module, K8sServiceFields.SeccompProfile),
            AllowPrivilegeEscalation = Bool(module, K8sServiceFields.AllowPrivilegeEscalation),
            AutomountServiceAccountToken = Bool(module, K8sServiceFields.AutomountServiceAccountToken),
            Links = LinkSpec.Read(module, index),
        };
    }

    /// <summary>A request's amount, or the field's default in Opta's unit (100 → <c>100m</c>, 128 → <c>128Mi</c>).</summary>
    internal static Quantity ReadQuantity(YamlMap? parent, FieldDefinition field, QuantityKind kind) =>
        (parent?[field.Name] is YamlScalar { IsNull: false } s ? Quantity.Parse(s, kind) : null)
        ?? Quantity.Parse(Convert.ToString(field.Default, System.Globalization.CultureInfo.InvariantCulture)!, kind)!;

    /// <summary>The ports as Opta models them: legacy <c>port</c> becomes one http port named <c>main</c> on Service port 80.</summary>
    private static IReadOnlyList<PortSpec> ReadPorts(YamlMap module)
    {
        if (module["port"] is YamlMap port)
        {
            if (port.Entries.Count != 1 || port.Entries[0].Value is not YamlScalar s || !s.TryInteger(out var number) || number is < 1 or > 65535)
            {
                return [];
            }

            string? protocol = port.Entries[0].Key.Value switch
            {
                "grpc" => "grpc",
                "websocket" or "tcp" => "websocket",
                _ => null,
            };
            return [new PortSpec("main", "http", (int)number, 80, protocol)];
        }

        var result = new List<PortSpec>();
        foreach (var p in (module["ports"] as YamlList)?.Items.OfType<YamlMap>() ?? [])
        {
            if (Str(p["name"]) is { } name && Str(p["type"]) is { } type && Int(p["port"]) is { } number)
            {
                result.Add(new PortSpec(name, type, number, ServicePort(p, type, number), Str(p["protocol"])));
            }
        }

        return result;
    }

    /// <summary>The Service port of a <c>ports</c> entry: <c>service_port</c>, else 80 for http and the port itself for tcp.</summary>
    public static int ServicePort(YamlMap port, string type, int number) => Int(port["service_port"]) ?? (type == "http" ? 80 : number);

    private static List<EnvVarSpec> ReadEnvVars(YamlMap module)
    {
        var result = new List<EnvVarSpec>();
        foreach (var (name, value, _, _) in EnvVarEntries(module))
        {
            if (result.All(e => e.Name != name))
            {
                result.Add(new(name, value.IsNull ? "" : value.Value, value.IsSecret));
            }
        }

        return result;
    }

    /// <summary>Each <c>env_vars</c> entry, map or list form, with the node to blame and its path under <c>env_vars</c>.</summary>
    public static IEnumerable<(string Name, YamlScalar Value, YamlValue At, string Path)> EnvVarEntries(YamlMap module)
    {
        switch (module["env_vars"])
        {
            case YamlMap map:
                foreach (var (k, v) in map.Entries)
                {
                    if (v is YamlScalar s)
                    {
                        yield return (k.Value, s, k, "." + k.Value);
                    }
                }

                break;
            case YamlList list:
                for (var i = 0; i < list.Items.Count; i++)
                {
                    if (list.Items[i] is YamlMap item && Str(item["name"]) is { } n && item["value"] is YamlScalar v)
                    {
                        yield return (n, v, item, $"[{i}]");
                    }
                }

                break;
        }
    }

    /// <summary>The <c>public_uri</c> entries, whether one string or a list, with their list index.</summary>
    public static IReadOnlyList<YamlScalar> RouteEntries(YamlMap module) => module["public_uri"] switch
    {
        YamlScalar { IsNull: false } s => [s],
        YamlList l => l.Items.OfType<YamlScalar>().ToList(),
        _ => [],
    };

    private static List<PublicRoute> ReadRoutes(YamlMap module)
    {
        var routes = new List<PublicRoute>();
        var entries = RouteEntries(module);
        for (var i = 0; i < entries.Count; i++)
        {
            if (!entries[i].IsUnresolved && ParseRoute(entries[i].Value.Trim(), i) is { } route
                && !routes.Any(r => r.Domain == route.Domain && r.PathPrefix == route.PathPrefix))
            {
                routes.Add(route);
            }
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

        if (domain != "all" && !DomainPattern().IsMatch(domain))
        {
            return null;
        }

        return new PublicRoute(uri, domain, "/" + string.Join('/', segments), index);
    }

    private static List<MetricSpec> ReadMetrics(YamlMap module)
    {
        var result = new List<MetricSpec>();
        var items = (module["autoscaling_metrics"] as YamlList)?.Items ?? [];
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is YamlMap m && Str(m["type"]) is { } type && Str(m["name"]) is { } name)
            {
                var described = m["described_object"] as YamlMap;
                result.Add(new MetricSpec(
                    type,
                    name,
                    StrMap(m["selector"]),
                    m["target_average_value"] is YamlScalar { IsNull: false } average ? Quantity.Parse(average, QuantityKind.Plain) : null,
                    m["target_value"] is YamlScalar { IsNull: false } value ? Quantity.Parse(value, QuantityKind.Plain) : null,
                    described is not null && Str(described["kind"]) is { } kind && Str(described["name"]) is { } objectName
                        ? new ObjectReferenceSpec(Str(described["api_version"]), kind, objectName)
                        : null,
                    i));
            }
        }

        return result;
    }

    private static ScalingBehaviorSpec? ReadBehavior(YamlMap module)
    {
        if (module["autoscaling_behavior"] is not YamlMap behavior)
        {
            return null;
        }

        static ScalingRulesSpec? Rules(YamlValue? node) => node is YamlMap r
            ? new ScalingRulesSpec(
                Int(r["stabilization_window_seconds"]),
                Str(r["select_policy"]),
                (r["policies"] as YamlList)?.Items.OfType<YamlMap>()
                    .Where(p => Str(p["type"]) is not null && Int(p["value"]) is not null && Int(p["period_seconds"]) is not null)
                    .Select(p => new ScalingPolicySpec(Str(p["type"])!, Int(p["value"])!.Value, Int(p["period_seconds"])!.Value))
                    .ToList() ?? [])
            : null;

        return new ScalingBehaviorSpec(Rules(behavior["scale_up"]), Rules(behavior["scale_down"]));
    }

    // Loops, not LINQ chains: see DiagnosticBag.Sorted.
    private static List<TolerationSpec> ReadTolerations(YamlMap module)
    {
        var tolerations = new List<TolerationSpec>();
        foreach (var t in Maps(module["tolerations"]))
        {
            if (Str(t["key"]) is { } key)
            {
                tolerations.Add(new TolerationSpec(key, Str(t, K8sServiceFields.TolerationValue), Str(t, K8sServiceFields.TolerationEffect)));
            }
        }

        return tolerations;
    }

    private static List<CronJobSpec> ReadCronJobs(YamlMap module)
    {
        var cronJobs = new List<CronJobSpec>();
        if (module["cron_jobs"] is YamlList list)
        {
            for (var i = 0; i < list.Items.Count; i++)
            {
                if (list.Items[i] is YamlMap c && Str(c["schedule"]) is { } schedule)
                {
                    cronJobs.Add(new CronJobSpec(StrList(c["commands"]), StrList(c["args"]), schedule, i));
                }
            }
        }

        return cronJobs;
    }

    private static List<VolumeSpec> ReadVolumes(YamlMap module)
    {
        var volumes = new List<VolumeSpec>();
        foreach (var v in Maps(module["persistent_storage"]))
        {
            if (Int(v["size"]) is { } size && Str(v["path"]) is { } path)
            {
                volumes.Add(new VolumeSpec(size, path));
            }
        }

        return volumes;
    }

    /// <summary>The mappings of a list field (other items are the schema's to report).</summary>
    private static IEnumerable<YamlMap> Maps(YamlValue? node) =>
        node is YamlList list ? list.Items.OfType<YamlMap>() : [];

    /// <summary>The <c>build</c> field, or its defaults (a <c>Dockerfile</c> beside the service file) when it is absent.</summary>
    private static BuildSpec ReadBuild(YamlMap module)
    {
        var b = module["build"] as YamlMap;
        return new BuildSpec(Str(b, K8sServiceFields.BuildContext), Str(b, K8sServiceFields.BuildDockerfile), Explicit: b is not null);
    }

    /// <summary>
    /// A health-check path as the kubelet requests it: Opta passed <c>ht/</c> through and the kubelet asked for
    /// <c>/ht/</c>, so the leading <c>/</c> is added; an empty path is no check, as in Opta's chart.
    /// </summary>
    private static string? ProbePath(YamlMap module, string field) => Str(module[field]) switch
    {
        null or "" => null,
        var p when p.StartsWith('/') => p,
        var p => "/" + p,
    };

    private static IReadOnlyList<string>? NonEmpty(IReadOnlyList<string> list) => list.Count > 0 ? list : null;

    [System.Text.RegularExpressions.GeneratedRegex(@"^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial System.Text.RegularExpressions.Regex DomainPattern();
}
