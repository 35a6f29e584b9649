using k8s;
using k8s.Models;
using Opta.Diagnostics;
using Opta.Loading;
using Opta.Planning;
using Opta.Spec;
using Opta.Yaml;

namespace Opta.Validation;

/// <summary>
/// Checks every planned object against the rules the Kubernetes API server enforces, and blames the field of
/// opta.yaml the bad value came from, so that nothing invalid reaches a cluster. Each problem is reported once
/// even when the value appears on many objects (a label on every object, say).
/// </summary>
internal sealed class PlanValidator(LoadedProject project, DiagnosticBag diagnostics)
{
    private readonly HashSet<string> reported = new(StringComparer.Ordinal);
    private readonly HashSet<string> validLabelKeys = new(StringComparer.Ordinal);
    private readonly HashSet<string> validLabelValues = new(StringComparer.Ordinal);

    private string LayerName => project.Layer;

    /// <summary>Where a value came from in opta.yaml, and what the user should do about it.</summary>
    private sealed record Origin(SourcePosition At, string Field, string Fix);

    public void Check(V1Namespace ns, IReadOnlyList<(CompanionSpec Spec, CompanionPlan Plan)> companions, IReadOnlyList<(K8sServiceSpec Spec, ServicePlan Plan)> services)
    {
        Name(ns.Metadata.Name, "Namespace", KubernetesRules.Dns1123Label(ns.Metadata.Name), Layer);
        Labels(ns.Metadata.Labels, "Namespace", key => ModuleIndependent(key) ?? Internal());

        foreach (var (spec, plan) in companions)
        {
            CheckCompanion(spec, plan);
        }

        foreach (var (spec, plan) in services)
        {
            new ModuleCheck(this, spec, plan).Run();
        }
    }

    /// <summary>A database's objects: names, labels, the image and the storage class are the values the user chose.</summary>
    private void CheckCompanion(CompanionSpec spec, CompanionPlan plan)
    {
        var moduleName = new Origin(spec.PositionOf("name"), spec.PathOf("name"), "shorten the module's name, or the layer's");
        Origin LabelOrigin(string key) => ModuleIndependent(key) ?? (key is "opta.dev/module-name" or "app.kubernetes.io/instance" ? moduleName : Internal());
        foreach (var obj in plan.Objects)
        {
            var broken = obj switch
            {
                V1Service => KubernetesRules.Dns1035Label(obj.Metadata.Name),
                V1StatefulSet => KubernetesRules.Dns1123Subdomain(obj.Metadata.Name, KubernetesRules.StatefulSetNameMaxLength),
                _ => KubernetesRules.Dns1123Subdomain(obj.Metadata.Name),
            };
            Name(obj.Metadata.Name, obj.Kind, broken, () => moduleName);
            Labels(obj.Metadata.Labels, obj.Kind, LabelOrigin);
            if (obj is not V1StatefulSet set)
            {
                continue;
            }

            Labels(set.Spec.Template.Metadata.Labels, "pod template", LabelOrigin);
            var image = set.Spec.Template.Spec.Containers[0].Image;
            if (KubernetesRules.Image(image) is { } badImage)
            {
                Report(new Origin(spec.PositionOf("image"), spec.PathOf("image"), $"give an image reference such as {spec.Fields.Image.Default}"), $"the image '{Show(image)}'", badImage);
            }

            if (spec.StorageClass is { } storageClass && KubernetesRules.Dns1123Subdomain(storageClass) is { } badClass)
            {
                Report(new Origin(spec.PositionOf("storage_class"), spec.PathOf("storage_class"), "name a StorageClass of the cluster (`kubectl get storageclass`)"), $"the storage class '{Show(storageClass)}'", badClass);
            }
        }
    }

    private Origin Layer() => new(project.LayerAt, "name", "shorten or rename the layer (the service file's `name`)");

    private Origin Environment() => new(project.EnvironmentNameAt, project.EnvironmentNameField,
        "rename the environment to letters, digits, '-', '_' and '.' (at most 63, starting and ending with a letter or digit)");

