using k8s.Models;
using Opta.Tests.Support;

namespace Opta.Tests.Planning;

/// <summary>
/// HorizontalPodAutoscaler v2 metrics beside CPU and memory (`autoscaling_metrics`: Pods, Object, External) and
/// scaling behaviour (`autoscaling_behavior`), validated like every other field.
/// </summary>
public sealed class AutoscalingMetricsTests
{
    private const string Web = "name: web\nimage: nginx\nport: {http: 80}\n";

    private static V2HorizontalPodAutoscaler Autoscaler(string extra)
    {
        using var project = TempProject.WithModule(Web + extra);
        return PlanAssert.Single<V2HorizontalPodAutoscaler>(PlanAssert.Ok(project.Plan()));
    }

    [Fact]
    public void Without_the_fields_the_autoscaler_has_cpu_and_memory_and_no_behavior()
    {
        var hpa = Autoscaler("");

        Assert.Equal(["cpu", "memory"], hpa.Spec.Metrics.Select(m => m.Resource.Name));
        Assert.Null(hpa.Spec.Behavior);
    }

    [Theory]
    [InlineData("{type: Pods, name: rps, target_average_value: 100}", "Pods", "rps", "AverageValue", "100")]
    [InlineData("{type: Pods, name: rps, target_average_value: 500m}", "Pods", "rps", "AverageValue", "500m")]
    [InlineData("{type: External, name: \"datadogmetric@shop:queue\", target_value: 30}", "External", "datadogmetric@shop:queue", "Value", "30")]
    [InlineData("{type: External, name: queue_depth, target_average_value: \"1.5\"}", "External", "queue_depth", "AverageValue", "1500m")]
    [InlineData("{type: Object, name: hits, described_object: {kind: Ingress, name: main}, target_value: 10k}", "Object", "hits", "Value", "10k")]
    public void Each_metric_follows_cpu_and_memory_with_its_one_target(string metric, string type, string name, string targetType, string amount)
    {
        var hpa = Autoscaler($"autoscaling_metrics: [{metric}]");

        Assert.Equal(["Resource", "Resource", type], hpa.Spec.Metrics.Select(m => m.Type));
        var added = hpa.Spec.Metrics[2];
        var (identifier, target) = type switch
        {
            "Pods" => (added.Pods.Metric, added.Pods.Target),
            "Object" => (added.ObjectProperty.Metric, added.ObjectProperty.Target),
            _ => (added.External.Metric, added.External.Target),
        };
        Assert.Equal(name, identifier.Name);
        Assert.Null(identifier.Selector);
        Assert.Equal(targetType, target.Type);
        Assert.Equal(amount, (targetType == "Value" ? target.Value : target.AverageValue).ToString());
        Assert.Null(targetType == "Value" ? target.AverageValue : target.Value);
    }

    [Fact]
    public void An_object_metric_names_its_object_and_a_selector_picks_series()
    {
        var hpa = Autoscaler("""
            autoscaling_target_cpu_percentage: 0
            autoscaling_target_mem_percentage: 0
            autoscaling_metrics:
              - type: Object
                name: requests-per-second
                selector: {verb: GET}
                described_object: {api_version: networking.k8s.io/v1, kind: Ingress, name: main-route}
                target_average_value: 50
            """);

        var metric = Assert.Single(hpa.Spec.Metrics).ObjectProperty;
        Assert.Equal(("networking.k8s.io/v1", "Ingress", "main-route"), (metric.DescribedObject.ApiVersion, metric.DescribedObject.Kind, metric.DescribedObject.Name));
        Assert.Equal(new Dictionary<string, string> { ["verb"] = "GET" }, metric.Metric.Selector.MatchLabels);
        Assert.Equal("50", metric.Target.AverageValue.ToString());
    }

    [Fact]
    public void Behavior_sets_each_direction_written_and_leaves_the_other_to_kubernetes()
    {
        var hpa = Autoscaler("""
            autoscaling_behavior:
              scale_down:
                stabilization_window_seconds: 600
                select_policy: Min
                policies:
                  - {type: Percent, value: 10, period_seconds: 60}
                  - {type: Pods, value: 2, period_seconds: 120}
            """);

        Assert.Null(hpa.Spec.Behavior.ScaleUp);
        var down = hpa.Spec.Behavior.ScaleDown;
        Assert.Equal((600, "Min"), (down.StabilizationWindowSeconds, down.SelectPolicy));
        Assert.Equal([("Percent", 10, 60), ("Pods", 2, 120)], down.Policies.Select(p => (p.Type, p.Value, p.PeriodSeconds)));
    }

