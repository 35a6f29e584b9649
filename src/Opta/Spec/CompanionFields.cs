namespace Opta.Spec;

/// <summary>
/// The fields of one in-cluster database module (<c>postgres</c>, <c>mysql</c>, <c>redis</c>, <c>mongodb</c> and their
/// <c>local-*</c> names): what opta-infra deploys for it and the defaults, in one place. Opta's cloud inputs for the
/// same database are accepted with a warning, so a file written for a cloud environment also runs locally.
/// </summary>
public sealed record CompanionFields
{
    public required CompanionKind Kind { get; init; }

    /// <summary>The server's port, the Service's too.</summary>
    public required int Port { get; init; }

    /// <summary>The port's name on the container and the Service.</summary>
    public required string PortName { get; init; }

    /// <summary>The uid (and gid) the official image runs its server as; the pods run as it, never as root.</summary>
    public required long RunAsUser { get; init; }

    /// <summary>Where the image keeps its data: the volume's mount path.</summary>
    public required string DataPath { get; init; }

    /// <summary>The user the linked services connect as (null: the server has no users, as Opta's redis).</summary>
    public string? User { get; init; }

    public required FieldDefinition Image { get; init; }

    public required FieldDefinition StorageSize { get; init; }

    public required FieldDefinition StorageClass { get; init; }

    /// <summary>The database created on first start (null for redis).</summary>
    public FieldDefinition? DatabaseName { get; init; }

    public required FieldDefinition CpuRequest { get; init; }

    public required FieldDefinition MemoryRequest { get; init; }

    public required ModuleTypeDefinition Definition { get; init; }

    /// <summary>The link variables of the database, as Opta's local module output them.</summary>
    public static readonly string[] DatabaseVariables = ["db_user", "db_password", "db_name", "db_host"];

    public static CompanionFields Postgres { get; } = Create(
        CompanionKind.Postgres, "postgres", ["postgres", "local-postgres"], "postgres:16.4", port: 5432, portName: "postgres",
        uid: 999, dataPath: "/var/lib/postgresql/data", user: "postgres", databaseField: "database_name", memory: 256,
        ignored: ["instance_class", "engine_version", "multi_az", "safety", "backup_retention_days", "extra_security_groups_ids", "create_global_database", "existing_global_database_id", "instance_tier", "sku_name"],
        "PostgreSQL (the official `postgres` image)");

    public static CompanionFields MySql { get; } = Create(
        CompanionKind.MySql, "mysql", ["mysql", "local-mysql"], "mysql:8.4.2", port: 3306, portName: "mysql",
        uid: 999, dataPath: "/var/lib/mysql", user: "mysql", databaseField: "db_name", memory: 512,
        ignored: ["instance_class", "engine_version", "multi_az", "safety", "backup_retention_days", "instance_tier", "identifier"],
        "MySQL (the official `mysql` image)");

    public static CompanionFields Redis { get; } = Create(
        CompanionKind.Redis, "redis", ["redis", "local-redis"], "redis:7.4.0", port: 6379, portName: "redis",
        uid: 999, dataPath: "/data", user: null, databaseField: null, memory: 64,
        ignored: ["node_type", "redis_version", "snapshot_retention_limit", "snapshot_window", "memory_size_gb", "high_availability", "sku_name", "family", "capacity"],
        "Redis (the official `redis` image, standalone, no password, as Opta's local redis)");

    public static CompanionFields MongoDb { get; } = Create(
        CompanionKind.MongoDb, "mongodb", ["mongodb", "local-mongodb"], "mongo:7.0.14", port: 27017, portName: "mongodb",
        uid: 999, dataPath: "/data/db", user: "mongodb", databaseField: "database_name", memory: 512,
        ignored: [],
        "MongoDB (the official `mongo` image)");

    public static IReadOnlyList<CompanionFields> All { get; } = [Postgres, MySql, Redis, MongoDb];

    public static CompanionFields Of(CompanionKind kind) => All.Single(c => c.Kind == kind);

