namespace Opta.Spec;

/// <summary>
/// The module types Opta had that opta-infra does not deploy, grouped by what it does with them: cloud resources
/// (external: a warning, and links read the values Opta left in the layer's <c>secret</c> Secret) and
/// environment-level or Opta-runtime modules (skipped with a warning saying why). Names from run-x/opta's
/// <c>config/registry/*</c> and <c>modules/</c>.
/// </summary>
public static class OptaModuleCatalog
{
    private const string ExternalNote = "a cloud resource that opta-infra does not create or change; it keeps running where Opta created it";

    public static ModuleTypeDefinition CloudSqlDatabase { get; } = External(
        "cloud-sql-database", "Cloud SQL databases",
        ["aws-postgres", "aws-mysql", "gcp-postgres", "gcp-mysql", "azure-postgres"],
        LinkTarget.Secrets(CompanionFields.DatabaseVariables),
        "Opta's managed PostgreSQL and MySQL (RDS/Aurora, Cloud SQL, Azure Database); also what `postgres` and `mysql` mean under a cloud provider.");

    public static ModuleTypeDefinition CloudRedis { get; } = External(
        "cloud-redis", "Cloud Redis caches",
        ["aws-redis", "gcp-redis", "azure-redis"],
        LinkTarget.Secrets("cache_host", "cache_auth_token"),
        "Opta's managed Redis (ElastiCache, Memorystore, Azure Cache); also what `redis` means under a cloud provider.");

    public static ModuleTypeDefinition DocumentDb { get; } = External(
        "aws-documentdb", "AWS DocumentDB", ["aws-documentdb"],
        LinkTarget.Secrets("db_user", "db_host", "db_password"),
        "A DocumentDB cluster.");

    public static ModuleTypeDefinition MongoDbAtlas { get; } = External(
        "mongodb-atlas", "MongoDB Atlas", ["mongodb-atlas"],
        LinkTarget.Secrets("db_password", "db_user", "mongodb_atlas_connection_string"),
        "A MongoDB Atlas cluster.");

    public static ModuleTypeDefinition ReadWriteStore { get; } = External(
        "cloud-storage", "Cloud storage (S3, DynamoDB, GCS)", ["aws-s3", "aws-dynamodb", "gcp-gcs"],
        LinkTarget.Grants(["read", "write"], ["write"]),
        "A bucket or table; Opta turned a link into IAM permissions (`read`, `write`; default `write`).");

    public static ModuleTypeDefinition Queue { get; } = External(
        "aws-sqs", "AWS SQS", ["aws-sqs"],
        LinkTarget.Grants(["publish", "subscribe"], ["publish", "subscribe"]),
        "A queue; Opta turned a link into IAM permissions (`publish`, `subscribe`; default both).");

    public static ModuleTypeDefinition Topic { get; } = External(
        "aws-sns", "AWS SNS", ["aws-sns"],
        LinkTarget.Grants(["publish"], ["publish"]),
        "A topic; Opta turned a link into IAM permissions (`publish`).");

    public static ModuleTypeDefinition OtherCloudResource { get; } = External(
        "cloud-resource", "Other cloud resources",
        ["aws-ses", "aws-iam-role", "aws-iam-user", "aws-iam-policy", "gcp-service-account", "cloudfront-distribution", "aws-cloudfront-distribution", "lambda-function", "global-accelerator", "external-ssl-cert"],
        link: null,
        "Cloud resources with nothing to link to a service (IAM, e-mail, CDN, functions, certificates).");

    public static ModuleTypeDefinition EnvironmentModule { get; } = Skipped(
        "environment-module", "Environment modules",
        ["base", "dns", "k8s-cluster", "k8s-base", "aws-base", "aws-dns", "aws-eks", "aws-k8s-base", "aws-nodegroup", "aws-vpn",
         "gcp-base", "gcp-dns", "gcp-gke", "gcp-k8s-base", "gcp-nodepool", "azure-base", "azure-dns", "azure-aks", "azure-k8s-base",
         "local-base", "local-dns", "local-k8s-base", "local-kind", "new-aws-base"],
        "an environment-level module (network, cluster, DNS); it belongs to the environment file, and opta-infra deploys to a cluster that already exists",
        "The environment's network, cluster and DNS. In an environment file they are expected and skipped silently; a `dns` module's `domain` is `{parent.domain}` and `{module.<name>.domain}`.");

    public static ModuleTypeDefinition OptaRuntime { get; } = Skipped(
        "opta-runtime", "Opta runtime modules",
        ["external-state", "custom-terraform", "helm-chart", "runx", "datadog"],
        "it runs through Opta's Terraform or Helm runtime, which opta-infra replaces with Pulumi; declare what it deployed in Pulumi directly",
        "Terraform state, custom Terraform, Helm charts and agents installed by Opta.");

    public static ModuleTypeDefinition KubernetesManifest { get; } = Skipped(
        "k8s-manifest", "Kubernetes manifests", ["k8s-manifest"],
        "its manifest is not deployed by opta-infra yet; apply it with `kubectl apply -f` or declare it in Pulumi",
        "A file of Kubernetes objects applied by Opta. Not deployed yet.");

    public static IReadOnlyList<ModuleTypeDefinition> All { get; } =
        [CloudSqlDatabase, CloudRedis, DocumentDb, MongoDbAtlas, ReadWriteStore, Queue, Topic, OtherCloudResource, EnvironmentModule, OptaRuntime, KubernetesManifest];

    private static ModuleTypeDefinition External(string name, string title, string[] typeNames, LinkTarget? link, string intro) =>
        Open(name, title, typeNames, ModuleHandling.External, ExternalNote, link, intro
            + (link is null ? " Nothing to link." : link.GivesVariables
                ? $" A link gives `<module>_{string.Join("`, `<module>_", link.Variables)}`, read from the Secret `secret` Opta left in the layer's namespace."
                : $" A link's permissions ({string.Join(", ", link.Permissions)}) are not granted: a warning names them."));

    private static ModuleTypeDefinition Skipped(string name, string title, string[] typeNames, string note, string intro) =>
        Open(name, title, typeNames, ModuleHandling.Skipped, note, link: null, intro);

    private static ModuleTypeDefinition Open(string name, string title, string[] typeNames, ModuleHandling handling, string note, LinkTarget? link, string intro)
    {
        var keys = ModuleKeyFields.For(typeNames, $"One of {string.Join(", ", typeNames.Select(t => $"`{t}`"))}.");
        var camel = string.Concat(name.Split('-').Select((p, i) => i == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..]));
        return new ModuleTypeDefinition
        {
            Name = name,
            TypeNames = typeNames,
            ModuleKeys = keys,
            Fields = new ObjectType(keys, $"a {typeNames[0]} module"),
            SchemaName = camel + "Module",
            SchemaDescription = $"{title}: {(handling == ModuleHandling.External ? "external" : "skipped")}, {note}. Its other fields are Opta's and not checked.",
            ReferenceTitle = $"{title} ({(handling == ModuleHandling.External ? "external" : "skipped")})",
            ReferenceIntro = $"{intro} `type`: {string.Join(", ", typeNames.Select(t => $"`{t}`"))}. opta-infra does not deploy these: {note} (one warning per module). Their other fields are Opta's and accepted unchecked.",
            Handling = handling,
            HandlingNote = note,
            AcceptsAnyField = true,
            Link = link,
        };
    }
}
