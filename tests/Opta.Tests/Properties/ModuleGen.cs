using System.Text;
using CsCheck;
using Opta.Loading;

namespace Opta.Tests.Properties;

/// <summary>A valid k8s-service module, as the generator chose it; <see cref="Yaml"/> writes it for opta.yaml.</summary>
public sealed record GeneratedModule(
    string Name,
    string Image,
    string Ports,
    string? Probe,
    (int Min, int Max) Replicas,
    (string Cpu, string Memory, string? MemoryLimit) Resources,
    string[] Routes,
    (string Key, string Value)[] PodLabels,
    (string Key, string Value)[] PodAnnotations,
    (string Name, string Value)[] EnvVars,
    bool EnvAsList,
    (string Key, string Value)[] Tolerations,
    string[] Schedules,
    string[] Volumes,
    bool Sticky)
{
    public string Yaml()
    {
        var sb = new StringBuilder();
        sb.Append($"  - type: k8s-service\n    name: {Name}\n    image: {Image}\n{Ports}");
        if (Probe is not null)
        {
            sb.Append(Probe);
        }

        sb.Append($"    min_containers: {Replicas.Min}\n    max_containers: {Replicas.Max}\n");
        sb.Append($"    resource_request: {{cpu: \"{Resources.Cpu}\", memory: \"{Resources.Memory}\"}}\n");
        if (Resources.MemoryLimit is { } limit)
        {
            sb.Append($"    resource_limits: {{memory: \"{limit}\"}}\n");
        }

        if (Routes.Length > 0)
        {
            sb.Append($"    public_uri: [{string.Join(", ", Routes.Select(Quote))}]\n");
        }

        Map("pod_labels", PodLabels);
        Map("pod_annotations", PodAnnotations);
        if (EnvVars.Length > 0)
        {
            sb.Append(EnvAsList
                ? "    env_vars:\n" + string.Concat(EnvVars.Select(e => $"      - {{name: {e.Name}, value: {Quote(e.Value)}}}\n"))
                : "    env_vars:\n" + string.Concat(EnvVars.Select(e => $"      {e.Name}: {Quote(e.Value)}\n")));
        }

        if (Tolerations.Length > 0)
        {
            sb.Append("    tolerations:\n" + string.Concat(Tolerations.Select(t => $"      - {{key: {Quote(t.Key)}, value: {Quote(t.Value)}}}\n")));
        }

        if (Schedules.Length > 0)
        {
            sb.Append("    cron_jobs:\n" + string.Concat(Schedules.Select(s => $"      - {{commands: [/bin/job], args: [run], schedule: {Quote(s)}}}\n")));
        }

        if (Volumes.Length > 0)
        {
            sb.Append("    persistent_storage:\n" + string.Concat(Volumes.Select((p, i) => $"      - {{size: {i + 1}, path: {p}}}\n")));
        }

        sb.Append($"    sticky_session: {(Sticky ? "true" : "false")}\n");
        return sb.ToString();

        void Map(string field, (string Key, string Value)[] entries)
        {
            if (entries.Length > 0)
            {
                sb.Append($"    {field}:\n" + string.Concat(entries.Select(e => $"      {Quote(e.Key)}: {Quote(e.Value)}\n")));
            }
        }
    }

    private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}

/// <summary>A service file of generated modules, with its environment in the same file.</summary>
public sealed record GeneratedProject(string Layer, string Environment, GeneratedModule[] Modules)
{
    public string Yaml() =>
        $"name: {Layer}\nenvironments:\n  - name: {Environment}\n    path: opta.yaml\nmodules:\n" + string.Concat(Modules.Select(m => m.Yaml()));

    /// <summary>Plans the project from memory (no files), with a tag for <c>image: AUTO</c>.</summary>
    public PlanResult Plan() => OptaEngine.Plan("opta.yaml", new Opta.Planning.PlanOptions
    {
        Reader = new MemoryReader(Yaml()),
        ImageTag = "v1",
        ResolveImageBuilds = false,
    });

    private sealed class MemoryReader(string text) : ISourceReader
    {
        public string? Read(string path, long maxBytes, out string? whyNot)
        {
            // The loader hands readers the resolved absolute path.
            whyNot = ProjectLoader.Display(Path.GetRelativePath(System.Environment.CurrentDirectory, path)) == "opta.yaml" ? null : "no such file";
            return whyNot is null ? text : null;
        }
    }
}

