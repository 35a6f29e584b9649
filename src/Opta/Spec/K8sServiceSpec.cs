using Opta.Diagnostics;
using Opta.Yaml;

namespace Opta.Spec;

/// <summary>
/// What the user wrote for one <c>k8s-service</c> module, interpolated and type-checked, with positions. Defaults
/// are the field definitions' (<see cref="K8sServiceFields"/>), applied by <see cref="K8sServiceReader"/>.
/// </summary>
public sealed record K8sServiceSpec
{
    public required string Name { get; init; }

    public required int Index { get; init; }

    /// <summary>The module's map (interpolated), for positions of its fields.</summary>
    public required YamlMap Node { get; init; }

    public required string Image { get; init; }

    public bool IsAutoImage => string.Equals(Image, "AUTO", StringComparison.OrdinalIgnoreCase);

    /// <summary>Where an <c>AUTO</c> image is built from; <see cref="BuildSpec.Explicit"/> when the <c>build</c> field says so.</summary>
    public required BuildSpec Build { get; init; }

    public IReadOnlyList<PortSpec> Ports { get; init; } = [];

    public PortSpec? ProbePort { get; init; }

    public IReadOnlyList<EnvVarSpec> EnvVars { get; init; } = [];

    public string? LivenessPath { get; init; }

    public string? ReadinessPath { get; init; }

    public IReadOnlyList<string> LivenessCommand { get; init; } = [];

    public IReadOnlyList<string> ReadinessCommand { get; init; } = [];

    public required int InitialLivenessDelay { get; init; }

    public required int InitialReadinessDelay { get; init; }

    public required int MinContainers { get; init; }

    public required int MaxContainers { get; init; }

    public required int CpuTargetPercentage { get; init; }

    public required int MemoryTargetPercentage { get; init; }

    /// <summary>The <c>autoscaling_metrics</c> beside CPU and memory, in the order written.</summary>
    public IReadOnlyList<MetricSpec> AutoscalingMetrics { get; init; } = [];

    /// <summary><c>autoscaling_behavior</c>; null when not written (Kubernetes' defaults).</summary>
    public ScalingBehaviorSpec? AutoscalingBehavior { get; init; }

    public required Quantity CpuRequest { get; init; }

    public required Quantity MemoryRequest { get; init; }

    public required Quantity MemoryLimit { get; init; }

    public IReadOnlyList<PublicRoute> Routes { get; init; } = [];

    public required bool KeepPathPrefix { get; init; }

    public required bool StickySession { get; init; }

    public required int StickySessionMaxAge { get; init; }

    public string? ConsistentHash { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> IngressExtraAnnotations { get; init; } = [];

    public IReadOnlyList<TolerationSpec> Tolerations { get; init; } = [];

    public IReadOnlyList<CronJobSpec> CronJobs { get; init; } = [];

    public IReadOnlyList<VolumeSpec> PersistentStorage { get; init; } = [];

    public IReadOnlyList<string> Commands { get; init; } = [];

    public IReadOnlyList<string> Args { get; init; } = [];

    public IReadOnlyList<KeyValuePair<string, string>> PodAnnotations { get; init; } = [];

    public IReadOnlyList<KeyValuePair<string, string>> PodLabels { get; init; } = [];

    /// <summary>The <c>preStop</c> pause of the workload's pods, in seconds; 0: none.</summary>
    public required int PreStopSleepSeconds { get; init; }

    /// <summary>The workload pods' <c>terminationGracePeriodSeconds</c>; null: Kubernetes' default, not written.</summary>
    public int? TerminationGracePeriodSeconds { get; init; }

    public required string SeccompProfile { get; init; }

    public required bool AllowPrivilegeEscalation { get; init; }

    public required bool AutomountServiceAccountToken { get; init; }

    public IReadOnlyList<LinkSpec> Links { get; init; } = [];

    /// <summary>Where <c>modules[i].&lt;field&gt;</c> was written (the module itself when the field is absent).</summary>
    public SourcePosition PositionOf(string field) => Node.KeyOf(field)?.Position ?? Node.Position;

    public string PathOf(string field) => $"modules[{Index}].{field}";
}

/// <summary>An environment variable; <paramref name="IsSecret"/> when its value came from <c>{secret.NAME}</c>.</summary>
public sealed record EnvVarSpec(string Name, string Value, bool IsSecret);

public sealed record BuildSpec(string Context, string Dockerfile, bool Explicit);

/// <summary>A port as Opta models it: legacy <c>port</c> becomes one port named <c>main</c>.</summary>
public sealed record PortSpec(string Name, string Type, int Port, int ServicePort, string? Protocol)
{
    public bool IsHttp => Type == "http";

    public bool IsWebsocket => Protocol == "websocket";

    public bool IsGrpc => Protocol == "grpc";

    /// <summary>Websocket and plain TCP ports are checked with a TCP connection, not an HTTP GET.</summary>
    public bool UsesTcpProbe => Type == "tcp" || IsWebsocket;
}

/// <summary>One <c>public_uri</c> entry, split as Opta does: domain ("all" for any host) and path prefix.</summary>
public sealed record PublicRoute(string Uri, string Domain, string PathPrefix, int Index)
{
    public bool AnyHost => Domain == "all";

    public bool IsRoot => PathPrefix == "/";

    /// <summary>The path prefix without slashes, as in Opta's Ingress name hash.</summary>
    public string PathPrefixName => PathPrefix.Replace("/", "");
}

public sealed record TolerationSpec(string Key, string Value, string Effect);

public sealed record CronJobSpec(IReadOnlyList<string> Commands, IReadOnlyList<string> Args, string Schedule, int Index);

public sealed record VolumeSpec(int SizeGi, string Path);

/// <summary>
/// One <c>autoscaling_metrics</c> entry: <paramref name="Type"/> is autoscaling/v2's (<c>Pods</c>, <c>Object</c>,
/// <c>External</c>); exactly one of the targets is set once the rules passed.
/// </summary>
public sealed record MetricSpec(
    string Type,
    string Name,
    IReadOnlyList<KeyValuePair<string, string>> Selector,
    Quantity? TargetAverageValue,
    Quantity? TargetValue,
    ObjectReferenceSpec? DescribedObject,
    int Index);

public sealed record ObjectReferenceSpec(string? ApiVersion, string Kind, string Name);

public sealed record ScalingBehaviorSpec(ScalingRulesSpec? ScaleUp, ScalingRulesSpec? ScaleDown);

public sealed record ScalingRulesSpec(int? StabilizationWindowSeconds, string? SelectPolicy, IReadOnlyList<ScalingPolicySpec> Policies);

public sealed record ScalingPolicySpec(string Type, int Value, int PeriodSeconds);