    private static Origin Internal() => new(SourcePosition.CommandLine, "internal", "this is a bug in opta-infra; please report it");

    /// <summary>Labels opta-infra sets from the layer and environment on every object.</summary>
    private Origin? ModuleIndependent(string key) => key switch
    {
        "opta.dev/layer-name" => Layer(),
        "opta.dev/environment-name" => Environment(),
        "app.kubernetes.io/managed-by" or "app.kubernetes.io/name" => Internal(),
        _ => null,
    };

    private void Report(Origin origin, string description, string rule)
    {
        var message = $"{origin.Field}: {description} {rule}; {origin.Fix}";
        if (reported.Add($"{origin.At}|{message}"))
        {
            diagnostics.Error(origin.At, message);
        }
    }

    private void Name(string name, string kind, string? broken, Func<Origin> origin)
    {
        if (broken is not null)
        {
            Report(origin(), $"the {kind} name '{Show(name)}'", broken);
        }
    }

    private void Labels(IDictionary<string, string>? labels, string where, Func<string, Origin> origin)
    {
        if (labels is null)
        {
            return;
        }

        foreach (var (key, value) in labels)
        {
            // The same labels are on every object of a module: each valid text is checked once.
            if (!validLabelKeys.Contains(key))
            {
                if (KubernetesRules.QualifiedName(key) is { } badKey)
                {
                    Report(origin(key), $"the label key '{Show(key)}'", badKey);
                }
                else
                {
                    validLabelKeys.Add(key);
                }
            }

            if (!validLabelValues.Contains(value))
            {
                if (KubernetesRules.LabelValue(value) is { } badValue)
                {
                    Report(origin(key), $"'{Show(value)}', the value of label {key},", badValue);
                }
                else
                {
                    validLabelValues.Add(value);
                }
            }
        }
    }

    private void Annotations(IDictionary<string, string>? annotations, string where, Func<string, Origin> origin, Func<Origin> total)
    {
        if (annotations is null)
        {
            return;
        }

        foreach (var key in annotations.Keys)
        {
            if (KubernetesRules.QualifiedName(key) is { } bad)
            {
                Report(origin(key), $"the annotation key '{Show(key)}'", bad);
            }
        }

        var bytes = annotations.Sum(a => System.Text.Encoding.UTF8.GetByteCount(a.Key) + System.Text.Encoding.UTF8.GetByteCount(a.Value));
        if (bytes > KubernetesRules.AnnotationsMaxBytes)
        {
            Report(total(), $"the annotations of the {where}", $"total {bytes:N0} bytes, over the limit of {KubernetesRules.AnnotationsMaxBytes:N0}");
        }
    }

    private static string Show(string value) => value.Length > 80 ? value[..77] + "..." : value;

    /// <summary>The checks of one module's objects, with the module's fields at hand for blame.</summary>
    private sealed class ModuleCheck(PlanValidator validator, K8sServiceSpec spec, ServicePlan plan)
    {
        public void Run()
        {
            foreach (var obj in plan.Objects)
            {
                Object(obj);
            }
        }

        private Origin ModuleName(string what) => new(spec.PositionOf("name"), spec.PathOf("name"),
            $"{what} derives from the layer '{validator.LayerName}' and the module '{spec.Name}': shorten one of them");

        /// <summary>The node at <paramref name="path"/> under the module (a key's position for map entries), as an origin.</summary>
        private Origin Field(string fix, params object[] path)
        {
            YamlValue? node = spec.Node;
            var at = spec.Node.Position;
            var text = $"modules[{spec.Index}]";
            foreach (var segment in path)
            {
                switch (segment, node)
                {
                    case (string key, YamlMap map):
                        at = map.KeyOf(key)?.Position ?? at;
                        node = map[key];
                        text += $".{key}";
                        break;
                    case (int index, YamlList list) when index < list.Items.Count:
                        node = list.Items[index];
                        at = node.Position;
                        text += $"[{index}]";
                        break;
                    default:
                        node = null;
                        text += segment is int i ? $"[{i}]" : $".{segment}";
                        break;
                }
            }

            return new Origin(at, text, fix);
        }

