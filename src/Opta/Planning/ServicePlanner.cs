using k8s;
using k8s.Models;
using Opta.Spec;

namespace Opta.Planning;

/// <summary>Builds the Kubernetes objects of one k8s-service module. Every value rendered is decided here.</summary>
internal sealed class ServicePlanner(K8sServiceSpec spec, ServiceNames names, ImagePlan image, PlanOptions options, IReadOnlyList<LinkVariable> links, IReadOnlyList<string> linkedCompanions)
{
    private const string ContainerName = "k8s-service";
    private const string ManualSecrets = "manual-secrets";

    private bool Stateful => spec.PersistentStorage.Count > 0;

    private bool RunsPods => image.Reference is not null;

    private bool HasWorkload => RunsPods && spec.MaxContainers > 0;

    public ServicePlan Plan()
    {
        var objects = new List<IKubernetesObject<V1ObjectMeta>> { ServiceAccount() };
        var service = Service();
        if (service is not null)
        {
            objects.Add(service);
        }

        if (HasWorkload)
        {
            objects.Add(Stateful ? StatefulSet() : Deployment());
        }

        if (HasWorkload)
        {
            objects.Add(Autoscaler());
        }

        if (HasWorkload && spec.MinContainers >= 2)
        {
            objects.Add(DisruptionBudget());
        }

        if (spec.EnvVars.Any(e => e.IsSecret))
        {
            objects.Add(Secret());
        }

        var httpPort = spec.Ports.FirstOrDefault(p => p.IsHttp);
        if (httpPort is not null)
        {
            objects.AddRange(spec.Routes.Select(r => Ingress(r, httpPort)));
        }

        if (RunsPods)
        {
            objects.AddRange(spec.CronJobs.Select(CronJob));
        }

        return new ServicePlan
        {
            ModuleName = spec.Name,
            ModuleIndex = spec.Index,
            ImagePosition = spec.Node["image"]?.Position ?? spec.Node.Position,
            Objects = objects,
            Image = image,
            ServiceDnsName = service is null ? null : $"{names.Service(Stateful)}.{names.Namespace}.svc.cluster.local",
            PublicUrls = httpPort is null ? [] : spec.Routes.Select(r => $"http://{(r.AnyHost ? "*" : r.Domain)}{r.PathPrefix}").ToList(),
            LinkedCompanions = linkedCompanions,
        };
    }

    private V1ObjectMeta Meta(string name, IDictionary<string, string>? annotations = null) => new()
    {
        Name = name,
        NamespaceProperty = names.Namespace,
        Labels = names.CommonLabels(),
        Annotations = annotations is { Count: > 0 } ? annotations : null,
    };

    private V1ServiceAccount ServiceAccount() => new()
    {
        ApiVersion = "v1",
        Kind = "ServiceAccount",
        Metadata = Meta(names.ServiceAccount),
        AutomountServiceAccountToken = spec.AutomountServiceAccountToken ? null : false,
    };

    private V1Service? Service()
    {
        if (spec.Ports.Count == 0)
        {
            return null;
        }

        return new V1Service
        {
            ApiVersion = "v1",
            Kind = "Service",
            Metadata = Meta(names.Service(Stateful)),
            Spec = new V1ServiceSpec
            {
                Type = "ClusterIP",
                ClusterIP = Stateful ? "None" : null,
                Selector = names.SelectorLabels(),
                Ports = spec.Ports.Select(p => new V1ServicePort
                {
                    Name = p.Name,
                    Port = p.ServicePort,
                    TargetPort = p.Name,
                    Protocol = "TCP",
                }).ToList(),
            },
        };
    }

    private V1Deployment Deployment() => new()
    {
        ApiVersion = "apps/v1",
        Kind = "Deployment",
        Metadata = Meta(names.FullName),
        Spec = new V1DeploymentSpec
        {
            Selector = new V1LabelSelector { MatchLabels = names.SelectorLabels() },
            Strategy = new V1DeploymentStrategy
            {
                Type = "RollingUpdate",
                RollingUpdate = new V1RollingUpdateDeployment { MaxUnavailable = 0, MaxSurge = "25%" },
            },
            Template = PodTemplate(),
        },
    };

