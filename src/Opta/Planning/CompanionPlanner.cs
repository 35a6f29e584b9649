using k8s;
using k8s.Models;
using Opta.Spec;

namespace Opta.Planning;

/// <summary>
/// Builds the objects of one in-cluster database: a Secret with its credentials, a Service on the server's standard
/// port, and a StatefulSet of one non-root pod with a volume claim, checked by the server's own client. Every value
/// rendered is decided here.
/// </summary>
internal sealed class CompanionPlanner(CompanionSpec spec, ServiceNames names)
{
    private const string DataVolume = "data";

    private CompanionFields Fields => spec.Fields;

    private string TypeName => Fields.Definition.Name;

    /// <summary>The Service, and the StatefulSet's governing service: <c>&lt;module&gt;</c>.</summary>
    public static string ServiceName(string module) => module;

    public static string SecretName(string module) => $"{module}-credentials";

    public static string HostOf(string module, string layer) => $"{ServiceName(module)}.{layer}.svc.cluster.local";

    public CompanionPlan Plan()
    {
        var host = HostOf(spec.Name, names.Layer);
        var credentials = new List<GeneratedCredential>();
        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Fields.User is { } user)
        {
            data["db_user"] = user;
            data["db_password"] = Generated("db_password", credentials);
            data["db_name"] = spec.DatabaseName!;
            data["db_host"] = host;
            if (spec.Kind == CompanionKind.MySql)
            {
                // The image refuses to start without a root password; nothing links to it.
                data["root_password"] = Generated("root_password", credentials);
            }
        }
        else
        {
            data["cache_host"] = host;
        }

