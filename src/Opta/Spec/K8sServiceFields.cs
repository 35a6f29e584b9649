namespace Opta.Spec;

/// <summary>The fields of a <c>k8s-service</c> module: the union of Opta's Kubernetes-level fields across its flavors.</summary>
public static class K8sServiceFields
{
    public const string ModuleNamePattern = "^[a-z]([-a-z0-9]*[a-z0-9])?$";
    public const int ModuleNameMaxLength = 54;
    public const string PortNamePattern = "^[a-z]([-a-z0-9]*[a-z0-9])?$";

    /// <summary>The module types opta-infra deploys: <c>k8s-service</c> and the flavored names Opta resolved it to.</summary>
    public static IReadOnlyList<string> TypeNames { get; } =
        ["k8s-service", "local-k8s-service", "aws-k8s-service", "gcp-k8s-service", "google-k8s-service", "azure-k8s-service", "helm-k8s-service"];

    private static readonly IntType PortNumber = new(1, 65535);
    private static readonly StringType Str = new();
    private static readonly ListType StringList = new(Str);
    private static readonly MapType StringMap = new(Str);

    /// <summary>Keys every module has, whatever its type.</summary>
    public static IReadOnlyList<FieldDefinition> ModuleKeys { get; } =
    [
        new()
        {
            Name = "type", Type = new StringType(Allowed: TypeNames), Required = true,
            Description = "The module type: `k8s-service`, or a flavored name Opta resolved it to (`local-k8s-service`, `aws-k8s-service`, …); all deploy the same way. The other module types are listed below: databases deployed in the cluster, cloud modules (external) and environment modules (skipped).",
            Opta = "Resolved per cloud to a flavored module.",
        },
        new()
        {
            Name = "name", Type = new StringType(ModuleNamePattern, "lowercase letters, digits and dashes, starting with a letter"),
            DefaultText = "the type without dashes (`k8sservice`)",
            Description = $"The module's name: the Service, the ServiceAccount and every object name derive from it. At most {ModuleNameMaxLength} characters.",
            Opta = "Letters and digits only (`^[A-Za-z0-9]*$`).",
            Difference = "Dashes are allowed (Opta users asked for them, run-x/opta#876); uppercase is refused because Kubernetes names are lowercase.",
        },
        new()
        {
            Name = "depends_on", Type = StringList, Support = FieldSupport.Ignored,
            Description = "Terraform ordering between modules.",
            SupportNote = "opta-infra has no Terraform modules to order; remove it",
        },
    ];

    public static FieldDefinition BuildContext { get; } = new() { Name = "context", Type = Str, Default = ".", Description = "Build context, relative to the service file." };

    public static FieldDefinition BuildDockerfile { get; } = new() { Name = "dockerfile", Type = Str, Default = "Dockerfile", Description = "Dockerfile path, relative to the build context." };

    public static FieldDefinition CpuRequest { get; } = new() { Name = "cpu", Type = new QuantityType(QuantityKind.Cpu), Default = 100, Description = "CPU request." };

    public static FieldDefinition MemoryRequest { get; } = new() { Name = "memory", Type = new QuantityType(QuantityKind.Memory), Default = 128, Description = "Memory request." };

    public static FieldDefinition TolerationValue { get; } = new() { Name = "value", Type = Str, Default = "opta", Description = "Taint value." };

    public static FieldDefinition TolerationEffect { get; } = new() { Name = "effect", Type = new StringType(Allowed: ["NoSchedule", "PreferNoSchedule", "NoExecute"]), Default = "NoSchedule", Description = "Taint effect." };

    public static FieldDefinition InitialLivenessDelay { get; } = new()
    {
        Name = "initial_liveness_delay", Type = new IntType(0, 3600), Default = 30,
        Description = "Seconds before the first liveness check.",
    };

    public static FieldDefinition InitialReadinessDelay { get; } = new()
    {
        Name = "initial_readiness_delay", Type = new IntType(0, 3600), Default = 30,
        Description = "Seconds before the first readiness check.",
    };

    public static FieldDefinition MinContainers { get; } = new()
    {
        Name = "min_containers", Type = new IntType(0, 10_000), Default = 1,
        Description = "Fewest replicas (the HorizontalPodAutoscaler's `minReplicas`). 0 only with `max_containers: 0`. From 2 on, a PodDisruptionBudget keeps all but one replica up during node drains.",
        Difference = "A PodDisruptionBudget is added when it is 2 or more.",
    };

