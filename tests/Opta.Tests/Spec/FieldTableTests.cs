using Opta.Output;
using Opta.Spec;
using Opta.Tests.Support;

namespace Opta.Tests.Spec;

/// <summary>
/// The field table is the one source of each field's default: every default suits its field's type, and every
/// field the table lists is read (a value other than the one the base module reads changes the plan), while
/// deprecated and ignored fields change nothing.
/// </summary>
public sealed class FieldTableTests
{
    /// <summary>The module every row changes one field of: enough around it that each field has an effect.</summary>
    private static readonly Dictionary<string, string> Base = new(StringComparer.Ordinal)
    {
        ["name"] = "web",
        ["image"] = "nginx:1.27",
        ["port"] = "{http: 8080}",
        ["public_uri"] = "\"/app\"",
        ["sticky_session"] = "true",
        ["healthcheck_path"] = "/healthz",
        ["resource_request"] = "{cpu: 100, memory: 128}",
    };

    /// <summary>
    /// Per field: the YAML the row writes for it (further lines `key: value` override other base keys), and a base key
    /// it leaves out (null: none). `type` has no row: it selects the module type, and every flavored name deploys alike.
    /// </summary>
    public static TheoryData<string, string, string?> Changes => new()
    {
        { "name", "api", null },
        { "image", "nginx:1.28", null },
        { "build", "{context: sub}\nimage: AUTO", null },
        { "port", "{grpc: 8080}", null },
        { "ports", "[{name: main, type: http, port: 8080}, {name: metrics, type: tcp, port: 9090}]", "port" },
        { "probe_port", "metrics\nports: [{name: main, type: http, port: 8080}, {name: metrics, type: tcp, port: 9090}]", "port" },
        { "env_vars", "{A: b}", null },
        { "healthcheck_path", "/health", null },
        { "liveness_probe_path", "/live", null },
        { "readiness_probe_path", "/ready", null },
        { "healthcheck_command", "[\"true\"]", "healthcheck_path" },
        { "liveness_probe_command", "[\"true\"]", "healthcheck_path" },
        { "readiness_probe_command", "[\"true\"]", "healthcheck_path" },
        { "initial_liveness_delay", "5", null },
        { "initial_readiness_delay", "5", null },
        { "min_containers", "2", null },
        { "max_containers", "7", null },
        { "autoscaling_target_cpu_percentage", "50", null },
        { "autoscaling_target_mem_percentage", "50", null },
        { "autoscaling_metrics", "[{type: External, name: queue_depth, target_value: 30}]", null },
        { "autoscaling_behavior", "{scale_down: {stabilization_window_seconds: 60}}", null },
        { "resource_request", "{cpu: 250, memory: 512}", null },
        { "resource_limits", "{memory: 1024}", null },
        { "public_uri", "\"/other\"", null },
        { "keep_path_prefix", "true", null },
        { "sticky_session", "false", null },
        { "sticky_session_max_age", "60", null },
        { "consistent_hash", "$request_uri", null },
        { "ingress_extra_annotations", "{a.example.com/b: c}", null },
        { "tolerations", "[{key: dedicated}]", null },
        { "cron_jobs", "[{commands: [\"true\"], schedule: \"*/5 * * * *\"}]", null },
        { "persistent_storage", "[{size: 1, path: /data}]", null },
        { "commands", "[\"serve\"]", null },
        { "args", "[\"--fast\"]", null },
        { "pod_annotations", "{a.example.com/b: c}", null },
        { "pod_labels", "{team: web}", null },
        { "prestop_sleep_seconds", "10", null },
        { "termination_grace_period_seconds", "60", null },
        { "seccomp_profile", "Unconfined", null },
        { "allow_privilege_escalation", "true", null },
        { "automount_service_account_token", "true", null },
        { "links", "[cache]", null },
    };

