using Opta.Diagnostics;
using Opta.Spec;
using Opta.Yaml;
using static Opta.Spec.FieldValues;

namespace Opta.Validation;

/// <summary>
/// The second stage of validation for a <c>k8s-service</c> module: Opta's rules between fields (ports, probes,
/// replica bounds, requests and limits, routes, environment variables, labels). Shapes were checked before, so a
/// value of the wrong shape is skipped here rather than reported twice.
/// </summary>
public sealed class K8sServiceRules(DiagnosticBag diagnostics)
{
    public void Check(K8sServiceSpec spec)
    {
        var module = spec.Node;
        var path = $"modules[{spec.Index}]";
        CheckPorts(module, path);
        CheckProbePort(module, spec, path);
        CheckEnvVars(module, path);
        CheckRoutes(module, path);
        CheckLimits(module, spec, path);
        CheckReplicas(spec, path);
        CheckProbes(module, path);
        CheckProbePaths(module, path);
        CheckWorker(module, spec, path);
        CheckMetrics(module, path);
        CheckPodLabels(spec, path);
        CheckShutdown(spec, path);
    }

    /// <summary>
    /// The pause runs inside the grace period (the API server refuses a sleep longer than it): a grace period no
    /// longer than the pause kills the container before it could stop.
    /// </summary>
    private void CheckShutdown(K8sServiceSpec spec, string path)
    {
        if (spec.PreStopSleepSeconds > 0 && spec.TerminationGracePeriodSeconds is { } grace && grace <= spec.PreStopSleepSeconds)
        {
            diagnostics.Error(spec.PositionOf("termination_grace_period_seconds"),
                $"{path}.termination_grace_period_seconds ({grace}) must be greater than prestop_sleep_seconds ({spec.PreStopSleepSeconds}): "
                + "the pause counts against the grace period, so the container would be killed before it could stop; "
                + "raise termination_grace_period_seconds, lower prestop_sleep_seconds, or set prestop_sleep_seconds: 0");
        }
    }

    /// <summary>
    /// What autoscaling/v2 requires of a metric beyond its shape: one target, the right kind of target for its type,
    /// an object for an <c>Object</c> metric, and a selector of valid labels.
    /// </summary>
    private void CheckMetrics(YamlMap module, string path)
    {
        var items = (module["autoscaling_metrics"] as YamlList)?.Items ?? [];
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not YamlMap m || Str(m["type"]) is not { } type)
            {
                continue;
            }

            var where = $"{path}.autoscaling_metrics[{i}]";
            var average = m.KeyOf("target_average_value");
            var value = m.KeyOf("target_value");
            if (average is null && value is null && !m.Entries.Any(e => e.Key.Value.StartsWith("target", StringComparison.Ordinal)))
            {
                // A mistyped target (`target:`) was reported by the shape check, with the name it was meant to be.
                diagnostics.Error(m.Position, $"{where}: the {type} metric has no target; add `target_average_value` (per pod)" + (type == "Pods" ? "" : " or `target_value` (the metric itself)"));
            }
            else if (average is not null && value is not null)
            {
                diagnostics.Error(value.Position, $"{where}: both `target_average_value` and `target_value` are given; a metric has one target: remove one");
            }
            else if (type == "Pods" && value is not null)
            {
                diagnostics.Error(value.Position, $"{where}.target_value: a Pods metric is averaged over the pods, so its target is `target_average_value`; rename the field");
            }

            var described = m.KeyOf("described_object");
            if (type == "Object" && described is null)
            {
                diagnostics.Error(m.Position, $"{where}: an Object metric is the metric of one object; add `described_object: {{kind: Ingress, name: …}}` (in the layer's namespace)");
            }
            else if (type != "Object" && described is not null)
            {
                diagnostics.Error(described.Position, $"{where}.described_object: only an Object metric describes an object, and this one is {type}; remove described_object, or set `type: Object`");
            }

