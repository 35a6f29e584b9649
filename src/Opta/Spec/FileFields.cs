namespace Opta.Spec;

/// <summary>The top-level keys of the service file and of an environment file.</summary>
public static class FileFields
{
    public const string LayerNamePattern = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

    /// <summary>
    /// Most modules in one file (well above the 2,000-service fleets bench/ measures, where planning is linear and
    /// peaks at 130 MB; see docs/performance.md), and most environments a service lists.
    /// </summary>
    public const int MaxModules = 5_000;
    public const int MaxEnvironments = 100;

    private static readonly StringType Str = new();

    public static ObjectType InputVariable { get; } = new(
    [
        new() { Name = "name", Type = Str, Required = true, Description = "Variable name, used as `{vars.NAME}`." },
        new() { Name = "default", Type = new AnyType(), Description = "Value when `--var NAME=…` is not given." },
        new() { Name = "description", Type = Str, Description = "What it is for." },
    ], "an input variable");

    public static ObjectType EnvironmentEntry { get; } = new(
    [
        new() { Name = "name", Type = Str, Required = true, Description = "Name selected with `--env` (or the Pulumi config `opta-infra:environment`)." },
        new() { Name = "path", Type = Str, Required = true, Description = "The environment file, relative to the service file. The service file itself means no separate environment file." },
        new() { Name = "variables", Type = new MapType(new AnyType()), Description = "Values for `{variables.x}` and `{vars.x}`." },
        new() { Name = "vars", Type = new MapType(new AnyType()), Description = "Merged over `variables`." },
    ], "an environment");

    public static ObjectType ServiceFile { get; } = new(
    [
        new()
        {
            Name = "name", Type = new StringType(LayerNamePattern, "lowercase letters, digits and dashes"), Required = true,
            Description = "The layer (service) name: it becomes the namespace and the prefix of every object name. At most 63 characters.",
        },
        new() { Name = "environments", Type = new ListType(EnvironmentEntry, MaxEnvironments), Required = true, Description = $"The environments this service deploys to. At most {MaxEnvironments}." },
        new() { Name = "modules", Type = new ListType(new AnyType(), MaxModules), Required = true, Description = $"The modules: `k8s-service` and the databases (`postgres`, `mysql`, `redis`, `mongodb`) are deployed; cloud modules are external and environment modules skipped, each with a warning. At most {MaxModules}." },
        new() { Name = "input_variables", Type = new ListType(InputVariable), Description = "Variables given on the command line with `--var NAME=value`." },
    ], "a service file");

    public static ObjectType EnvironmentFile { get; } = new(
    [
        new() { Name = "name", Type = Str, Required = true, Description = "The environment's name: `{env}` and the `opta.dev/environment-name` label." },
        new() { Name = "org_name", Type = Str, Description = "Organisation name (not used by opta-infra)." },
        new() { Name = "providers", Type = new MapType(new AnyType()), Description = "Cloud providers. A cloud (`aws`, `google`, `azurerm`) makes `postgres`, `mysql` and `redis` mean its managed databases (external); `local: {}` or no providers, the databases opta-infra deploys in the cluster." },
        new() { Name = "modules", Type = new ListType(new AnyType(), MaxModules), Description = "Environment modules; a `dns` module's `domain` is `{parent.domain}`." },
        new() { Name = "input_variables", Type = new ListType(InputVariable), Description = "Input variables." },
    ], "an environment file");
}