    private static CompanionFields Create(
        CompanionKind kind, string name, string[] typeNames, string image, int port, string portName, long uid, string dataPath,
        string? user, string? databaseField, int memory, string[] ignored, string what)
    {
        var imageField = new FieldDefinition
        {
            Name = "image", New = true, Type = new StringType(MaxLength: 1024), Default = image,
            Description = $"The server's image. Pinned; change it deliberately (a major version upgrade needs a dump and restore).",
        };
        var storageSize = new FieldDefinition
        {
            Name = "storage_size", New = true, Type = new IntType(1, 65536), Default = 1,
            Description = "Size of the data volume, in GiB. Kubernetes never resizes a claim a StatefulSet already made: to grow it later, also resize the claim `data-<module>-0` with kubectl (its storage class must allow expansion).",
        };
        var storageClass = new FieldDefinition
        {
            Name = "storage_class", New = true, Type = new StringType(), DefaultText = "the cluster's default storage class",
            Description = "The volume claim's `storageClassName`.",
        };
        FieldDefinition? database = databaseField is null ? null : new FieldDefinition
        {
            Name = databaseField, Type = new StringType("^[A-Za-z_][A-Za-z0-9_]{0,62}$", "letters, digits and '_', not starting with a digit, at most 63"), Default = "appdb",
            Description = "The database created on first start (`<module>_db_name`).",
            Opta = "A field of the cloud module; the local module always used `appdb`.",
        };
        var cpu = new FieldDefinition { Name = "cpu", Type = new QuantityType(QuantityKind.Cpu), Default = 100, Description = "CPU request." };
        var mem = new FieldDefinition { Name = "memory", Type = new QuantityType(QuantityKind.Memory), Default = memory, Description = "Memory request; the limit is twice it." };
        var fields = new List<FieldDefinition> { imageField, storageSize, storageClass };
        if (database is not null)
        {
            fields.Add(database);
        }

        fields.Add(new FieldDefinition
        {
            Name = "resource_request", New = true, Type = new ObjectType([cpu, mem]),
            DefaultText = $"`{{cpu: 100, memory: {memory}}}`",
            Description = "Resource requests of the server. Integers are millicores and MiB; Kubernetes quantities work too.",
        });
        fields.AddRange(ignored.Select(f => new FieldDefinition
        {
            Name = f, Type = new AnyType(), Support = FieldSupport.Ignored,
            Description = "An input of Opta's cloud module for this database.",
            SupportNote = f.Contains("version", StringComparison.Ordinal)
                ? "it configures the cloud database; in the cluster the version is the `image`'s"
                : "it configures the cloud database, which opta-infra does not create",
        }));

        var keys = ModuleKeyFields.For(typeNames, $"`{name}`, or `local-{name}`: a {what} in the layer's namespace when the environment is local; under a cloud provider `{name}` is Opta's cloud database, which opta-infra does not manage.");
        var definition = new ModuleTypeDefinition
        {
            Name = name,
            TypeNames = typeNames,
            ModuleKeys = keys,
            Fields = new ObjectType([.. keys, .. fields], $"a {name} module"),
            SchemaName = name + "Module",
            SchemaDescription = $"An Opta `{name}` module: deployed in the cluster when the environment is local; see docs/fields.md.",
            ReferenceTitle = $"`{name}` module (deployed in the cluster)",
            ReferenceIntro = $"{what}: a StatefulSet of one pod with a {storageSize.Default} GiB volume (`storage_size`), a Service `<module>` on port {port}, "
                + "health checks by the server's own client, and a Secret `<module>-credentials` holding "
                + (user is null ? "`cache_host`" : "`db_user`, a password generated once per stack, `db_name` and `db_host`")
                + $". Deployed when `type` is `local-{name}`, or `{name}` and the environment's `providers` name no cloud (`aws`, `google`, `azurerm`); otherwise it is Opta's cloud database (external, see below). "
                + $"Links give {(user is null ? "`<module>_cache_host`" : "`<module>_db_user`, `<module>_db_password`, `<module>_db_name`, `<module>_db_host`")}.",
            Handling = ModuleHandling.Deployed,
            // Opta's local redis had no auth token, so a link gives its host alone.
            Link = LinkTarget.Secrets(kind == CompanionKind.Redis ? ["cache_host"] : DatabaseVariables),
            Companion = kind,
        };
        return new CompanionFields
        {
            Kind = kind,
            Port = port,
            PortName = portName,
            RunAsUser = uid,
            DataPath = dataPath,
            User = user,
            Image = imageField,
            StorageSize = storageSize,
            StorageClass = storageClass,
            DatabaseName = database,
            CpuRequest = cpu,
            MemoryRequest = mem,
            Definition = definition,
        };
    }
}
