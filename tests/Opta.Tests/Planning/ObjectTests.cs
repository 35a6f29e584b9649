using k8s.Models;
using Opta.Planning;
using Opta.Tests.Support;

namespace Opta.Tests.Planning;

/// <summary>The objects planned for a module: Opta's names, labels, defaults and routes, with opta-infra's fixes.</summary>
public sealed class ObjectTests
{
    private const string Base = "name: web\nimage: nginx:1.27\nport: {http: 8080}\n";

    private static EnvironmentPlan Plan(string body, string layer = "shop", PlanOptions? options = null)
    {
        using var project = TempProject.WithModule(body, layer);
        return PlanAssert.Ok(project.Plan(options));
    }

    [Theory]
    [InlineData("shop", "web", "shop-web-k8s-service")]
    [InlineData("my-k8s-service", "app", "my-k8s-service-app")]
    [InlineData("a", "k8s-service", "a-k8s-service")]
    public void Workload_names_follow_the_charts_fullname_rule(string layer, string module, string fullName)
    {
        var plan = Plan($"name: {module}\nimage: nginx\nport: {{http: 80}}", layer);

        Assert.Equal(fullName, PlanAssert.Single<V1Deployment>(plan).Metadata.Name);
        Assert.Equal(fullName, PlanAssert.Single<V2HorizontalPodAutoscaler>(plan).Metadata.Name);
        Assert.Equal(module, PlanAssert.Single<V1Service>(plan).Metadata.Name);
        Assert.Equal(module, PlanAssert.Single<V1ServiceAccount>(plan).Metadata.Name);
        Assert.All(plan.AllObjects(), o => Assert.Equal(layer, o is V1Namespace ? o.Metadata.Name : o.Metadata.NamespaceProperty));
    }

    [Theory]
    [InlineData("/hello", "31b00391", null, "/hello(/|$)(.*)")]
    [InlineData("*", "6a63c977", null, "/")]
    [InlineData("/", "6a63c977", null, "/")]
    [InlineData("api.example.com/v1/users", "9aab3a9a", "api.example.com", "/v1/users(/|$)(.*)")]
    [InlineData("example.com", "8d64b654", "example.com", "/")]
    [InlineData("/api/", "35376642", null, "/api(/|$)(.*)")]
    public void Ingress_names_hash_the_route_as_Opta_did(string uri, string hash, string? host, string path)
    {
        var plan = Plan(Base + $"public_uri: \"{uri}\"");

        var ingress = PlanAssert.Single<V1Ingress>(plan);
        Assert.Equal($"shop-web-k8s-service-{hash}", ingress.Metadata.Name);
        var rule = Assert.Single(ingress.Spec.Rules);
        Assert.Equal(host, rule.Host);
        var httpPath = Assert.Single(rule.Http.Paths);
        Assert.Equal(path, httpPath.Path);
        Assert.Equal(path == "/" ? "Prefix" : "ImplementationSpecific", httpPath.PathType);
        Assert.Equal("nginx", ingress.Spec.IngressClassName);
        Assert.Equal("web", httpPath.Backend.Service.Name);
        Assert.Equal("main", httpPath.Backend.Service.Port.Name);
    }

    [Fact]
    public void Prefix_routes_rewrite_and_use_regex_and_the_root_does_not()
    {
        var plan = Plan(Base + "public_uri: [\"/api\", \"/\"]");

        var ingresses = plan.AllObjects().OfType<V1Ingress>().ToList();
        Assert.Equal(2, ingresses.Count);
        Assert.Equal("/$2", ingresses[0].Metadata.Annotations["nginx.ingress.kubernetes.io/rewrite-target"]);
        Assert.Equal("true", ingresses[0].Metadata.Annotations["nginx.ingress.kubernetes.io/use-regex"]);
        Assert.Equal(new Dictionary<string, string> { [PulumiAnnotations.SkipAwait] = "true" }, ingresses[1].Metadata.Annotations);
        Assert.DoesNotContain(ingresses, i => i.Metadata.Annotations?.ContainsKey("kubernetes.io/ingress.class") == true);
    }

    [Fact]
    public void Keep_path_prefix_rewrites_to_the_prefix()
    {
        var plan = Plan(Base + "public_uri: /v1\nkeep_path_prefix: true");

        Assert.Equal("/v1$1$2", PlanAssert.Single<V1Ingress>(plan).Metadata.Annotations["nginx.ingress.kubernetes.io/rewrite-target"]);
    }