            foreach (var (key, labelValue) in (m["selector"] as YamlMap)?.Entries ?? [])
            {
                if (KubernetesRules.QualifiedName(key.Value) is { } keyProblem)
                {
                    diagnostics.Error(key.Position, $"{where}.selector: label key '{key.Value}' {keyProblem}");
                }
                else if (labelValue is YamlScalar { IsNull: false } sv && KubernetesRules.LabelValue(sv.Value) is { } valueProblem)
                {
                    diagnostics.Error(sv.Position, $"{where}.selector.{key.Value}: '{sv.Value}' {valueProblem}");
                }
            }
        }
    }

    private void CheckPorts(YamlMap module, string path)
    {
        var port = module["port"] as YamlMap;
        var ports = module["ports"] as YamlList;
        if (port is not null && ports is not null)
        {
            diagnostics.Error(module.KeyOf("ports")!.Position, $"{path}: both `port` and `ports` are given; use `port` for one port or `ports` for several, not both");
            return;
        }

        if (port is null && ports is null)
        {
            // No port at all is a worker (a consumer, a queue reader): Opta's chart rendered no Service for it.
            return;
        }

        if (port is not null)
        {
            CheckLegacyPort(port, path);
            return;
        }

        var seen = new List<(string Name, int Port, int ServicePort)>();
        var httpCount = 0;
        for (var i = 0; i < ports!.Items.Count; i++)
        {
            if (ports.Items[i] is not YamlMap p || Str(p["name"]) is not { } name || Str(p["type"]) is not { } type || Int(p["port"]) is not { } number)
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

            var servicePort = K8sServiceReader.ServicePort(p, type, number);
            foreach (var prior in seen)
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

            seen.Add((name, number, servicePort));
        }
    }

    private void CheckLegacyPort(YamlMap port, string path)
    {
        if (port.Entries.Count == 0)
        {
            diagnostics.Error(port.Position, $"{path}.port: is empty; give one of http, grpc, websocket, e.g. `port: {{http: 8080}}`");
        }
        else if (port.Entries.Count > 1)
        {
            diagnostics.Error(port.Entries[1].Key.Position, $"{path}.port: has {port.Entries.Count} keys ({string.Join(", ", port.Entries.Select(e => e.Key.Value))}); `port` takes exactly one; use `ports` for several");
        }
    }

    private void CheckProbePort(YamlMap module, K8sServiceSpec spec, string path)
    {
        if (Str(module["probe_port"]) is { } name && spec.Ports.Count > 0 && spec.Ports.All(p => p.Name != name))
        {
            diagnostics.Error(module["probe_port"]!.Position, $"{path}.probe_port: '{name}' is not a port name; the ports are {string.Join(", ", spec.Ports.Select(p => p.Name))}");
        }
    }

    private void CheckEnvVars(YamlMap module, string path)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var isMap = module["env_vars"] is YamlMap;
        foreach (var (name, _, at, suffix) in K8sServiceReader.EnvVarEntries(module))
        {
            var where = $"{path}.env_vars{suffix}";

            // List items' names were checked against the field definition's pattern; map keys were not.
            if (isMap && KubernetesRules.EnvVarName(name) is not null)
            {
                diagnostics.Error(at.Position, $"{where}: '{name}' is not a valid environment variable name; use letters, digits, '_', '-' and '.', not starting with a digit");
            }

            if (!seen.Add(name))
            {
                diagnostics.Error(at.Position, $"{where}: '{name}' is set twice; remove one of them");
            }
        }
    }

    private void CheckRoutes(YamlMap module, string path)
    {
        var isList = module["public_uri"] is YamlList;
        var entries = K8sServiceReader.RouteEntries(module);
        var routes = new List<PublicRoute>();
        for (var i = 0; i < entries.Count; i++)
        {
            var s = entries[i];
            if (s.IsUnresolved)
            {
                continue;
            }

            var where = isList ? $"{path}.public_uri[{i}]" : $"{path}.public_uri";
            var route = K8sServiceReader.ParseRoute(s.Value.Trim(), i);
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
    }

    private void CheckLimits(YamlMap module, K8sServiceSpec spec, string path)
    {
        if (spec.MemoryLimit.Value < spec.MemoryRequest.Value)
        {
            var at = (module["resource_limits"] as YamlMap)?.KeyOf("memory")?.Position ?? module.Position;
            diagnostics.Error(at, $"{path}.resource_limits.memory ({spec.MemoryLimit.Text}) must be >= resource_request.memory ({spec.MemoryRequest.Text}); Kubernetes refuses a limit below the request");
        }
    }

    private void CheckReplicas(K8sServiceSpec spec, string path)
    {
        if (spec.MinContainers > spec.MaxContainers)
        {
            diagnostics.Error(spec.Node.KeyOf("max_containers") is not null ? spec.PositionOf("max_containers") : spec.PositionOf("min_containers"),
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

    /// <summary>
    /// Opta passed a health-check path without its leading <c>/</c> through, and the kubelet requested it with one;
    /// the reader writes it that way, and this says so once per field.
    /// </summary>
    private void CheckProbePaths(YamlMap module, string path)
    {
        foreach (var field in new[] { "healthcheck_path", "liveness_probe_path", "readiness_probe_path" })
        {
            if (module[field] is YamlScalar { IsNull: false, IsUnresolved: false } s && s.Value.Length > 0 && !s.Value.StartsWith('/'))
            {
                diagnostics.Warning(s.Position,
                    $"{path}.{field}: '{s.Value}' does not start with '/'; the check requests '/{s.Value}' (as the kubelet did for Opta); write '/{s.Value}' to silence this warning");
            }
        }
    }

    /// <summary>
    /// A module without ports runs pods and nothing else: no Service, no Ingress. What needs a port is an error at
    /// the field that asks for it.
    /// </summary>
    private void CheckWorker(YamlMap module, K8sServiceSpec spec, string path)
    {
        // An empty `ports: []` declares no port either.
        var hasPorts = module["port"] is not null || module["ports"] is not (null or YamlList { Items.Count: 0 });
        if (hasPorts)
        {
            return;
        }

        if (K8sServiceReader.RouteEntries(module).Count > 0)
        {
            diagnostics.Error(module.KeyOf("public_uri")!.Position,
                $"{path}.public_uri: the module has no port, so an Ingress would have nothing to route to; add `port: {{http: 8080}}` (the container's port), or remove public_uri for a worker");
        }

        foreach (var field in new[] { "healthcheck_path", "liveness_probe_path", "readiness_probe_path" })
        {
            if (module[field] is YamlScalar { IsNull: false } s && s.Value.Length > 0)
            {
                diagnostics.Error(module.KeyOf(field)!.Position,
                    $"{path}.{field}: an HTTP health check needs a port, and the module has none; check a worker with `{field.Replace("_path", "_command")}` (a command run in the container), or add `port: {{http: 8080}}`");
            }
        }

        if (module["probe_port"] is YamlScalar { IsNull: false } probe)
        {
            diagnostics.Error(module.KeyOf("probe_port")!.Position, $"{path}.probe_port: '{probe.Value}' names a port, but the module has no ports; remove probe_port, or add `ports`");
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
}