    [Fact]
    public void A_scale_up_with_only_a_window_has_no_policies()
    {
        var up = Autoscaler("autoscaling_behavior: {scale_up: {stabilization_window_seconds: 0}}").Spec.Behavior.ScaleUp;

        Assert.Equal(0, up.StabilizationWindowSeconds);
        Assert.Null(up.Policies);
        Assert.Null(up.SelectPolicy);
    }

    /// <summary>Each row is one line (line 11 of the file); <c>at</c> is the text the error points at (its first occurrence).</summary>
    [Theory]
    [InlineData("autoscaling_metrics: [{type: Pods, name: rps}]", "{", "modules[0].autoscaling_metrics[0]: the Pods metric has no target; add `target_average_value` (per pod)")]
    [InlineData("autoscaling_metrics: [{type: External, name: q}]", "{", "modules[0].autoscaling_metrics[0]: the External metric has no target; add `target_average_value` (per pod) or `target_value` (the metric itself)")]
    [InlineData("autoscaling_metrics: [{type: External, name: q, target_value: 1, target_average_value: 1}]", "target_value", "modules[0].autoscaling_metrics[0]: both `target_average_value` and `target_value` are given; a metric has one target: remove one")]
    [InlineData("autoscaling_metrics: [{type: Pods, name: rps, target_value: 5}]", "target_value", "modules[0].autoscaling_metrics[0].target_value: a Pods metric is averaged over the pods, so its target is `target_average_value`; rename the field")]
    [InlineData("autoscaling_metrics: [{type: Object, name: hits, target_value: 5}]", "{", "modules[0].autoscaling_metrics[0]: an Object metric is the metric of one object; add `described_object: {kind: Ingress, name: …}`")]
    [InlineData("autoscaling_metrics: [{type: External, name: q, target_value: 5, described_object: {kind: Ingress, name: x}}]", "described_object", "modules[0].autoscaling_metrics[0].described_object: only an Object metric describes an object, and this one is External; remove described_object, or set `type: Object`")]
    [InlineData("autoscaling_metrics: [{type: Resource, name: cpu, target_value: 5}]", "Resource", "modules[0].autoscaling_metrics[0].type: 'Resource' is not allowed; use one of Pods, Object, External")]
    [InlineData("autoscaling_metrics: [{type: Pods, name: rps, target_average_value: lots}]", "lots", "modules[0].autoscaling_metrics[0].target_average_value: 'lots' is not a valid metric amount; use a number or a Kubernetes quantity (100, \"500m\", \"1.5\", \"10k\")")]
    [InlineData("autoscaling_metrics: [{type: Pods, name: rps, target_average_value: 0}]", "0}", "modules[0].autoscaling_metrics[0].target_average_value: '0' must be greater than zero")]
    [InlineData("autoscaling_metrics: [{type: Pods, name: rps, target: 5}]", "target", "modules[0].autoscaling_metrics[0].target: unknown field 'target' in a metric")]
    [InlineData("autoscaling_metrics: [{type: Pods, target_average_value: 5}]", "{", "modules[0].autoscaling_metrics[0].name: required field is missing")]
    [InlineData("autoscaling_metrics: [{type: Pods, name: rps, selector: {queue: \"a b\"}, target_average_value: 5}]", "\"a b", "modules[0].autoscaling_metrics[0].selector.queue: 'a b' must be letters, digits, '-', '_' and '.'")]
    [InlineData("autoscaling_behavior: {scale_down: {stabilization_window_seconds: 4000}}", "4000", "modules[0].autoscaling_behavior.scale_down.stabilization_window_seconds: 4000 is out of range; it must be an integer from 0 to 3600")]
    [InlineData("autoscaling_behavior: {scale_up: {select_policy: max}}", "max", "modules[0].autoscaling_behavior.scale_up.select_policy: 'max' is not allowed; use one of Max, Min, Disabled")]
    [InlineData("autoscaling_behavior: {scale_up: {policies: [{type: Replicas, value: 1, period_seconds: 60}]}}", "Replicas", "modules[0].autoscaling_behavior.scale_up.policies[0].type: 'Replicas' is not allowed; use one of Pods, Percent")]
    [InlineData("autoscaling_behavior: {scale_up: {policies: [{type: Pods, value: 1, period_seconds: 3600}]}}", "3600", "modules[0].autoscaling_behavior.scale_up.policies[0].period_seconds: 3600 is out of range; it must be an integer from 1 to 1800")]
    [InlineData("autoscaling_behavior: {scale_sideways: {}}", "scale_sideways", "modules[0].autoscaling_behavior.scale_sideways: unknown field 'scale_sideways'")]
    public void A_bad_metric_or_behavior_is_one_error_at_its_field(string extra, string at, string message) =>
        PlanAssert.SingleErrorAt(Web + extra, 11, 5 + extra.IndexOf(at, StringComparison.Ordinal), message);
}