    [Fact]
    public void Sticky_sessions_consistent_hash_and_extra_annotations_are_on_every_ingress()
    {
        var plan = Plan(Base + "public_uri: [/a, /b]\nsticky_session: true\nsticky_session_max_age: 600\nconsistent_hash: $request_uri\ningress_extra_annotations: {x.io/limit: 10}");

        Assert.All(plan.AllObjects().OfType<V1Ingress>(), i =>
        {
            var a = i.Metadata.Annotations;
            Assert.Equal("cookie", a["nginx.ingress.kubernetes.io/affinity"]);
            Assert.Equal("opta-cookie", a["nginx.ingress.kubernetes.io/session-cookie-name"]);
            Assert.Equal("600", a["nginx.ingress.kubernetes.io/session-cookie-max-age"]);
            Assert.Equal("600", a["nginx.ingress.kubernetes.io/session-cookie-expires"]);
            Assert.Equal("$request_uri", a["nginx.ingress.kubernetes.io/upstream-hash-by"]);
            Assert.Equal("10", a["x.io/limit"]);
        });
    }

    [Fact]
    public void Grpc_ports_get_the_grpc_backend_protocol()
    {
        var plan = Plan("name: web\nimage: x\nport: {grpc: 9000}\npublic_uri: /rpc\nhealthcheck_path: /health");

        Assert.Equal("GRPC", PlanAssert.Single<V1Ingress>(plan).Metadata.Annotations["nginx.ingress.kubernetes.io/backend-protocol"]);
        Assert.Equal("/health", PlanAssert.Single<V1Deployment>(plan).Spec.Template.Spec.Containers[0].LivenessProbe.HttpGet.Path);
    }