    public static FieldDefinition MaxContainers { get; } = new()
    {
        Name = "max_containers", Type = new IntType(0, 10_000), Default = 3,
        Description = "Most replicas (`maxReplicas`). 0 renders no workload and no autoscaler (cron jobs only).",
    };

    public static FieldDefinition CpuTargetPercentage { get; } = new()
    {
        Name = "autoscaling_target_cpu_percentage", Type = new IntType(0, 1000), Default = 80,
        Description = "Average CPU utilization (percent of the request) the autoscaler aims for; 0 leaves CPU out.",
    };

    public static FieldDefinition MemoryTargetPercentage { get; } = new()
    {
        Name = "autoscaling_target_mem_percentage", Type = new IntType(0, 1000), Default = 80,
        Description = "Average memory utilization (percent of the request) the autoscaler aims for; 0 leaves memory out.",
    };

    /// <summary>The metric types of an <c>autoscaling_metrics</c> entry, as autoscaling/v2 names them.</summary>
    public static IReadOnlyList<string> MetricTypes { get; } = ["Pods", "Object", "External"];

    private static readonly QuantityType MetricAmount = new(QuantityKind.Plain);

    public static FieldDefinition AutoscalingMetrics { get; } = new()
    {
        Name = "autoscaling_metrics", New = true,
        Type = new ListType(MaxItems: 20, Item: new ObjectType(
        [
            new()
            {
                Name = "type", Type = new StringType(Allowed: MetricTypes), Required = true,
                Description = "`Pods`: a metric of each pod, averaged (requests per second); `Object`: a metric of one object in the namespace (an Ingress's hits); `External`: a metric from outside the cluster (a queue's depth, a Datadog query).",
            },
            new()
            {
                Name = "name", Type = new StringType(MaxLength: 253), Required = true,
                Description = "The metric's name as the metrics adapter serves it (`http_requests_per_second`, `datadogmetric@shop:queue-depth`).",
            },
            new() { Name = "selector", Type = new MapType(Str, MaxEntries: 20), Description = "Labels that pick the metric's series (`matchLabels` of the metric's selector)." },
            new() { Name = "target_average_value", Type = MetricAmount, Description = "The value per pod to aim for (the metric's total divided by the replicas). The only target of a `Pods` metric." },
            new() { Name = "target_value", Type = MetricAmount, Description = "The value of the metric itself to aim for (`Object` and `External` metrics)." },
            new()
            {
                Name = "described_object",
                Type = new ObjectType(
                [
                    new() { Name = "api_version", Type = Str, Description = "API version of the object (`networking.k8s.io/v1`)." },
                    new() { Name = "kind", Type = Str, Required = true, Description = "Its kind (`Ingress`, `Service`)." },
                    new() { Name = "name", Type = Str, Required = true, Description = "Its name, in the layer's namespace." },
                ], "an object reference"),
                Description = "For an `Object` metric: the object the metric describes.",
            },
        ], "a metric")),
        Description = "Metrics beside CPU and memory that the HorizontalPodAutoscaler scales on (autoscaling/v2 `Pods`, `Object` and `External` metrics, served by a metrics adapter such as Prometheus Adapter, KEDA or the Datadog Cluster Agent). Each needs one target: `target_average_value` or `target_value`. The autoscaler picks the largest replica count any metric asks for.",
        Opta = "Not available; Opta's documentation hoped to offer third-party metrics such as Datadog's \"soon\".",
    };