        private Origin Label(string key) =>
            (spec.PodLabels.Any(l => l.Key == key) ? Field("change or remove that label", "pod_labels", key) : null)
            ?? validator.ModuleIndependent(key)
            ?? (key is "opta.dev/module-name" or "app.kubernetes.io/instance" ? ModuleName($"the label {key}") : Internal());

        private Origin Annotation(string key, bool ingress)
        {
            if (spec.PodAnnotations.Any(a => a.Key == key) && !ingress)
            {
                return Field("fix or remove that annotation", "pod_annotations", key);
            }

            if (ingress && spec.IngressExtraAnnotations.Any(a => a.Key == key))
            {
                return Field("fix or remove that annotation", "ingress_extra_annotations", key);
            }

            return Internal();
        }

        private void Object(IKubernetesObject<V1ObjectMeta> obj)
        {
            var name = obj.Metadata.Name;
            var broken = obj switch
            {
                V1Service => KubernetesRules.Dns1035Label(name),
                V1CronJob => KubernetesRules.Dns1123Subdomain(name, KubernetesRules.CronJobNameMaxLength),
                V1StatefulSet => KubernetesRules.Dns1123Subdomain(name, KubernetesRules.StatefulSetNameMaxLength),
                _ => KubernetesRules.Dns1123Subdomain(name),
            };
            if (obj is V1StatefulSet && broken is not null && KubernetesRules.Dns1123Subdomain(name) is null)
            {
                broken += " (each pod gets the label controller-revision-hash: NAME-HASH, at most 63)";
            }

            if (obj is V1CronJob && broken is not null && KubernetesRules.Dns1123Subdomain(name) is null)
            {
                broken += " (Kubernetes appends 11 characters to name each Job)";
            }

            validator.Name(name, obj.Kind, broken, () => ModuleName($"the {obj.Kind} name"));
            validator.Labels(obj.Metadata.Labels, obj.Kind, Label);
            validator.Annotations(obj.Metadata.Annotations, obj.Kind, k => Annotation(k, obj is V1Ingress), () => Field("remove annotations", obj is V1Ingress ? "ingress_extra_annotations" : "pod_annotations"));

            switch (obj)
            {
                case V1Service service:
                    Service(service);
                    break;
                case V1Deployment deployment:
                    PodTemplate(deployment.Spec.Template, "Deployment");
                    break;
                case V1StatefulSet statefulSet:
                    PodTemplate(statefulSet.Spec.Template, "StatefulSet");
                    Volumes(statefulSet);
                    break;
                case V1CronJob cronJob:
                    CronJob(cronJob);
                    break;
                case V2HorizontalPodAutoscaler hpa:
                    Autoscaler(hpa);
                    break;
                case V1Ingress ingress:
                    Ingress(ingress);
                    break;
                case V1Secret secret:
                    foreach (var key in secret.StringData?.Keys ?? [])
                    {
                        if (key.Length > KubernetesRules.DnsSubdomainMaxLength || !key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
                        {
                            validator.Report(EnvVar(key), $"the Secret key '{Show(key)}'", "must be at most 253 letters, digits, '-', '_' and '.'");
                        }
                    }

                    // The API server counts the bytes of every value (stringData is merged into data first).
                    var size = (secret.StringData?.Values.Sum(v => (long)System.Text.Encoding.UTF8.GetByteCount(v)) ?? 0)
                        + (secret.Data?.Values.Sum(v => (long)v.Length) ?? 0);
                    if (size > KubernetesRules.MaxSecretBytes)
                    {
                        validator.Report(Field("keep large values out of env_vars secrets (mount a file, or split the module)", "env_vars"),
                            $"the Secret '{Show(secret.Metadata.Name)}' holds {size:N0} bytes of values from {{secret.NAME}} references, which",
                            $"must be at most {KubernetesRules.MaxSecretBytes:N0} bytes (1 MiB, the Kubernetes API server's limit)");
                    }

                    break;
            }
        }

        private Origin Port(string name)
        {
            if (spec.Node["ports"] is YamlList list)
            {
                var index = list.Items.ToList().FindIndex(p => p is YamlMap m && FieldValues.Str(m["name"]) == name);
                return Field("rename the port (at most 15 lowercase letters, digits and single '-', with a letter)", "ports", index < 0 ? 0 : index, "name");
            }

            return Field("change the port", "port");
        }

        private void Service(V1Service service)
        {
            foreach (var port in service.Spec.Ports ?? [])
            {
                if (KubernetesRules.PortName(port.Name) is { } badName)
                {
                    validator.Report(Port(port.Name), $"the port name '{Show(port.Name)}'", badName);
                }

                if (KubernetesRules.PortNumber(port.Port) is { } badNumber)
                {
                    validator.Report(Port(port.Name), $"the Service port {port.Port}", badNumber);
                }
            }

            var workload = plan.Objects.Select(PodSpecOf).FirstOrDefault(p => p is not null && p.RestartPolicy is null);
            if (workload is not null)
            {
                var containerPorts = new HashSet<string>(StringComparer.Ordinal);
                foreach (var containerPort in workload.Containers.SelectMany(c => c.Ports ?? []))
                {
                    containerPorts.Add(containerPort.Name);
                }

                foreach (var port in service.Spec.Ports ?? [])
                {
                    if (port.TargetPort?.Value is { } target && !containerPorts.Contains(target))
                    {
                        validator.Report(Internal(), $"the Service port {port.Name} targets '{target}'", "which no container port is named");
                    }
                }
            }
        }

        private static V1PodSpec? PodSpecOf(IKubernetesObject<V1ObjectMeta> obj) => obj switch
        {
            V1Deployment d => d.Spec.Template.Spec,
            V1StatefulSet s => s.Spec.Template.Spec,
            _ => null,
        };

        private void PodTemplate(V1PodTemplateSpec template, string owner)
        {
            var where = $"pods of the {owner}";
            validator.Labels(template.Metadata.Labels, where, Label);
            validator.Annotations(template.Metadata.Annotations, where, k => Annotation(k, ingress: false), () => Field("remove annotations", "pod_annotations"));
            var pod = template.Spec;
            foreach (var container in pod.Containers)
            {
                Container(container, where);
            }

            for (var i = 0; i < (pod.Tolerations?.Count ?? 0); i++)
            {
                var toleration = pod.Tolerations![i];
                if (!string.IsNullOrEmpty(toleration.Key) && KubernetesRules.QualifiedName(toleration.Key) is { } badKey)
                {
                    validator.Report(Field("fix the toleration", "tolerations", i), $"the toleration key '{Show(toleration.Key)}'", badKey);
                }

                if (toleration.Value is { } value && KubernetesRules.LabelValue(value) is { } badValue)
                {
                    validator.Report(Field("fix the toleration", "tolerations", i), $"the toleration value '{Show(value)}'", badValue);
                }
            }
        }

        private void Container(V1Container container, string where)
        {
            if (KubernetesRules.Image(container.Image) is { } badImage)
            {
                validator.Report(Field("give an image reference such as nginx:1.27", "image"), $"the image '{Show(container.Image ?? "")}'", badImage);
            }

            var portNames = new HashSet<string>(StringComparer.Ordinal);
            foreach (var port in container.Ports ?? [])
            {
                portNames.Add(port.Name);
                if (KubernetesRules.PortName(port.Name) is { } badName)
                {
                    validator.Report(Port(port.Name), $"the port name '{Show(port.Name)}'", badName);
                }

                if (KubernetesRules.PortNumber(port.ContainerPort) is { } badNumber)
                {
                    validator.Report(Port(port.Name), $"the container port {port.ContainerPort}", badNumber);
                }
            }

            var envNames = new HashSet<string>(StringComparer.Ordinal);
            foreach (var env in container.Env ?? [])
            {
                if (KubernetesRules.EnvVarName(env.Name) is { } bad)
                {
                    validator.Report(EnvVar(env.Name), $"the environment variable name '{Show(env.Name)}'", bad);
                }

                if (!envNames.Add(env.Name))
                {
                    validator.Report(EnvVar(env.Name), $"the environment variable '{Show(env.Name)}'", "is set twice");
                }
            }

            Resources(container.Resources, where);
            Probe(container.LivenessProbe, portNames, "liveness");
            Probe(container.ReadinessProbe, portNames, "readiness");
            var seenMounts = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (mount, i) in (container.VolumeMounts ?? []).Select((m, i) => (m, i)))
            {
                Origin Origin() => Field("give each volume its own absolute path", "persistent_storage", i, "path");
                if (!mount.MountPath.StartsWith('/') || mount.MountPath.Contains(':', StringComparison.Ordinal))
                {
                    validator.Report(Origin(), $"the mount path '{Show(mount.MountPath)}'", "must be an absolute path without ':'");
                }

                if (!seenMounts.Add(mount.MountPath.TrimEnd('/')))
                {
                    validator.Report(Origin(), $"the mount path '{Show(mount.MountPath)}'", "is used by another volume; mount paths must be unique");
                }
            }
        }

