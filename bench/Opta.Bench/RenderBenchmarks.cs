using BenchmarkDotNet.Attributes;
using k8s;
using k8s.Models;
using Opta.Output;
using Opta.Planning;

namespace Opta.Bench;

/// <summary>
/// load + validate + plan + render for a service file of N k8s-service modules (ServiceFileGenerator).
/// Ratios are against <see cref="Plan"/> (load, validate, interpolate, plan) at the same N.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class RenderBenchmarks
{
    private string dir = "";
    private string serviceFile = "";
    private List<IKubernetesObject<V1ObjectMeta>> objects = [];

    [Params(10, 100, 1000)]
    public int Services { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        dir = Directory.CreateTempSubdirectory("opta-bench-").FullName;
        serviceFile = Path.Combine(dir, "opta.yaml");
        File.WriteAllText(serviceFile, ServiceFileGenerator.Generate(Services));
        objects = OptaEngine.Plan(serviceFile).PlanOrThrow().AllObjects().ToList();
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(dir, recursive: true);

    /// <summary>Load, validate, interpolate and plan: everything but the YAML output.</summary>
    [Benchmark(Baseline = true)]
    public int Plan() => OptaEngine.Plan(serviceFile).PlanOrThrow().Services.Count;

    /// <summary>
    /// The Pulumi program's Plan step: the engine called as OptaStack calls it (an environment, the registry, the
    /// stack's secrets as a lookup). Its ratio to <see cref="Plan"/> is the program's own overhead.
    /// </summary>
    [Benchmark]
    public int PlanAsThePulumiProgram() => OptaEngine.Plan(serviceFile, new PlanOptions
    {
        Environment = "staging",
        Registry = PlanOptions.DefaultRegistry,
        IngressClass = PlanOptions.DefaultIngressClass,
        Secrets = new Dictionary<string, string>().GetValueOrDefault,
    }).PlanOrThrow().Services.Count;

    /// <summary>What <c>opta-infra render</c> does in-process: plan, then the YAML stream.</summary>
    [Benchmark]
    public int PlanAndRender() => ManifestWriter.ToYamlStream(OptaEngine.Plan(serviceFile).PlanOrThrow().AllObjects()).Length;

    /// <summary>The YAML stream of an existing plan.</summary>
    [Benchmark]
    public int Render() => ManifestWriter.ToYamlStream(objects).Length;

    /// <summary>The same stream through YamlDotNet's emitter instead of the block emitter (what it replaced).</summary>
    [Benchmark]
    public int RenderWithYamlDotNetEmitter() => ManifestWriter.ToYamlStream(objects, blockEmitter: false).Length;

    /// <summary>The same stream through KubernetesYaml.Serialize, the format's reference (what Render replaced).</summary>
    [Benchmark]
    public int RenderWithKubernetesYaml() =>
        string.Join("---\n", objects.Select(o => KubernetesYaml.Serialize(o) is var text && text.EndsWith('\n') ? text : text + "\n")).Length;
}