    /// <summary>Nested fields with a typed default: the row sets the parent so that only this field differs from its default.</summary>
    public static TheoryData<string, string, string> NestedChanges => new()
    {
        { "resource_request.cpu", "resource_request", "{cpu: 101, memory: 128}" },
        { "resource_request.memory", "resource_request", "{cpu: 100, memory: 129}" },
        { "tolerations[].value", "tolerations", "[{key: dedicated, value: other, effect: NoSchedule}]" },
        { "tolerations[].effect", "tolerations", "[{key: dedicated, value: opta, effect: NoExecute}]" },
        { "build.context", "build", "{context: sub, dockerfile: Dockerfile}\nimage: AUTO" },
        { "build.dockerfile", "build", "{context: ., dockerfile: Other.Dockerfile}\nimage: AUTO" },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void Every_supported_field_is_read(string field, string value, string? without)
    {
        var definition = K8sServiceFields.ModuleType.Find(field);
        Assert.NotNull(definition);
        Assert.Equal(FieldSupport.Supported, definition.Support);
        if (definition.Default is { } typed)
        {
            Assert.NotEqual(Convert.ToString(typed, System.Globalization.CultureInfo.InvariantCulture), value);
        }

        Assert.NotEqual(Render(Base), Render(With(field, value, without)));
    }

    [Theory]
    [MemberData(nameof(NestedChanges))]
    public void Nested_fields_with_defaults_are_read(string field, string parent, string value)
    {
        var before = With(parent, Defaults(field, parent), null);
        Assert.NotEqual(Render(before), Render(With(parent, value, null)));
    }

    [Fact]
    public void The_tables_cover_every_field()
    {
        var rows = Changes.Select(r => (string)r[0]).ToHashSet();
        var supported = K8sServiceFields.ModuleType.Fields.Where(f => f.Support == FieldSupport.Supported && f.Name != "type").Select(f => f.Name);
        Assert.Empty(supported.Except(rows));

        var nested = NestedChanges.Select(r => (string)r[0]).ToHashSet();
        var withDefaults = Nested("", K8sServiceFields.ModuleType.Fields).Where(x => x.Path.Contains('.', StringComparison.Ordinal) && x.Field.Default is not null).Select(x => x.Path);
        Assert.Empty(withDefaults.Except(nested));
    }

    [Theory]
    [InlineData("depends_on", "[db]")]
    [InlineData("secrets", "[a]")]
    [InlineData("timeout", "300")]
    [InlineData("max_history", "3")]
    public void Deprecated_and_ignored_fields_change_nothing(string field, string value)
    {
        Assert.NotEqual(FieldSupport.Supported, K8sServiceFields.ModuleType.Find(field)!.Support);
        Assert.Equal(Render(Base), Render(With(field, value, null)));
    }

    [Fact]
    public void Every_default_suits_its_field_type()
    {
        var tables = ModuleTypes.All.Select(t => t.Fields.Fields)
            .Concat([FileFields.ServiceFile.Fields, FileFields.EnvironmentFile.Fields, FileFields.EnvironmentEntry.Fields, FileFields.InputVariable.Fields]);
        var all = tables.SelectMany(t => Nested("", t)).ToList();
        Assert.Contains(all, x => x.Field.Default is not null);
        foreach (var (path, field) in all)
        {
            Assert.True(FieldDefaults.Fits(field.Type, field.Default), $"{path}: default {field.Default} does not suit {field.Type.Describe()}");
        }
    }

    [Fact]
    public void A_field_left_out_reads_as_its_default()
    {
        var explicitDefaults = new Dictionary<string, string>(Base, StringComparer.Ordinal);
        foreach (var field in K8sServiceFields.ModuleType.Fields.Where(f => f.Default is not null && !Base.ContainsKey(f.Name)))
        {
            explicitDefaults[field.Name] = field.Default is bool b ? (b ? "true" : "false") : Convert.ToString(field.Default, System.Globalization.CultureInfo.InvariantCulture)!;
        }

        Assert.True(explicitDefaults.Count > Base.Count + 5);
        Assert.Equal(Render(Base), Render(explicitDefaults));
    }

    /// <summary>The parent's value with every nested default written out (for the nested rows).</summary>
    private static string Defaults(string field, string parent) => parent switch
    {
        "resource_request" => "{cpu: 100, memory: 128}",
        "tolerations" => "[{key: dedicated, value: opta, effect: NoSchedule}]",
        "build" => "{context: ., dockerfile: Dockerfile}\nimage: AUTO",
        _ => throw new ArgumentException(field),
    };

    private static IEnumerable<(string Path, FieldDefinition Field)> Nested(string prefix, IReadOnlyList<FieldDefinition> fields)
    {
        foreach (var field in fields)
        {
            var path = prefix + field.Name;
            yield return (path, field);
            foreach (var (suffix, obj) in Objects(field.Type))
            {
                foreach (var child in Nested(path + suffix, obj.Fields))
                {
                    yield return child;
                }
            }
        }
    }

    private static IEnumerable<(string Suffix, ObjectType Type)> Objects(FieldType type) => type switch
    {
        ObjectType o => [(".", o)],
        ListType { Item: var item } => Objects(item).Select(n => ("[]" + n.Suffix, n.Type)),
        OneOfType { Alternatives: var alternatives } => alternatives.SelectMany(Objects),
        _ => [],
    };

    private static Dictionary<string, string> With(string field, string value, string? without)
    {
        var module = new Dictionary<string, string>(Base, StringComparer.Ordinal);
        if (without is not null)
        {
            module.Remove(without);
        }

        var lines = value.Split('\n');
        module[field] = lines[0];
        foreach (var extra in lines.Skip(1))
        {
            var colon = extra.IndexOf(':', StringComparison.Ordinal);
            module[extra[..colon]] = extra[(colon + 1)..].Trim();
        }

        return module;
    }

    private static string Render(Dictionary<string, string> module)
    {
        var body = string.Join("\n", module.Where(e => e.Key != "type").Select(e => $"{e.Key}: {e.Value}"));
        var type = module.GetValueOrDefault("type", "k8s-service");
        using var project = new TempProject();
        project.Write("Dockerfile", "FROM scratch\n").Write("sub/Dockerfile", "FROM scratch\n").Write("Other.Dockerfile", "FROM scratch\n");
        var indented = string.Join("\n", body.Split('\n').Select(l => "    " + l));
        // A database beside the module, for `links` to name.
        project.Write("opta.yaml", $"name: shop\nenvironments:\n  - name: staging\n    path: opta.yaml\nmodules:\n  - type: {type}\n{indented}\n  - {{type: redis, name: cache}}\n");
        var plan = PlanAssert.Ok(project.Plan());
        return ManifestWriter.ToYamlStream(plan.AllObjects());
    }
}