        private Origin EnvVar(string name)
        {
            const string fix = "rename the variable";
            if (spec.Node["env_vars"] is YamlList list)
            {
                var index = list.Items.ToList().FindIndex(e => e is YamlMap m && FieldValues.Str(m["name"]) == name);
                return index < 0 ? Field(fix, "env_vars") : Field(fix, "env_vars", index, "name");
            }

            return Field(fix, "env_vars", name);
        }

        private void Resources(V1ResourceRequirements? resources, string where)
        {
            if (resources is null)
            {
                return;
            }

            if (resources.Limits?.ContainsKey("cpu") == true)
            {
                validator.Report(Field("remove it", "resource_limits", "cpu"), $"a CPU limit on the {where}", "is never set by opta-infra");
            }

            foreach (var (kind, amounts) in new[] { ("resource_request", resources.Requests), ("resource_limits", resources.Limits) })
            {
                foreach (var (resource, quantity) in amounts ?? new Dictionary<string, ResourceQuantity>())
                {
                    if (KubernetesRules.Quantity(Quantities.Text(quantity)) is { } bad)
                    {
                        validator.Report(Field("write a quantity such as 500m or 1Gi", kind, resource), $"'{quantity}'", bad);
                    }
                }
            }

            if (resources.Requests?.TryGetValue("memory", out var request) == true && resources.Limits?.TryGetValue("memory", out var limit) == true
                && Amount(limit) is { } l && Amount(request) is { } r && l < r)
            {
                validator.Report(Field("raise the limit or lower the request", "resource_limits", "memory"), $"the memory limit {limit}", $"is below the request {request}");
            }
        }