/// <summary>Generators of valid modules: every value within the rules opta-infra and Kubernetes state.</summary>
public static class ModuleGen
{
    private const string Lower = "abcdefghijklmnopqrstuvwxyz";
    private const string Alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    /// <summary>One of <paramref name="values"/>; shrinks towards the first.</summary>
    private static Gen<T> Of<T>(params T[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);

    private static Gen<string> Str(string first, string middle, string last, int maxMiddle) =>
        from f in Gen.Char[first]
        from single in Gen.Bool
        from m in Gen.Char[middle].Array[0, maxMiddle]
        from l in Gen.Char[last]
        select single ? f.ToString() : f + new string(m) + l;

    /// <summary>A DNS label: lowercase, starting with a letter.</summary>
    public static Gen<string> DnsName(int maxLength) => Str(Lower, Lower + "0123456789-", Lower + "0123456789", Math.Max(0, maxLength - 2));

    public static Gen<string> LabelValue { get; } = Gen.OneOf(Gen.Const(""), Str(Alnum, Alnum + "-_.", Alnum, 61));

    public static Gen<string> LabelKey { get; } =
        from prefix in Of("", "example.com/", "team.acme.io/")
        from name in Str(Alnum, Alnum + "-_.", Alnum, 20)
        where prefix + name is not "app.kubernetes.io/name" and not "app.kubernetes.io/instance"
        select prefix + name;

    /// <summary>Any printable text; braces doubled, as literal braces are written in opta.yaml.</summary>
    private static Gen<string> AnnotationValue { get; } =
        Gen.Char[' ', '~'].Array[0, 60].Select(c => new string(c).Replace("{", "{{").Replace("}", "}}"));

    private static Gen<(string, string)[]> Pairs(Gen<string> keys, Gen<string> values, int max) =>
        Gen.Select(keys, values).Array[0, max].Select(a => a.DistinctBy(p => p.Item1).ToArray());

    private static Gen<string> Ports { get; } = Gen.OneOf(
        from key in Of("http", "grpc", "websocket", "tcp")
        from number in Gen.Int[1, 65535]
        select $"    port: {{{key}: {number}}}\n",
        from count in Gen.Int[1, 3]
        from numbers in Gen.Int[1, 65535].Array[count].Where(a => a.Distinct().Count() == a.Length)
        from httpIndex in Gen.Int[-1, count - 1]
        from protocol in Of<string?>(null, "grpc", "websocket")
        select "    ports:\n" + string.Concat(numbers.Select((n, i) =>
            $"      - {{name: {new[] { "web", "metrics", "admin-1" }[i]}, type: {(i == httpIndex ? "http" : "tcp")}, port: {n}, service_port: {n}" +
            (i == httpIndex && protocol is not null ? $", protocol: {protocol}" : "") + "}\n")));

    private static Gen<string?> Probe { get; } = Of<string?>(
        null, "    healthcheck_path: /healthz\n", "    healthcheck_command: [\"true\"]\n",
        "    liveness_probe_path: /live\n    readiness_probe_path: /ready\n");

    private static Gen<(string, string, string?)> Resources { get; } =
        from cpu in Of("100", "250m", "0.5", "2")
        from memory in Of("128", "256Mi", "1Gi")
        from limit in Of<string?>(null, "2Gi", "4096Mi")
        select (cpu, memory, limit);

    private static Gen<string> Schedule { get; } = Of("*/5 * * * *", "0 3 * * *", "@hourly", "15 2 1-15 JAN-MAR mon-fri", "0 0 * * 0");

    public static Gen<GeneratedModule> Module { get; } =
        from image in Of("nginx:1.27", "ghcr.io/acme/api@sha256:" + new string('a', 64), "AUTO")
        from ports in Ports
        from probe in Probe
        from replicas in Gen.OneOf(Gen.Const((0, 0)), from min in Gen.Int[1, 4] from extra in Gen.Int[0, 4] select (min, min + extra))
        from resources in Resources
        from routes in Of("/", "/api", "api.example.com", "api.example.com/v1", "*.example.com/x", "/a/b").Array[0, 3].Select(r => r.Distinct().ToArray())
        from podLabels in Pairs(LabelKey, LabelValue, 3)
        from podAnnotations in Pairs(LabelKey, AnnotationValue, 2)
        from env in Pairs(Of("A", "LOG_LEVEL", "x.y", "_Z9"), Of("", "1", "{env}", "{layer_name}-{module_name}", "a b: c"), 3)
        from envAsList in Gen.Bool
        from tolerations in Pairs(LabelKey, LabelValue, 2)
        from schedules in Schedule.Array[0, 2]
        from volumes in Of("/data", "/var/lib/x", "/cache").Array[0, 2].Select(v => v.Distinct().ToArray())
        from sticky in Gen.Bool
        select new GeneratedModule("web", image, ports, probe, replicas, resources, routes, podLabels, podAnnotations, env, envAsList, tolerations, schedules, volumes, sticky);

    /// <summary>1–3 modules with distinct names; layer and module names short enough for every derived name.</summary>
    public static Gen<GeneratedProject> Project { get; } =
        from layer in DnsName(15)
        from environment in Gen.OneOf(DnsName(10), Of("Prod_EU", "staging.2"))
        from count in Gen.Int[1, 3]
        from names in DnsName(20).Array[count].Where(n => n.Distinct().Count() == n.Length)
        from modules in Module.Array[count]
        select new GeneratedProject(layer, environment, modules.Select((m, i) => m with { Name = names[i] }).ToArray());
}
