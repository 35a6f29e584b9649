using Opta.Diagnostics;
using Opta.Planning;
using Opta.Tests.Support;

namespace Opta.Tests.Security;

/// <summary>What is printed cannot drive the terminal; what is written into a shared folder stays apart and private.</summary>
public sealed class OutputSafetyTests
{
    private static void NoControlCharacters(string text) =>
        Assert.DoesNotContain(text, c => c != '\n' && c != '\t' && (char.IsControl(c) || c is >= '\u202a' and <= '\u202e'));

    [Theory]
    [InlineData("a\u001b[31mb", "a\\x1b[31mb")]
    [InlineData("bell\u0007", "bell\\x07")]
    [InlineData("line\nbreak", "line\\x0abreak")]
    [InlineData("c1\u009b", "c1\\x9b")]
    [InlineData("rtl\u202e", "rtl\\u202e")]
    [InlineData("tab\tkept", "tab\tkept")]
    public void Control_characters_become_visible_escapes(string text, string shown)
    {
        Assert.Equal(shown, TerminalText.Escape(text));
    }

    [Fact]
    public void Escapes_from_the_service_file_reach_neither_the_message_nor_the_quoted_line()
    {
        // A module name with ESC and BEL in it (YAML escapes), and a raw ESC byte in a comment on the same line.
        using var project = new TempProject().Write("opta.yaml",
            "name: shop\nenvironments:\n  - {name: staging, path: opta.yaml}\nmodules:\n  - {type: k8s-service, name: \"w\\e]0;owned\\a\", image: nginx, port: {http: 80}} # \u001b[2J\n");

        var text = project.Plan().FormatDiagnostics();

        Assert.Contains("w\\x1b]0;owned\\x07", text, StringComparison.Ordinal);
        Assert.Contains("# \\x1b[2J", text, StringComparison.Ordinal);
        NoControlCharacters(text);
    }

    [Fact]
    public void Object_names_and_values_from_a_base_folder_are_escaped_in_diff_output()
    {
        using var project = new TempProject().Write("opta.yaml", Hostile.Service);
        var folder = Path.Combine(project.Dir, "base");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "evil.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: \"x\\e[2J\\a\", namespace: shop}\ndata: {k: \"\\e]2;title\\a\"}\n");