    private V1StatefulSet StatefulSet() => new()
    {
        ApiVersion = "apps/v1",
        Kind = "StatefulSet",
        Metadata = Meta(names.FullName),
        Spec = new V1StatefulSetSpec
        {
            Selector = new V1LabelSelector { MatchLabels = names.SelectorLabels() },
            ServiceName = names.Service(headless: true),
            PodManagementPolicy = "Parallel",
            UpdateStrategy = new V1StatefulSetUpdateStrategy { Type = "RollingUpdate" },
            Template = PodTemplate(),
            VolumeClaimTemplates = spec.PersistentStorage.Select((v, i) => new V1PersistentVolumeClaim
            {
                Metadata = new V1ObjectMeta { Name = VolumeName(i) },
                Spec = new V1PersistentVolumeClaimSpec
                {
                    AccessModes = ["ReadWriteOnce"],
                    Resources = new V1VolumeResourceRequirements
                    {
                        Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = Quantities.Of($"{v.SizeGi}Gi") },
                    },
                },
            }).ToList(),
        },
    };

    private static string VolumeName(int index) => $"opta-persistent-{index}";

    private V1PodTemplateSpec PodTemplate()
    {
        var labels = names.SelectorLabels();
        foreach (var (k, v) in names.OptaLabels())
        {
            labels[k] = v;
        }

        foreach (var (k, v) in spec.PodLabels)
        {
            labels[k] = v;
        }

        var container = Container(ContainerName, spec.Commands, spec.Args);
        container.Ports = spec.Ports.Count > 0
            ? spec.Ports.Select(p => new V1ContainerPort { Name = p.Name, ContainerPort = p.Port, Protocol = "TCP" }).ToList()
            : null;
        container.LivenessProbe = Probe(spec.LivenessPath, spec.LivenessCommand, spec.InitialLivenessDelay, period: null);
        container.ReadinessProbe = Probe(spec.ReadinessPath, spec.ReadinessCommand, spec.InitialReadinessDelay, period: 10);
        container.VolumeMounts = Stateful
            ? spec.PersistentStorage.Select((v, i) => new V1VolumeMount { Name = VolumeName(i), MountPath = v.Path }).ToList()
            : null;
        container.Lifecycle = PreStopPause();

        var podSpec = PodSpec(container, restartPolicy: null);
        podSpec.TerminationGracePeriodSeconds = spec.TerminationGracePeriodSeconds;
        return new V1PodTemplateSpec
        {
            Metadata = new V1ObjectMeta
            {
                Labels = labels,
                Annotations = spec.PodAnnotations.Count > 0 ? spec.PodAnnotations.ToDictionary() : null,
            },
            Spec = podSpec,
        };
    }

    /// <summary>
    /// A terminating pod leaves the endpoints asynchronously: ingress-nginx and kube-proxy learn of it a moment
    /// after the kubelet has sent SIGTERM, and until then they still send it requests, which fail once the
    /// container has exited. The pause keeps it serving through that moment (the readiness probe still gates new
    /// pods). Kubernetes' own sleep action needs nothing in the image.
    /// </summary>
    private V1Lifecycle? PreStopPause() => spec.PreStopSleepSeconds > 0
        ? new V1Lifecycle { PreStop = new V1LifecycleHandler { Sleep = new V1SleepAction { Seconds = spec.PreStopSleepSeconds } } }
        : null;

    private V1PodSpec PodSpec(V1Container container, string? restartPolicy) => new()
    {
        ServiceAccountName = names.ServiceAccount,
        AutomountServiceAccountToken = spec.AutomountServiceAccountToken ? null : false,
        SecurityContext = new V1PodSecurityContext { SeccompProfile = new V1SeccompProfile { Type = spec.SeccompProfile } },
        RestartPolicy = restartPolicy,
        Containers = [container],
        Tolerations = spec.Tolerations.Count > 0
            ? spec.Tolerations.Select(t => new V1Toleration { Key = t.Key, Value = t.Value, Effect = t.Effect }).ToList()
            : null,
    };

    private V1Container Container(string name, IReadOnlyList<string> command, IReadOnlyList<string> args) => new()
    {
        Name = name,
        Image = image.Reference,
        ImagePullPolicy = "Always",
        Command = command.Count > 0 ? command.ToList() : null,
        Args = args.Count > 0 ? args.ToList() : null,
        Env = spec.EnvVars.Count + links.Count > 0 ? [.. spec.EnvVars.Select(EnvVar), .. links.Select(LinkEnvVar)] : null,
        EnvFrom = [new V1EnvFromSource { SecretRef = new V1SecretEnvSource { Name = ManualSecrets, Optional = true } }],
        Resources = new V1ResourceRequirements
        {
            Requests = new Dictionary<string, ResourceQuantity>
            {
                ["cpu"] = Quantities.Of(spec.CpuRequest.Text),
                ["memory"] = Quantities.Of(spec.MemoryRequest.Text),
            },
            Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = Quantities.Of(spec.MemoryLimit.Text) },
        },
        SecurityContext = new V1SecurityContext { AllowPrivilegeEscalation = spec.AllowPrivilegeEscalation },
    };

    private V1EnvVar EnvVar(EnvVarSpec e) => e.IsSecret
        ? new V1EnvVar { Name = e.Name, ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = names.Secret, Key = e.Name } } }
        : new V1EnvVar { Name = e.Name, Value = e.Value };

    /// <summary>A link's value, read from its Secret key: the same in Deployments, StatefulSets and CronJobs.</summary>
    private static V1EnvVar LinkEnvVar(LinkVariable link) => new()
    {
        Name = link.Name,
        ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = link.SecretName, Key = link.Key } },
    };

    /// <summary>Env var values that hold a secret, keyed by the variable's name; pods read them with secretKeyRef.</summary>
    private V1Secret Secret() => new()
    {
        ApiVersion = "v1",
        Kind = "Secret",
        Metadata = Meta(names.Secret),
        Type = "Opaque",
        StringData = spec.EnvVars.Where(e => e.IsSecret).ToDictionary(e => e.Name, e => e.Value),
    };

    private V1Probe? Probe(string? path, IReadOnlyList<string> command, int delay, int? period)
    {
        if (command.Count > 0)
        {
            return new V1Probe { InitialDelaySeconds = delay, Exec = new V1ExecAction { Command = command.ToList() } };
        }

        if (path is null || spec.ProbePort is not { } port)
        {
            return null;
        }

        return port.UsesTcpProbe
            ? new V1Probe { InitialDelaySeconds = delay, PeriodSeconds = period, TcpSocket = new V1TCPSocketAction { Port = port.Name } }
            : new V1Probe { InitialDelaySeconds = delay, PeriodSeconds = period, HttpGet = new V1HTTPGetAction { Port = port.Name, Path = path } };
    }

    private V2HorizontalPodAutoscaler Autoscaler()
    {
        var metrics = new List<V2MetricSpec>();
        if (spec.CpuTargetPercentage > 0)
        {
            metrics.Add(Utilization("cpu", spec.CpuTargetPercentage));
        }

        if (spec.MemoryTargetPercentage > 0)
        {
            metrics.Add(Utilization("memory", spec.MemoryTargetPercentage));
        }

        metrics.AddRange(spec.AutoscalingMetrics.Select(Metric));

        return new V2HorizontalPodAutoscaler
        {
            ApiVersion = "autoscaling/v2",
            Kind = "HorizontalPodAutoscaler",
            Metadata = Meta(names.FullName),
            Spec = new V2HorizontalPodAutoscalerSpec
            {
                ScaleTargetRef = new V2CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = Stateful ? "StatefulSet" : "Deployment", Name = names.FullName },
                MinReplicas = spec.MinContainers,
                MaxReplicas = spec.MaxContainers,
                Metrics = metrics.Count > 0 ? metrics : null,
                Behavior = spec.AutoscalingBehavior is { } behavior
                    ? new V2HorizontalPodAutoscalerBehavior { ScaleUp = ScalingRules(behavior.ScaleUp), ScaleDown = ScalingRules(behavior.ScaleDown) }
                    : null,
            },
        };

        static V2MetricSpec Utilization(string resource, int percent) => new()
        {
            Type = "Resource",
            Resource = new V2ResourceMetricSource { Name = resource, Target = new V2MetricTarget { Type = "Utilization", AverageUtilization = percent } },
        };
    }

    /// <summary>A Pods, Object or External metric: its identifier (name and selector) and its one target.</summary>
    private static V2MetricSpec Metric(MetricSpec m)
    {
        var identifier = new V2MetricIdentifier
        {
            Name = m.Name,
            Selector = m.Selector.Count > 0 ? new V1LabelSelector { MatchLabels = m.Selector.ToDictionary() } : null,
        };
        var target = m.TargetAverageValue is { } average
            ? new V2MetricTarget { Type = "AverageValue", AverageValue = Quantities.Of(average.Text) }
            : new V2MetricTarget { Type = "Value", Value = Quantities.Of(m.TargetValue!.Text) };
        return m.Type switch
        {
            "Pods" => new V2MetricSpec { Type = "Pods", Pods = new V2PodsMetricSource { Metric = identifier, Target = target } },
            "Object" => new V2MetricSpec
            {
                Type = "Object",
                ObjectProperty = new V2ObjectMetricSource
                {
                    DescribedObject = new V2CrossVersionObjectReference { ApiVersion = m.DescribedObject!.ApiVersion, Kind = m.DescribedObject.Kind, Name = m.DescribedObject.Name },
                    Metric = identifier,
                    Target = target,
                },
            },
            _ => new V2MetricSpec { Type = "External", External = new V2ExternalMetricSource { Metric = identifier, Target = target } },
        };
    }

    private static V2HPAScalingRules? ScalingRules(ScalingRulesSpec? rules) => rules is null ? null : new V2HPAScalingRules
    {
        StabilizationWindowSeconds = rules.StabilizationWindowSeconds,
        SelectPolicy = rules.SelectPolicy,
        Policies = rules.Policies.Count > 0
            ? rules.Policies.Select(p => new V2HPAScalingPolicy { Type = p.Type, Value = p.Value, PeriodSeconds = p.PeriodSeconds }).ToList()
            : null,
    };

    private V1PodDisruptionBudget DisruptionBudget() => new()
    {
        ApiVersion = "policy/v1",
        Kind = "PodDisruptionBudget",
        Metadata = Meta(names.FullName),
        Spec = new V1PodDisruptionBudgetSpec
        {
            MaxUnavailable = 1,
            Selector = new V1LabelSelector { MatchLabels = names.SelectorLabels() },
        },
    };

    private V1Ingress Ingress(PublicRoute route, PortSpec httpPort)
    {
        var annotations = new Dictionary<string, string>();
        if (spec.StickySession)
        {
            var age = spec.StickySessionMaxAge.ToString(System.Globalization.CultureInfo.InvariantCulture);
            annotations["nginx.ingress.kubernetes.io/affinity"] = "cookie";
            annotations["nginx.ingress.kubernetes.io/session-cookie-name"] = "opta-cookie";
            annotations["nginx.ingress.kubernetes.io/session-cookie-expires"] = age;
            annotations["nginx.ingress.kubernetes.io/session-cookie-max-age"] = age;
        }

        if (spec.ConsistentHash is { } hash)
        {
            annotations["nginx.ingress.kubernetes.io/upstream-hash-by"] = hash;
        }

        if (!route.IsRoot)
        {
            annotations["nginx.ingress.kubernetes.io/rewrite-target"] = spec.KeepPathPrefix ? $"{route.PathPrefix}$1$2" : "/$2";
            annotations["nginx.ingress.kubernetes.io/use-regex"] = "true";
        }

        if (httpPort.IsGrpc)
        {
            annotations["nginx.ingress.kubernetes.io/backend-protocol"] = "GRPC";
        }

        if (httpPort.IsWebsocket)
        {
            annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"] = "3600";
            annotations["nginx.ingress.kubernetes.io/proxy-send-timeout"] = "3600";
        }

        foreach (var (k, v) in spec.IngressExtraAnnotations)
        {
            annotations[k] = v;
        }

        annotations[PulumiAnnotations.SkipAwait] = "true";

        return new V1Ingress
        {
            ApiVersion = "networking.k8s.io/v1",
            Kind = "Ingress",
            Metadata = Meta(names.Ingress(route), annotations),
            Spec = new V1IngressSpec
            {
                IngressClassName = options.IngressClass,
                Rules =
                [
                    new V1IngressRule
                    {
                        Host = route.AnyHost ? null : route.Domain,
                        Http = new V1HTTPIngressRuleValue
                        {
                            Paths =
                            [
                                new V1HTTPIngressPath
                                {
                                    Path = route.IsRoot ? "/" : $"{route.PathPrefix}(/|$)(.*)",
                                    PathType = route.IsRoot ? "Prefix" : "ImplementationSpecific",
                                    Backend = new V1IngressBackend
                                    {
                                        Service = new V1IngressServiceBackend
                                        {
                                            Name = names.Service(Stateful),
                                            Port = new V1ServiceBackendPort { Name = httpPort.Name },
                                        },
                                    },
                                },
                            ],
                        },
                    },
                ],
            },
        };
    }

    private V1CronJob CronJob(CronJobSpec cron)
    {
        var labels = names.OptaLabels();
        labels["app.kubernetes.io/managed-by"] = ServiceNames.ManagedBy;
        labels["cronjob"] = "true";
        foreach (var (k, v) in spec.PodLabels)
        {
            labels[k] = v;
        }

        var container = Container("cron", cron.Commands, cron.Args);
        return new V1CronJob
        {
            ApiVersion = "batch/v1",
            Kind = "CronJob",
            Metadata = Meta(names.CronJob(cron.Index)),
            Spec = new V1CronJobSpec
            {
                Schedule = cron.Schedule,
                JobTemplate = new V1JobTemplateSpec
                {
                    Spec = new V1JobSpec
                    {
                        Template = new V1PodTemplateSpec
                        {
                            Metadata = new V1ObjectMeta
                            {
                                Labels = labels,
                                Annotations = spec.PodAnnotations.Count > 0 ? spec.PodAnnotations.ToDictionary() : null,
                            },
                            Spec = PodSpec(container, restartPolicy: "Never"),
                        },
                    },
                },
            },
        };
    }
}