        var outputs = data.Where(d => !credentials.Any(c => c.Key == d.Key) && d.Key != "root_password").ToDictionary(d => d.Key, d => d.Value);
        return new CompanionPlan
        {
            ModuleName = spec.Name,
            ModuleIndex = spec.Index,
            Type = TypeName,
            Kind = spec.Kind,
            Objects = [Secret(data), Service(), StatefulSet()],
            Host = host,
            Port = Fields.Port,
            SecretName = SecretName(spec.Name),
            Credentials = credentials,
            KnownOutputs = outputs,
        };
    }

    private string Generated(string key, List<GeneratedCredential> credentials)
    {
        var credential = new GeneratedCredential { Layer = names.Layer, Module = spec.Name, SecretName = SecretName(spec.Name), Key = key };
        credentials.Add(credential);
        return credential.Placeholder;
    }

    private Dictionary<string, string> SelectorLabels() => new()
    {
        ["app.kubernetes.io/name"] = TypeName,
        ["app.kubernetes.io/instance"] = names.Release,
    };

    private Dictionary<string, string> Labels()
    {
        var labels = SelectorLabels();
        foreach (var (k, v) in names.OptaLabels())
        {
            labels[k] = v;
        }

        labels["app.kubernetes.io/managed-by"] = ServiceNames.ManagedBy;
        return labels;
    }

    private V1ObjectMeta Meta(string name) => new() { Name = name, NamespaceProperty = names.Namespace, Labels = Labels() };

    private V1Secret Secret(Dictionary<string, string> data) => new()
    {
        ApiVersion = "v1",
        Kind = "Secret",
        Metadata = Meta(SecretName(spec.Name)),
        Type = "Opaque",
        StringData = data,
    };

    private V1Service Service() => new()
    {
        ApiVersion = "v1",
        Kind = "Service",
        Metadata = Meta(ServiceName(spec.Name)),
        Spec = new V1ServiceSpec
        {
            Type = "ClusterIP",
            Selector = SelectorLabels(),
            Ports = [new V1ServicePort { Name = Fields.PortName, Port = Fields.Port, TargetPort = Fields.PortName, Protocol = "TCP" }],
        },
    };

    private V1StatefulSet StatefulSet()
    {
        var labels = SelectorLabels();
        foreach (var (k, v) in names.OptaLabels())
        {
            labels[k] = v;
        }

        var claim = new V1PersistentVolumeClaimSpec
        {
            AccessModes = ["ReadWriteOnce"],
            StorageClassName = spec.StorageClass,
            Resources = new V1VolumeResourceRequirements
            {
                Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = Quantities.Of($"{spec.StorageSizeGi}Gi") },
            },
        };
        return new V1StatefulSet
        {
            ApiVersion = "apps/v1",
            Kind = "StatefulSet",
            Metadata = Meta(spec.Name),
            Spec = new V1StatefulSetSpec
            {
                // One server: a second replica would be a second, empty database behind the same Service.
                Replicas = 1,
                ServiceName = ServiceName(spec.Name),
                Selector = new V1LabelSelector { MatchLabels = SelectorLabels() },
                UpdateStrategy = new V1StatefulSetUpdateStrategy { Type = "RollingUpdate" },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = labels },
                    Spec = new V1PodSpec
                    {
                        AutomountServiceAccountToken = false,
                        // The official images run their server as this uid when not started as root; fsGroup
                        // makes the volume writable to it, so the entrypoint needs no chown.
                        SecurityContext = new V1PodSecurityContext
                        {
                            RunAsNonRoot = true,
                            RunAsUser = Fields.RunAsUser,
                            RunAsGroup = Fields.RunAsUser,
                            FsGroup = Fields.RunAsUser,
                            SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
                        },
                        Containers = [Container()],
                    },
                },
                VolumeClaimTemplates = [new V1PersistentVolumeClaim { Metadata = new V1ObjectMeta { Name = DataVolume }, Spec = claim }],
            },
        };
    }

    private V1Container Container() => new()
    {
        Name = TypeName,
        Image = spec.Image,
        Args = Args(),
        Ports = [new V1ContainerPort { Name = Fields.PortName, ContainerPort = Fields.Port, Protocol = "TCP" }],
        Env = Env(),
        ReadinessProbe = new V1Probe { Exec = new V1ExecAction { Command = Check() }, InitialDelaySeconds = 5, PeriodSeconds = 10, TimeoutSeconds = 5 },
        // Generous: a first start initialises the data directory, and a restart mid-recovery makes it worse.
        LivenessProbe = new V1Probe { Exec = new V1ExecAction { Command = Check() }, InitialDelaySeconds = 30, PeriodSeconds = 20, TimeoutSeconds = 5, FailureThreshold = 6 },
        Resources = new V1ResourceRequirements
        {
            Requests = new Dictionary<string, ResourceQuantity>
            {
                ["cpu"] = Quantities.Of(spec.CpuRequest.Text),
                ["memory"] = Quantities.Of(spec.MemoryRequest.Text),
            },
            Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = Quantities.Of(spec.MemoryRequest.Times(2).Text) },
        },
        SecurityContext = new V1SecurityContext
        {
            AllowPrivilegeEscalation = false,
            Capabilities = new V1Capabilities { Drop = ["ALL"] },
        },
        VolumeMounts = [new V1VolumeMount { Name = DataVolume, MountPath = Fields.DataPath }],
    };

    /// <summary>A check by the server's own client, which answers only once the server accepts connections over TCP.</summary>
    private List<string> Check() => spec.Kind switch
    {
        // During initialisation the entrypoint's temporary server listens on the socket only, so TCP means ready.
        CompanionKind.Postgres => ["pg_isready", "--host=127.0.0.1", $"--port={Fields.Port}", $"--username={Fields.User}", $"--dbname={spec.DatabaseName}"],
        // `ping` succeeds without credentials; the temporary server of the first start has networking off.
        CompanionKind.MySql => ["mysqladmin", "ping", "--host=127.0.0.1", $"--port={Fields.Port}", "--silent"],
        CompanionKind.Redis => ["redis-cli", "-h", "127.0.0.1", "-p", $"{Fields.Port}", "ping"],
        _ => ["mongosh", "--quiet", "--host", "127.0.0.1", "--port", $"{Fields.Port}", "--eval", "db.adminCommand('ping').ok"],
    };

    private List<string>? Args() => spec.Kind switch
    {
        // A subdirectory, so a volume's lost+found does not stop the first initialisation.
        CompanionKind.MySql => [$"--datadir={Fields.DataPath}/data"],
        CompanionKind.Redis => ["--appendonly", "yes", "--dir", Fields.DataPath],
        _ => null,
    };

    private List<V1EnvVar>? Env()
    {
        V1EnvVar Plain(string name, string value) => new() { Name = name, Value = value };
        V1EnvVar FromSecret(string name, string key) => new()
        {
            Name = name,
            ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = SecretName(spec.Name), Key = key } },
        };

        return spec.Kind switch
        {
            CompanionKind.Postgres =>
            [
                Plain("POSTGRES_USER", Fields.User!),
                FromSecret("POSTGRES_PASSWORD", "db_password"),
                Plain("POSTGRES_DB", spec.DatabaseName!),
                // A subdirectory of the volume: initdb refuses a mount point it cannot chmod, or one with lost+found.
                Plain("PGDATA", $"{Fields.DataPath}/pgdata"),
            ],
            CompanionKind.MySql =>
            [
                Plain("MYSQL_USER", Fields.User!),
                FromSecret("MYSQL_PASSWORD", "db_password"),
                Plain("MYSQL_DATABASE", spec.DatabaseName!),
                FromSecret("MYSQL_ROOT_PASSWORD", "root_password"),
            ],
            CompanionKind.MongoDb =>
            [
                Plain("MONGO_INITDB_ROOT_USERNAME", Fields.User!),
                FromSecret("MONGO_INITDB_ROOT_PASSWORD", "db_password"),
                Plain("MONGO_INITDB_DATABASE", spec.DatabaseName!),
            ],
            _ => null,
        };
    }
}