    [Theory]
    [InlineData("websocket")]
    [InlineData("tcp")]
    public void Websocket_ports_get_tcp_checks_and_long_proxy_timeouts(string key)
    {
        var plan = Plan($"name: web\nimage: x\nport: {{{key}: 8010}}\npublic_uri: /ws\nhealthcheck_path: /");

        var container = PlanAssert.Single<V1Deployment>(plan).Spec.Template.Spec.Containers[0];
        Assert.Equal("main", container.LivenessProbe.TcpSocket.Port.Value);
        Assert.Null(container.LivenessProbe.HttpGet);
        Assert.Equal("main", container.ReadinessProbe.TcpSocket.Port.Value);
        var annotations = PlanAssert.Single<V1Ingress>(plan).Metadata.Annotations;
        Assert.Equal("3600", annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"]);
        Assert.Equal("3600", annotations["nginx.ingress.kubernetes.io/proxy-send-timeout"]);
    }

    [Fact]
    public void Probes_are_absent_unless_configured()
    {
        var container = PlanAssert.Single<V1Deployment>(Plan(Base)).Spec.Template.Spec.Containers[0];

        Assert.Null(container.LivenessProbe);
        Assert.Null(container.ReadinessProbe);
    }

    [Fact]
    public void Probe_paths_delays_and_commands_follow_Opta()
    {
        var plan = Plan(Base + "healthcheck_path: /health\nreadiness_probe_path: /ready\ninitial_liveness_delay: 5\ninitial_readiness_delay: 7");
        var container = PlanAssert.Single<V1Deployment>(plan).Spec.Template.Spec.Containers[0];

        Assert.Equal(("/health", "main", 5, (int?)null), (container.LivenessProbe.HttpGet.Path, container.LivenessProbe.HttpGet.Port.Value, container.LivenessProbe.InitialDelaySeconds!.Value, container.LivenessProbe.PeriodSeconds));
        Assert.Equal(("/ready", 7, (int?)10), (container.ReadinessProbe.HttpGet.Path, container.ReadinessProbe.InitialDelaySeconds!.Value, container.ReadinessProbe.PeriodSeconds));

        var exec = PlanAssert.Single<V1Deployment>(Plan(Base + "healthcheck_command: [cat, /var/run/ok]\nreadiness_probe_command: [ready]")).Spec.Template.Spec.Containers[0];
        Assert.Equal(["cat", "/var/run/ok"], exec.LivenessProbe.Exec.Command);
        Assert.Equal(["ready"], exec.ReadinessProbe.Exec.Command);
        Assert.Equal(30, exec.LivenessProbe.InitialDelaySeconds);
    }

    [Theory]
    [InlineData("", "100m", "128Mi", "256Mi")]
    [InlineData("resource_request: {cpu: 250, memory: 512}", "250m", "512Mi", "1Gi")]
    [InlineData("resource_request: {cpu: 500m, memory: 1Gi}", "500m", "1Gi", "2Gi")]
    [InlineData("resource_request: {cpu: \"0.5\", memory: 300Mi}\nresource_limits: {memory: 1000}", "500m", "300Mi", "1000Mi")]
    public void Resources_use_Opta_units_quantities_and_a_memory_only_limit(string fields, string cpu, string memory, string limit)
    {
        var resources = PlanAssert.Single<V1Deployment>(Plan(Base + fields)).Spec.Template.Spec.Containers[0].Resources;

        Assert.Equal(cpu, resources.Requests["cpu"].ToString());
        Assert.Equal(memory, resources.Requests["memory"].ToString());
        Assert.Equal(limit, resources.Limits["memory"].ToString());
        Assert.False(resources.Limits.ContainsKey("cpu"));
    }

    [Fact]
    public void The_autoscaler_owns_replicas_with_Opta_defaults()
    {
        var plan = Plan(Base);
        var deployment = PlanAssert.Single<V1Deployment>(plan);
        var hpa = PlanAssert.Single<V2HorizontalPodAutoscaler>(plan);

        Assert.Null(deployment.Spec.Replicas);
        Assert.Equal(("RollingUpdate", "0", "25%"), (deployment.Spec.Strategy.Type, deployment.Spec.Strategy.RollingUpdate.MaxUnavailable.Value, deployment.Spec.Strategy.RollingUpdate.MaxSurge.Value));
        Assert.Equal((1, 3), (hpa.Spec.MinReplicas!.Value, hpa.Spec.MaxReplicas));
        Assert.Equal(("Deployment", "shop-web-k8s-service"), (hpa.Spec.ScaleTargetRef.Kind, hpa.Spec.ScaleTargetRef.Name));
        Assert.Equal(["cpu:80", "memory:80"], hpa.Spec.Metrics.Select(m => $"{m.Resource.Name}:{m.Resource.Target.AverageUtilization}"));
        Assert.Empty(plan.AllObjects().OfType<V1PodDisruptionBudget>());
    }

    [Fact]
    public void A_zero_target_leaves_that_metric_out()
    {
        var hpa = PlanAssert.Single<V2HorizontalPodAutoscaler>(Plan(Base + "autoscaling_target_mem_percentage: 0\nautoscaling_target_cpu_percentage: 60"));

        Assert.Equal(["cpu:60"], hpa.Spec.Metrics.Select(m => $"{m.Resource.Name}:{m.Resource.Target.AverageUtilization}"));
    }

    [Fact]
    public void Two_or_more_minimum_replicas_add_a_disruption_budget()
    {
        var plan = Plan(Base + "min_containers: 2\nmax_containers: 5");

        var pdb = PlanAssert.Single<V1PodDisruptionBudget>(plan);
        Assert.Equal("1", pdb.Spec.MaxUnavailable.Value);
        Assert.Equal(PlanAssert.Single<V1Deployment>(plan).Spec.Selector.MatchLabels, pdb.Spec.Selector.MatchLabels);
    }

    [Fact]
    public void Zero_max_containers_renders_no_workload_and_no_autoscaler_but_keeps_cron_jobs()
    {
        var plan = Plan(Base + "min_containers: 0\nmax_containers: 0\ncron_jobs:\n  - {commands: [echo, hi], schedule: \"*/5 * * * *\"}");

        Assert.Empty(plan.AllObjects().OfType<V1Deployment>());
        Assert.Empty(plan.AllObjects().OfType<V2HorizontalPodAutoscaler>());
        var cron = PlanAssert.Single<V1CronJob>(plan);
        Assert.Equal("shop-web-k8s-service-0", cron.Metadata.Name);
        Assert.Equal("*/5 * * * *", cron.Spec.Schedule);
        var pod = cron.Spec.JobTemplate.Spec.Template;
        Assert.Equal("Never", pod.Spec.RestartPolicy);
        Assert.Equal(["echo", "hi"], pod.Spec.Containers[0].Command);
        Assert.Equal("nginx:1.27", pod.Spec.Containers[0].Image);
        Assert.False(pod.Metadata.Labels.ContainsKey("app.kubernetes.io/instance"), "the Service must not select cron pods");
    }

    [Fact]
    public void Labels_keep_Opta_selectors_and_say_who_manages_the_objects()
    {
        var plan = Plan(Base + "pod_labels: {team: a}\npod_annotations: {note: b}");
        var deployment = PlanAssert.Single<V1Deployment>(plan);

        Assert.Equal(new Dictionary<string, string> { ["app.kubernetes.io/name"] = "k8s-service", ["app.kubernetes.io/instance"] = "shop-web" }, deployment.Spec.Selector.MatchLabels);
        Assert.Equal(deployment.Spec.Selector.MatchLabels, PlanAssert.Single<V1Service>(plan).Spec.Selector);
        Assert.All(plan.AllObjects(), o => Assert.Equal("opta-infra", o.Metadata.Labels["app.kubernetes.io/managed-by"]));
        var pod = deployment.Spec.Template.Metadata;
        Assert.Equal(("web", "shop", "staging", "a"), (pod.Labels["opta.dev/module-name"], pod.Labels["opta.dev/layer-name"], pod.Labels["opta.dev/environment-name"], pod.Labels["team"]));
        Assert.Equal("b", pod.Annotations["note"]);
        Assert.DoesNotContain(plan.AllObjects().SelectMany(o => o.Metadata.Labels.Keys), k => k.StartsWith("helm.sh", StringComparison.Ordinal) || k.StartsWith("tags.datadoghq", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("", 5, 35)]
    [InlineData("prestop_sleep_seconds: 12", 12, 42)]
    [InlineData("termination_grace_period_seconds: 120", 5, 120)]
    [InlineData("prestop_sleep_seconds: 20\ntermination_grace_period_seconds: 21", 20, 21)]
    [InlineData("prestop_sleep_seconds: 0", null, null)]
    [InlineData("prestop_sleep_seconds: 0\ntermination_grace_period_seconds: 0", null, 0)]
    [InlineData("prestop_sleep_seconds: 0\ntermination_grace_period_seconds: 90", null, 90)]
    public void Workloads_pause_before_SIGTERM_within_a_grace_period_that_leaves_time_to_stop(string fields, int? sleep, int? grace)
    {
        var body = Base + "healthcheck_path: /healthz\n" + fields;
        var deployment = PlanAssert.Single<V1Deployment>(Plan(body)).Spec.Template.Spec;
        var statefulSet = PlanAssert.Single<V1StatefulSet>(Plan(body + "\npersistent_storage: [{size: 1, path: /data}]")).Spec.Template.Spec;

        foreach (var pod in new[] { deployment, statefulSet })
        {
            var container = Assert.Single(pod.Containers);
            Assert.Equal(sleep, container.Lifecycle?.PreStop?.Sleep?.Seconds);
            if (sleep is not null)
            {
                // Only the sleep action: no exec or HTTP hook that would need something in the image.
                Assert.Null(container.Lifecycle!.PreStop.Exec);
                Assert.Null(container.Lifecycle.PreStop.HttpGet);
                Assert.Null(container.Lifecycle.PostStart);
            }

            Assert.Equal(grace, pod.TerminationGracePeriodSeconds);
            // The pause does not replace the readiness gate.
            Assert.Equal("/healthz", container.ReadinessProbe.HttpGet.Path);
        }
    }

    [Fact]
    public void Cron_jobs_get_no_pause_and_keep_the_default_grace_period()
    {
        var plan = Plan(Base + "prestop_sleep_seconds: 9\ntermination_grace_period_seconds: 60\ncron_jobs:\n  - {commands: [echo], schedule: \"*/5 * * * *\"}");

        var pod = PlanAssert.Single<V1CronJob>(plan).Spec.JobTemplate.Spec.Template.Spec;
        Assert.Null(pod.Containers[0].Lifecycle);
        Assert.Null(pod.TerminationGracePeriodSeconds);
        Assert.Equal(9, PlanAssert.Single<V1Deployment>(plan).Spec.Template.Spec.Containers[0].Lifecycle.PreStop.Sleep.Seconds);
    }

    [Fact]
    public void Secure_defaults_are_on_and_each_has_an_opt_out()
    {
        var secure = PlanAssert.Single<V1Deployment>(Plan(Base)).Spec.Template.Spec;
        Assert.Equal("RuntimeDefault", secure.SecurityContext.SeccompProfile.Type);
        Assert.False(secure.Containers[0].SecurityContext.AllowPrivilegeEscalation);
        Assert.False(secure.AutomountServiceAccountToken);

        var open = PlanAssert.Single<V1Deployment>(Plan(Base + "seccomp_profile: Unconfined\nallow_privilege_escalation: true\nautomount_service_account_token: true")).Spec.Template.Spec;
        Assert.Equal("Unconfined", open.SecurityContext.SeccompProfile.Type);
        Assert.True(open.Containers[0].SecurityContext.AllowPrivilegeEscalation);
        Assert.Null(open.AutomountServiceAccountToken);
    }

    [Fact]
    public void Manual_secrets_stay_reachable_and_env_vars_keep_their_order()
    {
        var container = PlanAssert.Single<V1Deployment>(Plan(Base + "env_vars: {B: \"2\", A: \"1\"}")).Spec.Template.Spec.Containers[0];

        Assert.Equal(["B=2", "A=1"], container.Env.Select(e => $"{e.Name}={e.Value}"));
        var source = Assert.Single(container.EnvFrom);
        Assert.Equal(("manual-secrets", true), (source.SecretRef.Name, source.SecretRef.Optional!.Value));
    }

    [Fact]
    public void Persistent_storage_makes_a_stateful_set_with_a_headless_service_and_the_readiness_path()
    {
        var plan = Plan(Base + "liveness_probe_path: /live\nreadiness_probe_path: /ready\ncommands: [serve]\nargs: [--data, /data]\npersistent_storage:\n  - {size: 10, path: /data}\npublic_uri: /db");

        Assert.Empty(plan.AllObjects().OfType<V1Deployment>());
        var set = PlanAssert.Single<V1StatefulSet>(plan);
        Assert.Equal(("Parallel", "web-headless"), (set.Spec.PodManagementPolicy, set.Spec.ServiceName));
        var container = set.Spec.Template.Spec.Containers[0];
        Assert.Equal("/ready", container.ReadinessProbe.HttpGet.Path);
        Assert.Equal("/live", container.LivenessProbe.HttpGet.Path);
        Assert.Equal(["serve"], container.Command);
        Assert.Equal(["--data", "/data"], container.Args);
        Assert.Equal(("opta-persistent-0", "/data"), (container.VolumeMounts[0].Name, container.VolumeMounts[0].MountPath));
        var claim = Assert.Single(set.Spec.VolumeClaimTemplates);
        Assert.Equal("10Gi", claim.Spec.Resources.Requests["storage"].ToString());
        var service = PlanAssert.Single<V1Service>(plan);
        Assert.Equal(("web-headless", "None"), (service.Metadata.Name, service.Spec.ClusterIP));
        Assert.Equal("web-headless", PlanAssert.Single<V1Ingress>(plan).Spec.Rules[0].Http.Paths[0].Backend.Service.Name);
        Assert.Equal("StatefulSet", PlanAssert.Single<V2HorizontalPodAutoscaler>(plan).Spec.ScaleTargetRef.Kind);
    }

    [Fact]
    public void Multiple_ports_route_ingresses_to_the_http_port()
    {
        var plan = Plan("name: web\nimage: x\nprobe_port: admin\nhealthcheck_path: /\npublic_uri: /\nports:\n  - {name: raw, type: tcp, port: 7000}\n  - {name: api, type: http, port: 8080}\n  - {name: admin, type: http, port: 9090, service_port: 90, protocol: grpc}".Replace("  - {name: admin, type: http", "  - {name: admin, type: tcp").Replace(", protocol: grpc", ""));

        var service = PlanAssert.Single<V1Service>(plan);
        Assert.Equal(["raw:7000->raw", "api:80->api", "admin:90->admin"], service.Spec.Ports.Select(p => $"{p.Name}:{p.Port}->{p.TargetPort.Value}"));
        Assert.Equal("api", PlanAssert.Single<V1Ingress>(plan).Spec.Rules[0].Http.Paths[0].Backend.Service.Port.Name);
        Assert.Equal("admin", PlanAssert.Single<V1Deployment>(plan).Spec.Template.Spec.Containers[0].LivenessProbe.TcpSocket.Port.Value);
    }

    [Fact]
    public void Tolerations_default_to_Opta_value_and_effect()
    {
        var toleration = Assert.Single(PlanAssert.Single<V1Deployment>(Plan(Base + "tolerations: [{key: spot}]")).Spec.Template.Spec.Tolerations);

        Assert.Equal(("spot", "opta", "NoSchedule"), (toleration.Key, toleration.Value, toleration.Effect));
    }

    [Fact]
    public void The_ingress_class_is_configurable()
    {
        var plan = Plan(Base + "public_uri: /", options: new PlanOptions { IngressClass = "traefik" });

        Assert.Equal("traefik", PlanAssert.Single<V1Ingress>(plan).Spec.IngressClassName);
    }

    [Fact]
    public void Outputs_name_the_service_dns_and_public_urls()
    {
        var service = Assert.Single(Plan(Base + "public_uri: [/api, app.example.com/x]").Services);

        Assert.Equal("web.shop.svc.cluster.local", service.ServiceDnsName);
        Assert.Equal(["http://*/api", "http://app.example.com/x"], service.PublicUrls);
    }
}
