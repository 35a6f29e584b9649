using Opta.Tests.Support;
using Opta.Validation;

namespace Opta.Tests.Validation;

/// <summary>
/// Values that pass the opta.yaml rules but would make an object the Kubernetes API server refuses: each is
/// caught before it reaches a plan, at the module field it came from. Module bodies start on line 8, keys at column 5.
/// </summary>
public sealed class KubernetesValidityTests
{
    private const string Base = "name: web\nimage: nginx:1.27\nport: {http: 80}\n";
    private static readonly string Long = new('a', 70);

    public static TheoryData<string, int, int, string> BadValues => new()
    {
        { Base + $"pod_labels: {{team: {Long}}}", 11, 18, $"modules[0].pod_labels.team: '{Long}', the value of label team, is 70 characters, over the limit of 63 for a label value; change or remove that label" },
        { Base + "pod_labels: {team: -platform}", 11, 18, "modules[0].pod_labels.team: '-platform', the value of label team, must be letters, digits, '-', '_' and '.', starting and ending with a letter or digit" },
        { Base + "pod_labels: {\"my team\": x}", 11, 18, "modules[0].pod_labels.my team: the label key 'my team' must be letters, digits" },
        { Base + "pod_labels: {\"Acme.com/team\": x}", 11, 18, "the label key 'Acme.com/team' has a prefix 'Acme.com' that must be lowercase" },
        { Base + "pod_annotations: {\"-x\": y}", 11, 23, "modules[0].pod_annotations.-x: the annotation key '-x' must be letters" },
        { Base + "public_uri: /a\ningress_extra_annotations: {\"a/b/c\": x}", 12, 33, "modules[0].ingress_extra_annotations.a/b/c: the annotation key 'a/b/c' must be letters" },
        { "name: web\nimage: nginx\nports:\n  - {name: a--b, type: http, port: 81}", 11, 10, "modules[0].ports[0].name: the port name 'a--b' must not contain two '-' in a row (an IANA service name)" },
        { Base + "tolerations: [{key: \"gpu node\"}]", 11, 19, "modules[0].tolerations[0]: the toleration key 'gpu node' must be letters" },
        { Base + $"tolerations: [{{key: gpu, value: {Long}}}]", 11, 19, "modules[0].tolerations[0]: the toleration value" },
        { Base + "cron_jobs: [{commands: [echo], schedule: every day}]", 11, 36, "modules[0].cron_jobs[0].schedule: the schedule 'every day' has 2 fields; a schedule has five" },
        { Base + "cron_jobs: [{commands: [echo], schedule: \"61 * * * *\"}]", 11, 36, "the schedule '61 * * * *' has an invalid minute field '61': values go from 0 to 59" },
        { Base + "cron_jobs: [{commands: [echo], schedule: \"TZ=UTC 0 * * * *\"}]", 11, 36, "sets a time zone, which Kubernetes refuses in the schedule" },
        { Base + "cron_jobs: [{commands: [echo], schedule: \"@sometimes\"}]", 11, 36, "the schedule '@sometimes' is not a schedule" },
        { "name: " + new string('w', 40) + "\nimage: nginx\nport: {http: 80}\ncron_jobs: [{commands: [echo], schedule: \"@daily\"}]", 8, 5,
            $"modules[0].name: the CronJob name 'shop-{new string('w', 40)}-k8s-service-0' is 59 characters, over the limit of 52 (Kubernetes appends 11 characters to name each Job); the CronJob name derives from the layer 'shop' and the module" },
        { "name: " + new string('d', 40) + "\nimage: nginx\nport: {http: 80}\npersistent_storage: [{size: 1, path: /data}]", 8, 5,
            "the StatefulSet name 'shop-dddddddddddddddddddddddddddddddddddddddd-k8s-service' is 57 characters, over the limit of 52 (each pod gets the label controller-revision-hash" },
        { "name: web\nimage: \"nginx latest\"\nport: {http: 80}", 9, 5, "modules[0].image: the image 'nginx latest' contains whitespace, which no image reference has" },
        { "name: web\nimage: \"\"\nport: {http: 80}", 9, 5, "modules[0].image: the image '' is empty; a container needs an image" },
        { Base + $"public_uri: {new string('h', 64)}.example.com/x", 11, 5, $"modules[0].public_uri: the host '{new string('h', 64)}.example.com' has a part '{new string('h', 64)}' of 64 characters; each dot-separated part is at most 63" },
        { Base + "public_uri: [/a, 10.0.0.1/x]", 11, 22, "modules[0].public_uri[1]: the host '10.0.0.1' is an IP address" },
        { Base + "persistent_storage:\n  - {size: 1, path: /data}\n  - {size: 2, path: /data/}", 13, 19, "modules[0].persistent_storage[1].path: the mount path '/data/' is used by another volume" },
        { Base + "resource_request: {memory: 99999999999999999999999999999999Gi}", 11, 32, "modules[0].resource_request.memory: '99999999999999999999999999999999Gi' is too large; Kubernetes stores at most 9223372036854775807 bytes" },
        { Base + "resource_request: {cpu: \"99999999999999999999\"}", 11, 29, "modules[0].resource_request.cpu: '99999999999999999999' is too large" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void A_value_the_api_server_refuses_is_an_error_at_its_field(string body, int line, int column, string message)
        => PlanAssert.SingleErrorAt(body, line, column, message);

    [Fact]
    public void An_environment_name_that_is_no_label_value_is_blamed_on_the_environment_files_name()
    {
        using var project = new TempProject()
            .Write("env.yaml", "name: Staging Env\norg_name: acme\nproviders: {local: {}}\n")
            .Write("opta.yaml", "name: shop\nenvironments:\n  - {name: staging, path: env.yaml}\nmodules:\n  - {type: k8s-service, name: web, image: nginx, port: {http: 80}}\n");

        var error = PlanAssert.SingleError(project.Plan());

        Assert.EndsWith("env.yaml", error.Position.File, StringComparison.Ordinal);
        Assert.Equal((1, 7), (error.Position.Line, error.Position.Column));
        Assert.StartsWith("name: 'Staging Env', the value of label opta.dev/environment-name, must be letters, digits, '-', '_' and '.'", error.Message, StringComparison.Ordinal);
        Assert.Contains("rename the environment", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_environment_named_in_the_service_file_is_blamed_there()
    {
        using var project = new TempProject()
            .Write("opta.yaml", "name: shop\nenvironments:\n  - name: \"prod/eu\"\n    path: opta.yaml\nmodules:\n  - {type: k8s-service, name: web, image: nginx, port: {http: 80}}\n");

        var error = PlanAssert.SingleError(project.Plan());

        Assert.Equal((3, 11), (error.Position.Line, error.Position.Column));
        Assert.StartsWith("environments[0].name: 'prod/eu', the value of label opta.dev/environment-name,", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_bad_value_is_reported_at_once_and_once_each()
    {
        using var project = TempProject.WithModule(Base + "pod_labels: {a: \"-\", b: \"_\"}\ncron_jobs: [{commands: [echo], schedule: x}]");

        var errors = project.Plan().Errors.Select(e => e.Message).ToList();

        Assert.Equal(3, errors.Count);
        Assert.Single(errors, e => e.StartsWith("modules[0].pod_labels.a:", StringComparison.Ordinal));
        Assert.Single(errors, e => e.StartsWith("modules[0].pod_labels.b:", StringComparison.Ordinal));
        Assert.Single(errors, e => e.StartsWith("modules[0].cron_jobs[0].schedule:", StringComparison.Ordinal));
    }

    public static TheoryData<string, string?> Rules => new()
    {
        { "label value ok", KubernetesRules.LabelValue("a.b_c-d") },
        { "empty label value ok", KubernetesRules.LabelValue("") },
        { "qualified name ok", KubernetesRules.QualifiedName("example.com/My_Name-1") },
        { "port name ok", KubernetesRules.PortName("http-2") },
        { "schedule ok", KubernetesRules.CronSchedule("*/5 1-3,7 ? JAN-MAR mon-fri") },
        { "descriptor ok", KubernetesRules.CronSchedule("@every 1h30m") },
        { "subdomain ok", KubernetesRules.Dns1123Subdomain("a-1.b") },
        { "wildcard host ok", KubernetesRules.IngressHost("*.example.com") },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void Valid_values_pass_the_rules(string what, string? broken) => Assert.True(broken is null, $"{what}: {broken}");

    [Theory]
    [InlineData("123", "must contain at least one letter")]
    [InlineData("abcdefghijklmnop", "is 16 characters, over the limit of 15")]
    [InlineData("-a", "must be lowercase letters")]
    public void Port_names_follow_iana(string name, string rule) => Assert.StartsWith(rule, KubernetesRules.PortName(name), StringComparison.Ordinal);

    [Theory]
    [InlineData("/x", "has an empty prefix before '/'")]
    [InlineData("a/", "has an empty name")]
    [InlineData("a.com/b.", "must be letters")]
    public void Qualified_names_have_a_prefix_and_a_name(string key, string rule) => Assert.StartsWith(rule, KubernetesRules.QualifiedName(key), StringComparison.Ordinal);
}
