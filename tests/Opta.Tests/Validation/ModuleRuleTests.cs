using Opta.Tests.Support;

namespace Opta.Tests.Validation;

/// <summary>
/// One bad module per row: the single error it must produce, where, and what the message says.
/// The module body starts on line 8 of the generated file, its keys at column 5 (see <see cref="TempProject.WithModule"/>).
/// </summary>
public sealed class ModuleRuleTests
{
    private const string Base = "name: web\nimage: nginx:1.27\nport: {http: 80}\n";

    public static TheoryData<string, int, int, string> BadModules => new()
    {
        { Base + "imgae: x", 11, 5, "modules[0].imgae: unknown field 'imgae' in a k8s-service module; did you mean 'image'?" },
        { "name: web\nport: {http: 80}", 7, 5, "modules[0].image: required field is missing; add `image:`" },
        { "name: web\nimage: nginx\npublic_uri: /a", 10, 5, "modules[0].public_uri: the module has no port, so an Ingress would have nothing to route to; add `port: {http: 8080}` (the container's port), or remove public_uri for a worker" },
        { Base + "min_containers: many", 11, 21, "modules[0].min_containers: expected an integer from 0 to 10000, got 'many'" },
        { Base + "min_containers: 5\nmax_containers: 2", 12, 5, "modules[0].max_containers (2) must be >= min_containers (5)" },
        { Base + "min_containers: 0", 11, 5, "modules[0].min_containers is 0 but max_containers is 3" },
        { "name: web\nimage: nginx\nport: {http: 0}", 10, 18, "modules[0].port.http: 0 is out of range; it must be an integer from 1 to 65535" },
        { "name: web\nimage: nginx\nport: {http: 80, grpc: 90}", 10, 22, "modules[0].port: has 2 keys (http, grpc); `port` takes exactly one" },
        { Base + "resource_request:\n  memory: 1GB", 12, 15, "modules[0].resource_request.memory: '1GB' is not a valid memory amount" },
        { Base + "resource_request:\n  cpu: 0", 12, 12, "modules[0].resource_request.cpu: '0' must be greater than zero" },
        { Base + "resource_request: {memory: 512}\nresource_limits: {memory: 256}", 12, 23, "modules[0].resource_limits.memory (256Mi) must be >= resource_request.memory (512Mi)" },
        { Base + "resource_limits:\n  cpu: 500", 12, 7, "modules[0].resource_limits.cpu: not supported by opta-infra: opta-infra never sets a CPU limit" },
        { Base + "liveness_probe_path: /health\nliveness_probe_command: [\"true\"]", 12, 5, "modules[0]: the liveness check has both a path (`liveness_probe_path`) and a command (`liveness_probe_command`)" },
        { Base + "readiness_probe_command: [\"true\"]\nhealthcheck_path: /", 11, 5, "modules[0]: the readiness check has both a path (`healthcheck_path`) and a command (`readiness_probe_command`)" },
        { Base + "public_uri: [\"/\", \"*\"]", 11, 23, "modules[0].public_uri[1]: '*' is the same route as public_uri[0] ('/')" },
        { Base + "public_uri: [\"api.example.com/v1\", \"api.example.com/v1/\"]", 11, 40, "is the same route as public_uri[0] ('api.example.com/v1')" },
        { Base + "public_uri: \"/a(b)\"", 11, 17, "modules[0].public_uri: '/a(b)' is not a route" },
        { "name: Web\nimage: nginx\nport: {http: 80}", 8, 11, "modules[0].name: 'Web' must be lowercase letters, digits and dashes, starting with a letter" },
        { "name: web_1\nimage: nginx\nport: {http: 80}", 8, 11, "modules[0].name: 'web_1' must be lowercase letters" },
        { Base + "env_vars: {A: \"{vars.missing}\"}", 11, 19, "modules[0].env_vars.A: unknown variable {vars.missing}" },
        { Base + "env_vars: {A: \"{region}\"}", 11, 19, "{region} is not supported by opta-infra" },
        { Base + "env_vars: {A: \"{parent.db_host}\"}", 11, 19, "{parent.db_host} is not supported by opta-infra: only {parent.domain}" },
        { Base + "env_vars: {A: \"{parent.domain}\"}", 11, 19, "{parent.domain} needs a `dns` module with a `domain`" },
        { Base + "env_vars: {A: \"a}b\"}", 11, 19, "a lone '}' in \"a}b\"; write '}}' for a literal brace" },
        { Base + "env_vars: {A: '{\"json\": 1}'}", 11, 19, "is not a variable; for literal braces (JSON, templates) write '{{' and '}}'" },
        { Base + "env_vars: {A: \"{envv}\"}", 11, 19, "unknown variable {envv} (did you mean {env}?)" },
        { Base + "env_vars:\n  - name: \"1X\"\n    value: a", 12, 15, "modules[0].env_vars[0].name: '1X' must be letters, digits" },
        { Base + "env_vars:\n  - {name: A, value: a}\n  - {name: A, value: b}", 13, 9, "modules[0].env_vars[1]: 'A' is set twice" },
        { Base + "additional_iam_policies: [arn:aws:iam::aws:policy/x]", 11, 5, "modules[0].additional_iam_policies: not supported by opta-infra: IAM is cloud-specific" },
        { Base + "image: other", 11, 5, "duplicate key 'image' (first written at line 9)" },
        { Base + "ports:\n  - {name: web, type: http, port: 8080}", 11, 5, "modules[0]: both `port` and `ports` are given" },
        { "name: web\nimage: nginx\nports:\n  - {name: a, type: tcp, port: 81, protocol: grpc}", 11, 50, "modules[0].ports[0]: type/protocol tcp/grpc is not a valid combination" },
        { "name: web\nimage: nginx\nports:\n  - {name: a, type: http, port: 81}\n  - {name: b, type: http, port: 82, service_port: 81}", 12, 25, "a second `type: http` port" },
        { "name: web\nimage: nginx\nports:\n  - {name: a, type: udp, port: 81}", 11, 25, "modules[0].ports[0].type: 'udp' is not allowed; use one of http, tcp" },
        { "name: web\nimage: nginx\nprobe_port: b\nports:\n  - {name: a, type: http, port: 81}", 10, 17, "modules[0].probe_port: 'b' is not a port name; the ports are a" },
        { Base + "tolerations:\n  - {key: gpu, effect: Sometimes}", 12, 28, "modules[0].tolerations[0].effect: 'Sometimes' is not allowed; use one of NoSchedule, PreferNoSchedule, NoExecute" },
        { Base + "cron_jobs:\n  - {commands: [echo]}", 12, 9, "modules[0].cron_jobs[0].schedule: required field is missing" },
        { Base + "persistent_storage:\n  - {size: 10, path: data}", 12, 26, "modules[0].persistent_storage[0].path: 'data' must be an absolute path" },
        { Base + "sticky_session: maybe", 11, 21, "modules[0].sticky_session: expected true or false, got 'maybe'" },
        { Base + "pod_labels: {app.kubernetes.io/name: x}", 11, 5, "modules[0].pod_labels.app.kubernetes.io/name: 'app.kubernetes.io/name' is a selector label" },
        { Base + "prestop_sleep_seconds: 10\ntermination_grace_period_seconds: 10", 12, 5, "modules[0].termination_grace_period_seconds (10) must be greater than prestop_sleep_seconds (10): the pause counts against the grace period" },
        { Base + "termination_grace_period_seconds: 3", 11, 5, "modules[0].termination_grace_period_seconds (3) must be greater than prestop_sleep_seconds (5)" },
        { Base + "prestop_sleep_seconds: -1", 11, 28, "modules[0].prestop_sleep_seconds: -1 is out of range; it must be an integer from 0 to 3600" },
        { Base + "termination_grace_period_seconds: soon", 11, 39, "modules[0].termination_grace_period_seconds: expected an integer from 0 to 86400, got 'soon'" },
        { Base + "seccomp_profile: none", 11, 22, "modules[0].seccomp_profile: 'none' is not allowed; use one of RuntimeDefault, Unconfined" },
    };