    private static FieldDefinition ScalingRules(string name, string direction, string defaults) => new()
    {
        Name = name,
        Type = new ObjectType(
        [
            new() { Name = "stabilization_window_seconds", Type = new IntType(0, 3600), Description = $"Seconds of past recommendations considered before scaling {direction}, so that a short spike does not flap the replica count." },
            new() { Name = "select_policy", Type = new StringType(Allowed: ["Max", "Min", "Disabled"]), Description = $"Which policy wins when several apply (`Max` the largest change, `Min` the smallest); `Disabled` never scales {direction}." },
            new()
            {
                Name = "policies",
                Type = new ListType(MaxItems: 10, Item: new ObjectType(
                [
                    new() { Name = "type", Type = new StringType(Allowed: ["Pods", "Percent"]), Required = true, Description = "`Pods`: a number of pods; `Percent`: a share of the current replicas." },
                    new() { Name = "value", Type = new IntType(1, int.MaxValue), Required = true, Description = "How many pods, or what percentage." },
                    new() { Name = "period_seconds", Type = new IntType(1, 1800), Required = true, Description = "The window the change is allowed in." },
                ], "a scaling policy")),
                Description = $"How fast the autoscaler may scale {direction}.",
            },
        ], $"the scale-{direction} rules"),
        Description = $"Scaling {direction}: {defaults}.",
    };

    public static FieldDefinition AutoscalingBehavior { get; } = new()
    {
        Name = "autoscaling_behavior", New = true,
        Type = new ObjectType(
        [
            ScalingRules("scale_up", "up", "Kubernetes' default is no stabilization, and at most the larger of 4 pods or 100% per 15 s"),
            ScalingRules("scale_down", "down", "Kubernetes' default is a 300 s stabilization window, and up to 100% per 15 s"),
        ], "a map with scale_up and scale_down"),
        Description = "How fast the HorizontalPodAutoscaler changes the replica count (autoscaling/v2 `behavior`); a direction left out keeps Kubernetes' defaults.",
        Opta = "Not available.",
    };

    public static FieldDefinition KeepPathPrefix { get; } = new()
    {
        Name = "keep_path_prefix", Type = new BoolType(), Default = false,
        Description = "Forward the path prefix of `public_uri` to the service instead of stripping it.",
        Opta = "Not available in the local flavor.",
    };

    public static FieldDefinition StickySession { get; } = new()
    {
        Name = "sticky_session", Type = new BoolType(), Default = false,
        Description = "Cookie affinity (`opta-cookie`) on the Ingress.",
    };

    public static FieldDefinition StickySessionMaxAge { get; } = new()
    {
        Name = "sticky_session_max_age", Type = new IntType(1, int.MaxValue), Default = 86400,
        Description = "Lifetime of the affinity cookie, in seconds.",
    };

    public static FieldDefinition SeccompProfile { get; } = new()
    {
        Name = "seccomp_profile", New = true, Type = new StringType(Allowed: ["RuntimeDefault", "Unconfined"]), Default = "RuntimeDefault",
        Description = "The pods' seccomp profile. `Unconfined` opts out of the secure default.",
    };

    public static FieldDefinition AllowPrivilegeEscalation { get; } = new()
    {
        Name = "allow_privilege_escalation", New = true, Type = new BoolType(), Default = false,
        Description = "Whether processes may gain more privileges than their parent (setuid binaries). `true` opts out of the secure default.",
    };

    public static FieldDefinition AutomountServiceAccountToken { get; } = new()
    {
        Name = "automount_service_account_token", New = true, Type = new BoolType(), Default = false,
        Description = "Mount the ServiceAccount's API token into the pods. `true` for services that call the Kubernetes API.",
    };

    /// <summary>
    /// The container's own time to stop after the pause, in seconds: Kubernetes' default grace period, which the
    /// pause would otherwise eat into.
    /// </summary>
    public const int StopSeconds = 30;

    public static FieldDefinition PreStopSleepSeconds { get; } = new()
    {
        Name = "prestop_sleep_seconds", New = true, Type = new IntType(0, 3600), Default = 5,
        Description = "Seconds a terminating pod of the Deployment or StatefulSet keeps serving before its container gets SIGTERM (a `preStop` sleep), so that ingress-nginx and the Services have dropped it from their endpoints first and a rollout or scale-down fails no request. 0 turns the pause off. Uses Kubernetes' `sleep` action (Kubernetes 1.30 or later), so the image needs no `sleep` binary.",
        Difference = "Opta's pods got SIGTERM at once (and Kubernetes' 30 s grace period), so a rollout behind ingress-nginx could fail requests.",
    };

