using Opta.Diagnostics;
using Opta.Planning;
using Opta.Tests.Support;

namespace Opta.Tests.Security;

/// <summary>
/// The files a service file names stay inside its repository (or an allowed folder), after links are resolved,
/// and an error never quotes more than the offending line.
/// </summary>
public sealed class ConfinementTests : IDisposable
{
    private const string SecretLine = "TOKEN=do-not-echo-me";

    private readonly string root = Directory.CreateTempSubdirectory("opta-confinement-").FullName;

    public ConfinementTests()
    {
        // root/repo is a git work tree (a .git entry is all it takes); root/outside is not part of it.
        Directory.CreateDirectory(Path.Combine(Repo, ".git"));
        Directory.CreateDirectory(Path.Combine(Repo, "svc"));
        Directory.CreateDirectory(Outside);
        File.WriteAllText(Path.Combine(Outside, "env.yaml"), $"name: staging\norg_name: {SecretLine}\n[[[\n");
        File.WriteAllText(Path.Combine(Outside, "Dockerfile"), "FROM scratch\n");
    }

    private string Repo => Path.Combine(root, "repo");

    private string Outside => Path.Combine(root, "outside");

    private string ServiceFile => Path.Combine(Repo, "svc", "opta.yaml");

    public void Dispose() => Directory.Delete(root, recursive: true);

    private PlanResult Plan(string environmentPath, PlanOptions? options = null)
    {
        File.WriteAllText(ServiceFile, $"name: shop\nenvironments:\n  - name: staging\n    path: \"{environmentPath}\"\nmodules:\n  - {{type: k8s-service, name: web, image: nginx, port: {{http: 80}}}}\n");
        return OptaEngine.Plan(ServiceFile, options);
    }

    public static TheoryData<string, string> OutsidePaths => new()
    {
        { "../../outside/env.yaml", "outside the repository" },
        { "{outside}/env.yaml", "outside the repository" },
        { "link.yaml", "outside the repository" },
        { "linked-folder/env.yaml", "outside the repository" },
        { "/etc/passwd", "outside the repository" },
        { "/proc/self/environ", "under /proc, which opta-infra never reads" },
        { "/dev/zero", "under /dev, which opta-infra never reads" },
        { "/sys/kernel/mm/transparent_hugepage/enabled", "under /sys, which opta-infra never reads" },
    };

    [Theory]
    [MemberData(nameof(OutsidePaths))]
    public void An_environment_file_outside_the_repository_is_refused_at_its_field_without_being_read(string path, string rule)
    {
        File.CreateSymbolicLink(Path.Combine(Repo, "svc", "link.yaml"), Path.Combine(Outside, "env.yaml"));
        Directory.CreateSymbolicLink(Path.Combine(Repo, "svc", "linked-folder"), Outside);

        var result = Plan(path.Replace("{outside}", Outside, StringComparison.Ordinal));

        var error = PlanAssert.SingleError(result);
        Assert.Contains(rule, error.Message, StringComparison.Ordinal);
        Assert.Equal((4, 11), (error.Position.Line, error.Position.Column));
        Assert.DoesNotContain(SecretLine, result.FormatDiagnostics(), StringComparison.Ordinal);
        if (rule.StartsWith("outside", StringComparison.Ordinal))
        {
            Assert.Contains("move the file into the repository or pass --allow-path", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_folder_above_the_service_file_is_inside_when_it_is_the_git_work_tree()
    {
        Directory.CreateDirectory(Path.Combine(Repo, "envs"));
        File.WriteAllText(Path.Combine(Repo, "envs", "staging.yaml"), "name: staging\norg_name: acme\n");

        PlanAssert.Ok(Plan("../envs/staging.yaml"));
    }

    [Fact]
    public void An_allowed_folder_may_be_named_but_never_proc()
    {
        File.WriteAllText(Path.Combine(Outside, "env.yaml"), "name: staging\norg_name: acme\n");
        var allowed = new PlanOptions { AllowedPaths = [Outside, "/proc", "/dev"] };

        PlanAssert.Ok(Plan("../../outside/env.yaml", allowed));
        Assert.Contains("under /proc", PlanAssert.SingleError(Plan("/proc/self/environ", allowed)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_service_file_that_is_a_link_out_of_its_folder_is_refused()
    {
        var link = Path.Combine(Repo, "svc", "opta.yaml");
        File.CreateSymbolicLink(link, Path.Combine(Outside, "env.yaml"));

        var result = OptaEngine.Plan(link);

        Assert.Contains("outside the repository", PlanAssert.SingleError(result).Message, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretLine, result.FormatDiagnostics(), StringComparison.Ordinal);
    }

    public static TheoryData<string, string> OutsideBuilds => new()
    {
        { "{context: ../../outside}", "modules[0].build.context: '../../outside' cannot be used: it resolves to" },
        { "{context: ., dockerfile: ../../outside/Dockerfile}", "modules[0].build.dockerfile: '../../outside/Dockerfile' cannot be used: it resolves to" },
        { "{context: linked-folder}", "modules[0].build.context: 'linked-folder' cannot be used: it resolves to" },
        { "{context: /dev}", "under /dev, which opta-infra never reads" },
    };

    [Theory]
    [MemberData(nameof(OutsideBuilds))]
    public void A_build_context_or_Dockerfile_outside_the_repository_is_refused(string build, string message)
    {
        Directory.CreateSymbolicLink(Path.Combine(Repo, "svc", "linked-folder"), Outside);
        File.WriteAllText(Path.Combine(Repo, "svc", "Dockerfile"), "FROM scratch\n");
        File.WriteAllText(ServiceFile, $"name: shop\nenvironments:\n  - {{name: staging, path: opta.yaml}}\nmodules:\n  - {{type: k8s-service, name: web, image: AUTO, port: {{http: 80}}, build: {build}}}\n");

        var error = PlanAssert.SingleError(OptaEngine.Plan(ServiceFile));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(5, error.Position.Line);
    }

    [Fact]
    public void An_error_quotes_only_its_line_cut_to_a_bounded_length_with_the_caret_in_view()
    {
        var sources = new SourceSet();
        var longLine = "key: " + new string('x', 5000) + "BAD" + new string('y', 5000);
        sources.Add("f.yaml", "first: line\n" + longLine + "\nlast: line\n");

        var text = DiagnosticFormatter.Format([Diagnostic.Error(new SourcePosition("f.yaml", 2, 5006), "here")], sources);

        var lines = text.TrimEnd('\n').Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.All(lines, l => Assert.True(l.Length <= DiagnosticFormatter.MaxQuotedLine + 4, $"{l.Length} characters"));
        Assert.Equal('^', lines[2].TrimStart()[0]);
        Assert.Equal("BAD", lines[1].Substring(lines[2].IndexOf('^', StringComparison.Ordinal), 3));
        Assert.EndsWith("…", lines[1], StringComparison.Ordinal);
    }
}