        var run = Support.Cli.Run(project.Dir, "diff", "-c", "opta.yaml", "--base", "base");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("x\\x1b[2J\\x07", run.Stdout, StringComparison.Ordinal);
        NoControlCharacters(run.Stdout + run.Stderr);
    }

    [Fact]
    public void Diff_json_escapes_control_characters_and_bidirectional_overrides_and_stays_json()
    {
        using var project = new TempProject().Write("opta.yaml", Hostile.Service);
        var folder = Path.Combine(project.Dir, "base");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "evil.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: \"x\\e[2J\\a\\u202e\\x7f\\x9b\", namespace: shop}\n");

        var run = Support.Cli.Run(project.Dir, "diff", "-c", "opta.yaml", "--base", "base", "--output", "json");

        Assert.Equal(2, run.ExitCode);
        NoControlCharacters(run.Stdout);
        Assert.DoesNotContain('\x7f', run.Stdout);
        using var document = System.Text.Json.JsonDocument.Parse(run.Stdout);
        Assert.Contains(Strings(document.RootElement), v => v.Contains("x\u001b[2J\u0007\u202e\u007f\u009b", StringComparison.Ordinal));
    }

    private static IEnumerable<string> Strings(System.Text.Json.JsonElement element) => element.ValueKind switch
    {
        System.Text.Json.JsonValueKind.String => [element.GetString()!],
        System.Text.Json.JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Strings(p.Value)),
        System.Text.Json.JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        _ => [],
    };

    [Fact]
    public void A_Secret_over_1_MiB_is_an_error_at_env_vars()
    {
        var names = Enumerable.Range(0, 17).Select(i => $"S{i}").ToList();
        var vars = string.Join(", ", names.Select(n => $"{n}: \"{{secret.{n}}}\""));
        using var project = TempProject.WithModule($"name: web\nimage: nginx\nport: {{http: 80}}\nenv_vars: {{{vars}}}");
        var value = new string('x', 64 * 1024);

        var tooBig = project.Plan(new PlanOptions { Secrets = _ => value });
        var fits = project.Plan(new PlanOptions { Secrets = n => n == "S0" ? value : "small" });

        var error = PlanAssert.SingleError(tooBig);
        Assert.Equal("modules[0].env_vars: the Secret 'web-secrets' holds 1,114,112 bytes of values from {secret.NAME} references, which must be at most 1,048,576 bytes (1 MiB, the Kubernetes API server's limit); keep large values out of env_vars secrets (mount a file, or split the module)", error.Message);
        Assert.Equal(11, error.Position.Line);
        PlanAssert.Ok(fits);
    }

    [Fact]
    public void Two_layers_rendered_into_one_folder_keep_each_others_files()
    {
        using var project = new TempProject()
            .Write("shop.yaml", Hostile.Service)
            .Write("cart.yaml", Hostile.Service.Replace("name: shop", "name: cart", StringComparison.Ordinal).Replace("path: opta.yaml", "path: cart.yaml", StringComparison.Ordinal));
        project.Write("shop.yaml", File.ReadAllText(Path.Combine(project.Dir, "shop.yaml")).Replace("path: opta.yaml", "path: shop.yaml", StringComparison.Ordinal));
        var folder = Path.Combine(project.Dir, "out");

        Assert.Equal(0, Support.Cli.Run(project.Dir, "render", "-c", "shop.yaml", "-o", "out").ExitCode);
        var shop = Directory.GetFiles(folder, "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(0, Support.Cli.Run(project.Dir, "render", "-c", "cart.yaml", "-o", "out").ExitCode);
        var both = Directory.GetFiles(folder, "*.yaml").Select(Path.GetFileName).ToHashSet();

        Assert.Contains("shop.service-web.yaml", shop);
        Assert.Contains("cart.service-web.yaml", both);
        Assert.Superset(shop.ToHashSet()!, both!);

        // A re-render of one layer without its module removes only that layer's file.
        project.Write("shop.yaml", "name: shop\nenvironments:\n  - {name: staging, path: shop.yaml}\nmodules: []\n");
        Assert.Equal(0, Support.Cli.Run(project.Dir, "render", "-c", "shop.yaml", "-o", "out").ExitCode);
        var after = Directory.GetFiles(folder, "*.yaml").Select(Path.GetFileName).ToHashSet();
        Assert.DoesNotContain("shop.service-web.yaml", after);
        Assert.Contains("cart.service-web.yaml", after);
    }

    [Fact]
    public void A_render_into_a_folder_another_render_holds_fails_with_a_clear_message()
    {
        using var project = new TempProject().Write("opta.yaml", Hostile.Service);
        var folder = Path.Combine(project.Dir, "out");
        Directory.CreateDirectory(folder);

        // FileShare.None takes the same flock the renderer takes.
        using (new FileStream(Path.Combine(folder, ".opta-infra.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var blocked = Support.Cli.Run(project.Dir, "render", "-c", "opta.yaml", "-o", "out");

            Assert.Equal(1, blocked.ExitCode);
            Assert.StartsWith("opta-infra: error: -o out: another opta-infra render is writing there", blocked.Stderr, StringComparison.Ordinal);
            Assert.Empty(Directory.GetFiles(folder, "*.yaml"));
        }

        Assert.Equal(0, Support.Cli.Run(project.Dir, "render", "-c", "opta.yaml", "-o", "out").ExitCode);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Secrets_rendered_into_a_folder_are_readable_by_the_owner_only_and_diff_as_unchanged_when_masked()
    {
        using var project = TempProject.WithModule("name: web\nimage: nginx\nport: {http: 80}\nenv_vars: {DB: \"{secret.DB}\"}");
        var secrets = new Dictionary<string, string> { ["OPTA_SECRET_DB"] = "hunter2" };

        Assert.Equal(0, Support.Cli.Run(project.Dir, secrets, "render", "-c", "opta.yaml", "-o", "shown", "--show-secrets").ExitCode);
        Assert.Equal(0, Support.Cli.Run(project.Dir, secrets, "render", "-c", "opta.yaml", "-o", "masked").ExitCode);
        var diff = Support.Cli.Run(project.Dir, secrets, "diff", "-c", "opta.yaml", "--base", "masked");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(project.Dir, "shown", "shop.secret-web-secrets.yaml")));
        Assert.Equal((0, "Plan: 0 to create, 0 to update, 0 to delete."), (diff.ExitCode, diff.Stdout.TrimEnd().Split('\n')[^1]));
    }
}