        private static decimal? Amount(ResourceQuantity q) => Quantity.Amount(Quantities.Text(q));

        private void Probe(V1Probe? probe, HashSet<string> portNames, string kind)
        {
            if (probe is null)
            {
                return;
            }

            var port = probe.HttpGet?.Port.Value ?? probe.TcpSocket?.Port.Value;
            if (port is not null && !portNames.Contains(port))
            {
                validator.Report(Field("name one of the ports", "probe_port"), $"the {kind} check's port '{port}'", "is not a port of the container");
            }

            if (probe.HttpGet is { } get && !get.Path.StartsWith('/'))
            {
                validator.Report(Field("start the path with '/'", $"{kind}_probe_path"), $"the {kind} check's path '{Show(get.Path)}'", "must start with '/'");
            }

            if (probe.Exec is { } exec && (exec.Command is null || exec.Command.Count == 0))
            {
                validator.Report(Field("give a command", $"{kind}_probe_command"), $"the {kind} check's command", "is empty");
            }
        }

        private void Volumes(V1StatefulSet statefulSet)
        {
            var claims = statefulSet.Spec.VolumeClaimTemplates?.Select(c => c.Metadata.Name).ToHashSet(StringComparer.Ordinal) ?? [];
            foreach (var mount in statefulSet.Spec.Template.Spec.Containers.SelectMany(c => c.VolumeMounts ?? []))
            {
                if (!claims.Contains(mount.Name))
                {
                    validator.Report(Internal(), $"the volume mount '{mount.Name}'", "names no volume claim template");
                }
            }
        }