    public static FieldDefinition TerminationGracePeriodSeconds { get; } = new()
    {
        Name = "termination_grace_period_seconds", New = true, Type = new IntType(0, 86400),
        DefaultText = $"`prestop_sleep_seconds` + {StopSeconds}; Kubernetes' own ({StopSeconds}, not written) when the pause is 0",
        Description = "Seconds a terminating pod has, from the start of the pause, before its container is killed: the pause and then the container's own shutdown after SIGTERM. Must be greater than `prestop_sleep_seconds`.",
    };

    public static FieldDefinition Links { get; } = new()
    {
        Name = "links", Type = new ListType(new OneOfType([Str, new MapType(new AnyType())])),
        Description = "Modules of this file the service connects to: `- db` gives the environment variables `db_db_user`, `db_db_password`, `db_db_name`, `db_db_host` (postgres, mysql, mongodb; `<module>_cache_host` for redis), each read from a Secret through `secretKeyRef`; `- db: [{db_user: DBUSER, db_password: DBPASS, db_name: DBNAME, db_host: DBHOST}]` renames them (the map must name every variable); `- bucket: [read]` lists cloud permissions.",
        Opta = "Deployments read the link Secret `secret` with `envFrom`, CronJobs key by key; cloud permissions became IAM policy.",
        Difference = "A database deployed by opta-infra is read from its `<module>-credentials` Secret; a cloud module's values from the Secret `secret` Opta left in the namespace. IAM permissions are not granted (a warning names them).",
    };

