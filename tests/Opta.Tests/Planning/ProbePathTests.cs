using k8s.Models;
using Opta.Tests.Support;

namespace Opta.Tests.Planning;

/// <summary>A health-check path without its leading '/' (`ht/`, seen in real files) is written with it, with one warning.</summary>
public sealed class ProbePathTests
{
    private const string Web = "name: web\nimage: nginx\nport: {http: 8080}\n";

    [Theory]
    [InlineData("healthcheck_path: ht/", "/ht/", "/ht/", "modules[0].healthcheck_path: 'ht/' does not start with '/'; the check requests '/ht/' (as the kubelet did for Opta); write '/ht/' to silence this warning")]
    [InlineData("healthcheck_path: healthz", "/healthz", "/healthz", "modules[0].healthcheck_path: 'healthz' does not start with '/'; the check requests '/healthz'")]
    [InlineData("liveness_probe_path: live", "/live", null, "modules[0].liveness_probe_path: 'live' does not start with '/'; the check requests '/live'")]
    [InlineData("readiness_probe_path: \"ready?full=1\"", null, "/ready?full=1", "modules[0].readiness_probe_path: 'ready?full=1' does not start with '/'; the check requests '/ready?full=1'")]
    [InlineData("healthcheck_path: /ok", "/ok", "/ok", null)]
    [InlineData("healthcheck_path: \"\"", null, null, null)]
    public void A_path_is_requested_with_its_leading_slash(string field, string? liveness, string? readiness, string? warning)
    {
        using var project = TempProject.WithModule(Web + field);
        var result = project.Plan();
        var container = PlanAssert.Single<V1Deployment>(PlanAssert.Ok(result)).Spec.Template.Spec.Containers[0];

        Assert.Equal(liveness, container.LivenessProbe?.HttpGet.Path);
        Assert.Equal(readiness, container.ReadinessProbe?.HttpGet.Path);
        if (warning is null)
        {
            Assert.Empty(result.Warnings);
        }
        else
        {
            var only = Assert.Single(result.Warnings);
            Assert.StartsWith(warning, only.Message, StringComparison.Ordinal);
            Assert.Equal((11, 5 + field.IndexOf(':') + 2), (only.Position.Line, only.Position.Column));
        }
    }

    [Fact]
    public void Each_field_without_a_slash_warns_once_even_though_it_feeds_both_checks()
    {
        using var project = TempProject.WithModule(Web + "healthcheck_path: ht/\nreadiness_probe_path: ready");

        Assert.Equal([11, 12], project.Plan().Warnings.Select(w => w.Position.Line));
    }
}