        private void CronJob(V1CronJob cronJob)
        {
            var index = plan.Objects.OfType<V1CronJob>().ToList().IndexOf(cronJob);
            var cron = spec.CronJobs[index];
            if (KubernetesRules.CronSchedule(cronJob.Spec.Schedule) is { } bad)
            {
                validator.Report(Field("write five fields (minute hour day-of-month month day-of-week), e.g. \"0 3 * * *\"", "cron_jobs", cron.Index, "schedule"),
                    $"the schedule '{Show(cronJob.Spec.Schedule)}'", bad);
            }

            var template = cronJob.Spec.JobTemplate.Spec.Template;
            validator.Labels(template.Metadata.Labels, "pods of the CronJob", Label);
            validator.Annotations(template.Metadata.Annotations, "pods of the CronJob", k => Annotation(k, ingress: false), () => Field("remove annotations", "pod_annotations"));
            foreach (var container in template.Spec.Containers)
            {
                Container(container, "pods of the CronJob");
            }
        }

        private void Autoscaler(V2HorizontalPodAutoscaler hpa)
        {
            var target = hpa.Spec.ScaleTargetRef;
            if (!plan.Objects.Any(o => o.Kind == target.Kind && o.Metadata.Name == target.Name))
            {
                validator.Report(Internal(), $"the HorizontalPodAutoscaler's target {target.Kind} {target.Name}", "is not planned");
            }

            if (hpa.Spec.MinReplicas is < 1 || hpa.Spec.MaxReplicas < (hpa.Spec.MinReplicas ?? 1))
            {
                validator.Report(Field("raise max_containers", "max_containers"), $"replicas from {hpa.Spec.MinReplicas} to {hpa.Spec.MaxReplicas}", "must have 1 <= min <= max");
            }
        }

        private void Ingress(V1Ingress ingress)
        {
            var services = plan.Objects.OfType<V1Service>().ToList();
            foreach (var rule in ingress.Spec.Rules ?? [])
            {
                if (rule.Host is { } host && KubernetesRules.IngressHost(host) is { } badHost)
                {
                    var route = spec.Routes.FirstOrDefault(r => r.Domain == host);
                    var origin = spec.Node["public_uri"] is YamlList && route is not null
                        ? Field("use a DNS name (dot-separated parts of at most 63 lowercase letters, digits and '-')", "public_uri", route.Index)
                        : Field("use a DNS name (dot-separated parts of at most 63 lowercase letters, digits and '-')", "public_uri");
                    validator.Report(origin, $"the host '{Show(host)}'", badHost);
                }

                foreach (var path in rule.Http?.Paths ?? [])
                {
                    if (!path.Path.StartsWith('/'))
                    {
                        validator.Report(Field("start the path with '/'", "public_uri"), $"the Ingress path '{Show(path.Path)}'", "must start with '/'");
                    }

                    var backend = path.Backend.Service;
                    var service = services.FirstOrDefault(s => s.Metadata.Name == backend.Name);
                    if (service is null || !(service.Spec.Ports ?? []).Any(p => p.Name == backend.Port.Name))
                    {
                        validator.Report(Internal(), $"the Ingress backend {backend.Name}:{backend.Port.Name}", "names no port of a planned Service");
                    }
                }
            }
        }
    }
}