    public static IReadOnlyList<FieldDefinition> Fields { get; } =
    [
        new()
        {
            Name = "image", Type = new StringType(MaxLength: 1024), Required = true,
            Description = "The container image: an external reference (`nginx:1.27`, `ghcr.io/org/app@sha256:…`) used verbatim, or `AUTO` for an image opta-infra builds or `opta-infra push` puts into `<registry>/<layer>/<module>`.",
            Opta = "`AUTO` used a registry managed by Opta (ECR, GCR, ACR, or localhost:5000 locally).",
            Difference = "`AUTO` always means the configured registry (default `localhost:5000`); with a Dockerfile the image is built and tagged from its content.",
        },
        new()
        {
            Name = "build", New = true,
            Type = new ObjectType(
            [
                BuildContext,
                BuildDockerfile,
            ]),
            Description = "Where to build an `image: AUTO` from. Without it, a `Dockerfile` beside the service file is used when there is one.",
        },
        new()
        {
            Name = "port",
            Type = new ObjectType(
            [
                new() { Name = "http", Type = PortNumber, Description = "An HTTP port." },
                new() { Name = "grpc", Type = PortNumber, Description = "A gRPC port (the Ingress speaks GRPC to it)." },
                new() { Name = "websocket", Type = PortNumber, Description = "A websocket port (3600 s proxy timeouts; TCP health checks)." },
                new() { Name = "tcp", Type = PortNumber, Description = "Legacy name for `websocket`, as in Opta." },
            ], "a map with one of http, grpc, websocket, tcp"),
            Description = "The container's single port, one key of `http`, `grpc`, `websocket` (or legacy `tcp`). The Service exposes it on port 80 under the name `main`. Without `port` and `ports` the module is a worker (a consumer, a queue reader): its pods run with no Service and no Ingress, health checks only by command, and `public_uri` is an error.",
            Opta = "Optional in Opta's schema; without a port its chart rendered no Service. `tcp` meant websocket.",
            Difference = "Websocket ports get `tcpSocket` health checks, as Opta's documentation promised (its chart used httpGet).",
        },
        new()
        {
            Name = "ports",
            Type = new ListType(MaxItems: 100, Item: new ObjectType(
            [
                new() { Name = "name", Type = new StringType(PortNamePattern, "lowercase letters, digits and dashes"), Required = true, Description = "Port name (at most 15 characters)." },
                new() { Name = "type", Type = new StringType(Allowed: ["http", "tcp"]), Required = true, Description = "`http` or `tcp`." },
                new() { Name = "port", Type = PortNumber, Required = true, Description = "Container port." },
                new() { Name = "service_port", Type = PortNumber, DefaultText = "80 for http, `port` for tcp", Description = "Port the Service exposes." },
                new() { Name = "protocol", Type = new StringType(Allowed: ["grpc", "websocket"]), Description = "For http ports: `grpc` or `websocket`." },
            ], "a port definition")),
            Description = "Several ports (instead of `port`). The first `http` port is the one Ingresses route to.",
            Opta = "AWS flavor only.",
            Difference = "Accepted for every environment.",
        },
        new()
        {
            Name = "probe_port", Type = Str, DefaultText = "the first port",
            Description = "Name of the port the health checks use.",
            Opta = "AWS flavor only.",
        },
        new()
        {
            Name = "env_vars",
            Type = new OneOfType([StringMap, new ListType(new ObjectType(
            [
                new() { Name = "name", Type = new StringType(Validation.KubernetesRules.EnvVarNameRegex, "letters, digits, '_', '-' and '.', not starting with a digit"), Required = true, Description = "Variable name." },
                new() { Name = "value", Type = Str, Required = true, Description = "Value (interpolated)." },
            ], "an environment variable"))]),
            Description = "Environment variables: a map `{NAME: value}` or a list of `{name, value}`. Values are interpolated.",
        },
        Path("healthcheck_path", "HTTP path for both health checks (liveness and readiness)."),
        Path("liveness_probe_path", "HTTP path for the liveness check; overrides `healthcheck_path`."),
        Path("readiness_probe_path", "HTTP path for the readiness check; overrides `healthcheck_path`."),
        Command("healthcheck_command", "Command run in the container for both health checks."),
        Command("liveness_probe_command", "Command for the liveness check; overrides `healthcheck_command`."),
        Command("readiness_probe_command", "Command for the readiness check; overrides `healthcheck_command`."),
        InitialLivenessDelay,
        InitialReadinessDelay,
        MinContainers,
        MaxContainers,
        CpuTargetPercentage,
        MemoryTargetPercentage,
        AutoscalingMetrics,
        AutoscalingBehavior,
        new()
        {
            Name = "resource_request",
            Type = new ObjectType(
            [
                CpuRequest,
                MemoryRequest,
            ]),
            DefaultText = "`{cpu: 100, memory: 128}`",
            Description = "Resource requests. Integers are Opta's millicores and MiB; Kubernetes quantities (`500m`, `1Gi`) work too.",
            Difference = "Quantity strings are used as written (Opta rendered `\"500m\"` as `500mm`).",
        },
        new()
        {
            Name = "resource_limits",
            Type = new ObjectType(
            [
                new() { Name = "memory", Type = new QuantityType(QuantityKind.Memory), Description = "Memory limit." },
                new()
                {
                    Name = "cpu", Type = new QuantityType(QuantityKind.Cpu), Support = FieldSupport.Unsupported,
                    Description = "CPU limit.",
                    SupportNote = "opta-infra never sets a CPU limit (it throttles latency-sensitive services); remove it and size `resource_request.cpu` instead",
                },
            ]),
            DefaultText = "memory: twice the memory request",
            Description = "Memory limit. There is never a CPU limit.",
        },
        new()
        {
            Name = "public_uri", Type = new OneOfType([Str, StringList]),
            Description = "Routes to the service through ingress-nginx: `/path` or `*` (any host), `host`, `host/path`. One Ingress per entry.",
            Difference = "Two entries that are the same route (`/` and `*`) are an error (Opta rendered two Ingresses of one name). Regex paths use pathType ImplementationSpecific and `spec.ingressClassName`.",
        },
        KeepPathPrefix,
        StickySession,
        StickySessionMaxAge,
        new()
        {
            Name = "consistent_hash", Type = Str,
            Description = "ingress-nginx `upstream-hash-by` value (e.g. `$request_uri`).",
        },
        new()
        {
            Name = "ingress_extra_annotations", Type = StringMap,
            Description = "Annotations added to every Ingress of the module.",
        },
        new()
        {
            Name = "tolerations",
            Type = new ListType(new ObjectType(
            [
                new() { Name = "key", Type = Str, Required = true, Description = "Taint key." },
                TolerationValue,
                TolerationEffect,
            ], "a toleration")),
            Description = "Taints the pods tolerate.",
        },
        new()
        {
            Name = "cron_jobs",
            Type = new ListType(new ObjectType(
            [
                new() { Name = "commands", Type = StringList, Required = true, Description = "Container command." },
                new() { Name = "args", Type = StringList, Description = "Container arguments." },
                new() { Name = "schedule", Type = Str, Required = true, Description = "Cron schedule (`*/5 * * * *`)." },
            ], "a cron job")),
            Description = "Scheduled jobs running the same image, one CronJob each.",
            Difference = "Not rendered while an `AUTO` image has no reference (Opta rendered them with an empty image).",
        },
        new()
        {
            Name = "persistent_storage",
            Type = new ListType(new ObjectType(
            [
                new() { Name = "size", Type = new IntType(1, 65536), Required = true, Description = "Size in GiB." },
                new() { Name = "path", Type = new StringType("^/", "an absolute path"), Required = true, Description = "Mount path in the container." },
            ], "a volume")),
            Description = "Volumes that survive restarts. Turns the Deployment into a StatefulSet with a headless Service.",
            Difference = "The StatefulSet's readiness check uses the readiness path, and keeps exec checks, commands and args (Opta's chart dropped them).",
        },
        new() { Name = "commands", Type = StringList, Description = "Container command (Docker ENTRYPOINT)." },
        new() { Name = "args", Type = StringList, Description = "Container arguments (Docker CMD)." },
        new()
        {
            Name = "pod_annotations", Type = StringMap,
            Description = "Annotations on the pods.",
            Opta = "Not available in the local flavor.",
        },
        new()
        {
            Name = "pod_labels", Type = StringMap,
            Description = "Labels on the pods (selector labels cannot be overridden).",
            Opta = "Not available in the local flavor.",
        },
        PreStopSleepSeconds,
        TerminationGracePeriodSeconds,
        SeccompProfile,
        AllowPrivilegeEscalation,
        AutomountServiceAccountToken,
        new()
        {
            Name = "secrets", Type = StringList, Support = FieldSupport.Deprecated,
            Description = "Names of secrets.",
            SupportNote = "it has no effect, as in Opta; values in the `manual-secrets` Secret reach the pods as environment variables; remove the field",
        },
        Links,
        new()
        {
            Name = "additional_iam_policies", Type = new AnyType(), Support = FieldSupport.Unsupported,
            Description = "Extra AWS IAM policies for the service's role.",
            SupportNote = "IAM is cloud-specific; grant cloud access outside opta-infra",
        },
        new()
        {
            Name = "additional_iam_roles", Type = new AnyType(), Support = FieldSupport.Unsupported,
            Description = "Extra GCP IAM roles for the service account.",
            SupportNote = "IAM is cloud-specific; grant cloud access outside opta-infra",
        },
        new()
        {
            Name = "timeout", Type = new IntType(0, int.MaxValue), Support = FieldSupport.Ignored,
            Description = "Helm release timeout.",
            SupportNote = "opta-infra does not use Helm; Pulumi waits for rollouts with its own timeouts",
        },
        new()
        {
            Name = "max_history", Type = new IntType(0, int.MaxValue), Support = FieldSupport.Ignored,
            Description = "Helm revisions kept.",
            SupportNote = "opta-infra does not use Helm; Pulumi keeps the stack history",
        },
    ];

    /// <summary>Every key a k8s-service module accepts: the module keys then its fields.</summary>
    public static ObjectType ModuleType { get; } = new([.. ModuleKeys, .. Fields], "a k8s-service module");

    public static ModuleTypeDefinition Definition { get; } = new()
    {
        Name = "k8s-service",
        TypeNames = TypeNames,
        ModuleKeys = ModuleKeys,
        Fields = ModuleType,
        SchemaName = "k8sServiceModule",
        SchemaDescription = "An Opta `k8s-service` module; see docs/fields.md.",
        ReferenceTitle = "`k8s-service` module (`modules[]`)",
        ReferenceIntro = "Each module whose `type` is `k8s-service` (or a flavored name). Nested fields are listed with their parent's path.",
    };

    private static FieldDefinition Path(string name, string description) => new()
    {
        Name = name, Type = Str, Description = description + " Without a port there is nothing to check by HTTP: a worker uses the command fields.",
        Opta = "Passed through as written; the kubelet requested `ht/` as `/ht/`.",
        Difference = "A path without its leading `/` is written with it, with a warning.",
    };

    private static FieldDefinition Command(string name, string description) => new()
    {
        Name = name, Type = StringList, Description = description,
        Opta = "Not available in the local flavor.",
    };
}
