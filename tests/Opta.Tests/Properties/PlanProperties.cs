using System.Text.RegularExpressions;
using CsCheck;
using k8s;
using k8s.Models;
using Opta.Output;
using Opta.Planning;
using Opta.Validation;

namespace Opta.Tests.Properties;

/// <summary>
/// Properties of every plan of generated valid modules. The Kubernetes rules are restated here as regular
/// expressions, independently of <see cref="KubernetesRules"/>, so a mistake in one shows up against the other.
/// </summary>
public sealed partial class PlanProperties
{
    private const int Iterations = 100;

    /// <summary>Rendering is the slow part (KubernetesClient's serializer), so properties that render sample fewer plans.</summary>
    private const int RenderIterations = 30;

    [GeneratedRegex(@"^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Subdomain();

    [GeneratedRegex("^(?=.{1,63}$)[a-z]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1035();

    [GeneratedRegex("^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1123Label();

    [GeneratedRegex(@"^(([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)/)?(?=.{1,63}$)[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    private static partial Regex QualifiedName();

    [GeneratedRegex("^((?=.{1,63}$)[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$")]
    private static partial Regex LabelValue();

    [GeneratedRegex("^(?=.{1,15}$)(?=.*[a-z])[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex PortName();

    private static EnvironmentPlan PlanOf(GeneratedProject project)
    {
        var result = project.Plan();
        Assert.True(result.Succeeded, project.Yaml() + "\n" + result.FormatDiagnostics());
        return result.Plan!;
    }

    private static string Render(EnvironmentPlan plan) => ManifestWriter.ToYamlStream(plan.AllObjects());

    [Fact]
    public void Generated_modules_plan_and_render_deterministically()
    {
        ModuleGen.Project.Sample(project => Assert.Equal(Render(PlanOf(project)), Render(PlanOf(project))), iter: RenderIterations, print: p => p.Yaml());
    }

    [Fact]
    public void Render_parse_render_is_stable()
    {
        ModuleGen.Project.Sample(project =>
        {
            var rendered = Render(PlanOf(project));
            var objects = KubernetesYaml.LoadAllFromString(rendered);
            var again = string.Join("---\n", objects.Select(o => KubernetesYaml.Serialize(o).TrimEnd('\n') + "\n"));
            Assert.Equal(rendered, again);
        }, iter: RenderIterations, print: p => p.Yaml());
    }

    [Fact]
    public void Every_name_label_and_annotation_is_valid_for_kubernetes()
    {
        ModuleGen.Project.Sample(project =>
        {
            foreach (var obj in PlanOf(project).AllObjects())
            {
                var name = obj.Metadata.Name;
                var nameValid = obj switch
                {
                    V1Namespace => Dns1123Label().IsMatch(name),
                    V1Service => Dns1035().IsMatch(name),
                    V1CronJob or V1StatefulSet => Subdomain().IsMatch(name) && name.Length <= 52,
                    _ => Subdomain().IsMatch(name),
                };
                Assert.True(nameValid, $"{obj.Kind} name '{name}'");
                Assert.Null(KubernetesRules.Dns1123Subdomain(name));
                foreach (var meta in MetadataOf(obj))
                {
                    foreach (var (key, value) in meta.Labels ?? new Dictionary<string, string>())
                    {
                        Assert.True(QualifiedName().IsMatch(key), $"label key '{key}' on {obj.Kind} {name}");
                        Assert.True(LabelValue().IsMatch(value), $"label {key}: '{value}' on {obj.Kind} {name}");
                        Assert.Null(KubernetesRules.QualifiedName(key));
                        Assert.Null(KubernetesRules.LabelValue(value));
                    }

                    foreach (var key in meta.Annotations?.Keys ?? [])
                    {
                        Assert.True(QualifiedName().IsMatch(key), $"annotation key '{key}' on {obj.Kind} {name}");
                    }
                }

                foreach (var port in PortNamesOf(obj))
                {
                    Assert.True(PortName().IsMatch(port), $"port name '{port}' on {obj.Kind} {name}");
                }
            }
        }, iter: Iterations, print: p => p.Yaml());
    }

    [Fact]
    public void Every_service_selects_its_workloads_pods_and_no_cron_job_pod()
    {
        ModuleGen.Project.Sample(project =>
        {
            foreach (var service in PlanOf(project).Services)
            {
                var selector = service.Find<V1Service>()?.Spec.Selector;
                if (selector is null)
                {
                    continue;
                }

                var workload = service.Find<V1Deployment>()?.Spec.Template ?? service.Find<V1StatefulSet>()?.Spec.Template;
                if (workload is not null)
                {
                    Assert.True(Selects(selector, workload.Metadata.Labels), $"{service.ModuleName}: the Service does not select the workload's pods");
                    var workloadSelector = service.Find<V1Deployment>()?.Spec.Selector.MatchLabels ?? service.Find<V1StatefulSet>()!.Spec.Selector.MatchLabels;
                    Assert.True(Selects(workloadSelector, workload.Metadata.Labels), $"{service.ModuleName}: the workload's selector misses its own pods");
                }

                foreach (var cron in service.Objects.OfType<V1CronJob>())
                {
                    Assert.False(Selects(selector, cron.Spec.JobTemplate.Spec.Template.Metadata.Labels), $"{service.ModuleName}: the Service selects the pods of CronJob {cron.Metadata.Name}");
                }
            }
        }, iter: Iterations, print: p => p.Yaml());
    }

    [Fact]
    public void Ingresses_route_to_existing_service_ports_and_autoscalers_target_existing_workloads()
    {
        ModuleGen.Project.Sample(project =>
        {
            var plan = PlanOf(project);
            var all = plan.AllObjects().ToList();
            foreach (var ingress in all.OfType<V1Ingress>())
            {
                foreach (var backend in ingress.Spec.Rules.SelectMany(r => r.Http.Paths).Select(p => p.Backend.Service))
                {
                    var service = all.OfType<V1Service>().SingleOrDefault(s => s.Metadata.Name == backend.Name);
                    Assert.NotNull(service);
                    Assert.Contains(service.Spec.Ports, p => p.Name == backend.Port.Name);
                }
            }

            foreach (var hpa in all.OfType<V2HorizontalPodAutoscaler>())
            {
                var target = hpa.Spec.ScaleTargetRef;
                Assert.Single(all, o => o.Kind == target.Kind && o.ApiVersion == target.ApiVersion && o.Metadata.Name == target.Name);
                Assert.InRange(hpa.Spec.MinReplicas ?? 1, 1, hpa.Spec.MaxReplicas);
            }

            foreach (var service in all.OfType<V1Service>())
            {
                var owner = plan.Services.Single(s => s.Objects.Contains(service));
                var containerPorts = owner.Objects.SelectMany(ContainersOf).SelectMany(c => c.Ports ?? []).Select(p => p.Name).ToHashSet();
                if (owner.Find<V1Deployment>() is not null || owner.Find<V1StatefulSet>() is not null)
                {
                    Assert.All(service.Spec.Ports, p => Assert.Contains(p.TargetPort.Value, containerPorts));
                }
            }
        }, iter: Iterations, print: p => p.Yaml());
    }

    [Fact]
    public void Limits_are_at_least_the_requests_and_there_is_never_a_cpu_limit()
    {
        ModuleGen.Project.Sample(project =>
        {
            foreach (var container in PlanOf(project).AllObjects().SelectMany(ContainersOf))
            {
                var resources = container.Resources;
                Assert.False(resources.Limits?.ContainsKey("cpu") ?? false, $"container {container.Name} has a CPU limit");
                foreach (var (resource, limit) in resources.Limits ?? new Dictionary<string, ResourceQuantity>())
                {
                    Assert.True(limit.ToDecimal() >= resources.Requests[resource].ToDecimal(), $"{resource} limit {limit} < request {resources.Requests[resource]}");
                }

                Assert.True(resources.Requests["cpu"].ToDecimal() > 0);
                Assert.True(resources.Requests["memory"].ToDecimal() > 0);
            }
        }, iter: Iterations, print: p => p.Yaml());
    }

    private static bool Selects(IDictionary<string, string> selector, IDictionary<string, string>? labels) =>
        selector.All(s => labels is not null && labels.TryGetValue(s.Key, out var v) && v == s.Value);

    private static IEnumerable<V1ObjectMeta> MetadataOf(IKubernetesObject<V1ObjectMeta> obj)
    {
        yield return obj.Metadata;
        var template = obj switch
        {
            V1Deployment d => d.Spec.Template,
            V1StatefulSet s => s.Spec.Template,
            V1CronJob c => c.Spec.JobTemplate.Spec.Template,
            _ => null,
        };
        if (template is not null)
        {
            yield return template.Metadata;
        }
    }

    private static IEnumerable<V1Container> ContainersOf(IKubernetesObject<V1ObjectMeta> obj) => obj switch
    {
        V1Deployment d => d.Spec.Template.Spec.Containers,
        V1StatefulSet s => s.Spec.Template.Spec.Containers,
        V1CronJob c => c.Spec.JobTemplate.Spec.Template.Spec.Containers,
        _ => [],
    };

    private static IEnumerable<string> PortNamesOf(IKubernetesObject<V1ObjectMeta> obj) =>
        obj is V1Service service
            ? service.Spec.Ports.Select(p => p.Name)
            : ContainersOf(obj).SelectMany(c => c.Ports ?? []).Select(p => p.Name);
}
