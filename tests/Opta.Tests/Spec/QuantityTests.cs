using k8s.Models;
using Opta.Spec;
using Opta.Tests.Support;

namespace Opta.Tests.Spec;

/// <summary>Opta's unit layer over Kubernetes quantities: bare integers are millicores and MiB, the rest is what the API server parses.</summary>
public sealed class QuantityTests
{
    [Theory]
    [InlineData("250", QuantityKind.Cpu, "250m", 0.25)]
    [InlineData("512", QuantityKind.Memory, "512Mi", 536870912)]
    [InlineData("500m", QuantityKind.Cpu, "500m", 0.5)]
    [InlineData("0.5", QuantityKind.Cpu, "0.5", 0.5)]
    [InlineData("1Gi", QuantityKind.Memory, "1Gi", 1073741824)]
    [InlineData("1e9", QuantityKind.Memory, "1e9", 1e9)]
    [InlineData("1E3", QuantityKind.Cpu, "1E3", 1000)]
    [InlineData("2k", QuantityKind.Memory, "2k", 2000)]
    public void Parses_Opta_integers_and_Kubernetes_quantities(string text, QuantityKind kind, string rendered, double value)
    {
        var q = Quantity.Parse(text, kind);
        Assert.NotNull(q);
        Assert.Equal(rendered, q.Text);
        Assert.Equal((decimal)value, q.Value);
    }

    [Theory]
    [InlineData("1GB")]
    [InlineData("lots")]
    [InlineData("1.2.3")]
    [InlineData("")]
    public void Refuses_what_the_API_server_refuses(string text) => Assert.Null(Quantity.Parse(text, QuantityKind.Memory));

    [Theory]
    [InlineData("512Mi", "1024Mi")]
    [InlineData("1e9", "2e9")]
    [InlineData("1.5Gi", "3Gi")]
    public void Doubling_keeps_the_unit(string request, string limit)
    {
        var doubled = Quantity.Parse(request, QuantityKind.Memory)!.Times(2);
        Assert.Equal(limit, doubled.Text);
        Assert.Equal(new ResourceQuantity(limit).ToDecimal(), doubled.Value);
    }

    [Fact]
    public void An_exponent_request_validates_and_its_default_limit_is_twice_it()
    {
        using var project = TempProject.WithModule("name: web\nimage: nginx\nport: {http: 80}\nresource_request: {memory: 1e9}");
        var plan = PlanAssert.Ok(project.Plan());
        var container = PlanAssert.Single<V1Deployment>(plan).Spec.Template.Spec.Containers.Single();
        Assert.Equal(1e9m, container.Resources.Requests["memory"].ToDecimal());
        Assert.Equal(2e9m, container.Resources.Limits["memory"].ToDecimal());
    }
}
