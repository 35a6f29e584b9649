using k8s.Models;
using Opta.Tests.Support;

namespace Opta.Tests.Planning;

/// <summary>
/// Modules without ports (workers, consumers), as Opta's schema allowed: the pods run, with no Service and no
/// Ingress; health checks only by command; whatever needs a port is an error at the field that asks for it.
/// </summary>
public sealed class WorkerTests
{
    private const string Worker = "name: worker\nimage: ghcr.io/example/worker:1.0\n";

    [Theory]
    [InlineData("", new[] { "ServiceAccount", "Deployment", "HorizontalPodAutoscaler" })]
    [InlineData("min_containers: 2", new[] { "ServiceAccount", "Deployment", "HorizontalPodAutoscaler", "PodDisruptionBudget" })]
    [InlineData("persistent_storage: [{size: 1, path: /data}]", new[] { "ServiceAccount", "StatefulSet", "HorizontalPodAutoscaler" })]
    [InlineData("max_containers: 0\nmin_containers: 0\ncron_jobs: [{commands: [run], schedule: \"0 * * * *\"}]", new[] { "ServiceAccount", "CronJob" })]
    [InlineData("cron_jobs: [{commands: [run], schedule: \"0 * * * *\"}]", new[] { "ServiceAccount", "Deployment", "HorizontalPodAutoscaler", "CronJob" })]
    public void A_module_without_ports_runs_its_pods_with_no_service_and_no_ingress(string extra, string[] kinds)
    {
        using var project = TempProject.WithModule(Worker + extra);
        var plan = PlanAssert.Ok(project.Plan());

        var service = Assert.Single(plan.Services);
        Assert.Equal(kinds, service.Objects.Select(o => o.Kind));
        Assert.Null(service.ServiceDnsName);
        Assert.Empty(service.PublicUrls);
        var pod = service.Objects.OfType<V1Deployment>().Select(d => d.Spec.Template).Concat(service.Objects.OfType<V1StatefulSet>().Select(s => s.Spec.Template)).SingleOrDefault();
        Assert.Null(pod?.Spec.Containers[0].Ports);
    }

    [Fact]
    public void A_worker_is_checked_by_command()
    {
        using var project = TempProject.WithModule(Worker + "healthcheck_command: [\"/bin/check\"]\nreadiness_probe_command: [\"/bin/ready\"]");
        var container = PlanAssert.Single<V1Deployment>(PlanAssert.Ok(project.Plan())).Spec.Template.Spec.Containers[0];

        Assert.Equal(["/bin/check"], container.LivenessProbe.Exec.Command);
        Assert.Equal(["/bin/ready"], container.ReadinessProbe.Exec.Command);
        Assert.Null(container.LivenessProbe.HttpGet);
    }

    [Fact]
    public void Render_of_a_worker_prints_no_service()
    {
        using var project = TempProject.WithModule(Worker);
        var result = Support.Cli.Run(project.Dir, "render", "-c", "opta.yaml");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stderr);
        Assert.Equal(["Namespace", "ServiceAccount", "Deployment", "HorizontalPodAutoscaler"],
            result.Stdout.Split('\n').Where(l => l.StartsWith("kind: ", StringComparison.Ordinal)).Select(l => l[6..]));
        Assert.DoesNotContain("ports:", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("public_uri: /jobs", 10, 5, "modules[0].public_uri: the module has no port, so an Ingress would have nothing to route to; add `port: {http: 8080}` (the container's port), or remove public_uri for a worker")]
    [InlineData("public_uri: [/a, example.com/b]", 10, 5, "modules[0].public_uri: the module has no port")]
    [InlineData("ports: []\npublic_uri: /a", 11, 5, "modules[0].public_uri: the module has no port")]
    [InlineData("healthcheck_path: /healthz", 10, 5, "modules[0].healthcheck_path: an HTTP health check needs a port, and the module has none; check a worker with `healthcheck_command` (a command run in the container), or add `port: {http: 8080}`")]
    [InlineData("liveness_probe_path: /live", 10, 5, "modules[0].liveness_probe_path: an HTTP health check needs a port, and the module has none; check a worker with `liveness_probe_command`")]
    [InlineData("readiness_probe_path: /ready", 10, 5, "modules[0].readiness_probe_path: an HTTP health check needs a port, and the module has none; check a worker with `readiness_probe_command`")]
    [InlineData("probe_port: main", 10, 5, "modules[0].probe_port: 'main' names a port, but the module has no ports; remove probe_port, or add `ports`")]
    public void What_needs_a_port_is_an_error_at_its_field(string extra, int line, int column, string message) =>
        PlanAssert.SingleErrorAt(Worker + extra, line, column, message);

    [Fact]
    public void Every_field_that_needs_a_port_is_reported_at_once()
    {
        using var project = TempProject.WithModule(Worker + "public_uri: /a\nhealthcheck_path: /h");

        Assert.Equal([10, 11], project.Plan().Errors.Select(e => e.Position.Line));
    }
}
