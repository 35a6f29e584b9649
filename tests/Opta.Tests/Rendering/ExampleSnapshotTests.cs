using Opta.Output;
using Opta.Planning;
using Opta.Tests.Support;

namespace Opta.Tests.Rendering;

/// <summary>The rendered examples, reviewed once and pinned: any change to what gets deployed shows up here.</summary>
public sealed class ExampleSnapshotTests
{
    [Theory]
    [InlineData("hello")]
    [InlineData("auto")]
    [InlineData("shop")]
    public void Examples_render_as_reviewed(string example)
    {
        var result = OptaEngine.Plan(Repo.Example(example));

        Snapshot.Match(ManifestWriter.ToYamlStream(PlanAssert.Ok(result).AllObjects()), example);
    }

    /// <summary>
    /// Two processes (each with its own string-hash seed, so any order that leaks from a hash table differs)
    /// print the same bytes, and the same bytes as this process renders.
    /// </summary>
    [Theory]
    [InlineData("auto")]
    [InlineData("hello")]
    public void Rendering_is_deterministic_across_processes(string example)
    {
        var file = Repo.Example(example);
        var first = Support.Cli.Run(Repo.Root, "render", "-c", file);
        var second = Support.Cli.Run(Path.GetTempPath(), "render", "-c", file);

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(first.Stdout, second.Stdout);
        Assert.Equal(ManifestWriter.ToYamlStream(PlanAssert.Ok(OptaEngine.Plan(file, new PlanOptions())).AllObjects()), first.Stdout);
    }

    [Fact]
    public void A_full_featured_module_renders_as_reviewed()
    {
        using var project = TempProject.WithModule("""
            name: api
            image: ghcr.io/acme/api:1.4.2
            ports:
              - {name: http, type: http, port: 8080}
              - {name: metrics, type: tcp, port: 9100, service_port: 9100}
            probe_port: http
            liveness_probe_path: /live
            readiness_probe_path: /ready
            min_containers: 2
            max_containers: 6
            autoscaling_target_cpu_percentage: 70
            resource_request: {cpu: 500m, memory: 1Gi}
            resource_limits: {memory: 3Gi}
            public_uri: [api.acme.dev/v1, /api]
            sticky_session: true
            ingress_extra_annotations: {nginx.ingress.kubernetes.io/proxy-body-size: 8m}
            tolerations: [{key: dedicated, value: api, effect: NoExecute}]
            cron_jobs:
              - {commands: [/bin/api, cleanup], args: [--older-than, 7d], schedule: "0 3 * * *"}
            commands: [/bin/api]
            args: [serve]
            env_vars:
              - {name: LOG_LEVEL, value: info}
            pod_labels: {team: platform}
            pod_annotations: {prometheus.io/scrape: "true"}
            """);

        Snapshot.Match(ManifestWriter.ToYamlStream(PlanAssert.Ok(project.Plan()).AllObjects()), "full-featured");
    }
}