    [Theory]
    [MemberData(nameof(BadModules))]
    public void A_bad_module_gets_one_error_at_the_field(string body, int line, int column, string message)
        => PlanAssert.SingleErrorAt(body, line, column, message);

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        using var project = TempProject.WithModule("name: web\nimage: nginx\nport: {http: 99999}\nimgae: x\nmin_containers: 4\nmax_containers: 2\nlinks: [db]");
        var result = project.Plan();

        var lines = result.Errors.Select(e => e.Position.Line).ToList();
        Assert.Equal([10, 11, 13, 14], lines);
        Assert.Null(result.Plan);
    }

    [Fact]
    public void Secrets_is_accepted_with_a_deprecation_warning()
    {
        using var project = TempProject.WithModule(Base + "secrets: [API_KEY]");
        var result = project.Plan();

        Assert.True(result.Succeeded, result.FormatDiagnostics());
        var warning = Assert.Single(result.Warnings);
        Assert.StartsWith("modules[0].secrets: deprecated: it has no effect", warning.Message, StringComparison.Ordinal);
        Assert.Equal(11, warning.Position.Line);
    }

    [Fact]
    public void Helm_only_fields_are_ignored_with_a_warning()
    {
        using var project = TempProject.WithModule(Base + "timeout: 600\nmax_history: 5");
        var result = project.Plan();

        Assert.True(result.Succeeded, result.FormatDiagnostics());
        Assert.Equal(["modules[0].timeout: ignored", "modules[0].max_history: ignored"], result.Warnings.Select(w => w.Message[..w.Message.IndexOf(':', w.Message.IndexOf(':') + 1)]));
    }

    [Fact]
    public void Interpolated_numbers_are_checked_after_interpolation_and_reported_at_the_string()
    {
        using var project = new TempProject().Write("opta.yaml", """
            name: shop
            environments:
              - name: staging
                path: opta.yaml
                variables:
                  max: "2"
                  min: "5"
            modules:
              - type: k8s-service
                name: web
                image: nginx
                port: {http: 80}
                min_containers: "{vars.min}"
                max_containers: "{variables.max}"
            """);

        var error = PlanAssert.SingleError(project.Plan());

        Assert.Equal("modules[0].max_containers (2) must be >= min_containers (5); raise max_containers or lower min_containers", error.Message);
        Assert.Equal(14, error.Position.Line);
    }

    [Fact]
    public void An_interpolated_value_of_the_wrong_type_is_reported_with_the_interpolated_value()
    {
        using var project = new TempProject().Write("opta.yaml", """
            name: shop
            environments:
              - name: staging
                path: opta.yaml
                vars: {max: lots}
            modules:
              - type: k8s-service
                name: web
                image: nginx
                port: {http: 80}
                max_containers: "{vars.max}"
            """);

        var error = PlanAssert.SingleError(project.Plan());

        Assert.Equal("modules[0].max_containers: expected an integer from 0 to 10000, got 'lots'", error.Message);
        Assert.Equal((11, 21), (error.Position.Line, error.Position.Column));
    }
}
