using Opta.Tests.Support;

namespace Opta.Tests.Security;

/// <summary>Bad input and a broken output end in exit 1 with one clean line, never exit 70 or an abort.</summary>
public sealed class CleanExitTests
{
    private static string ServiceWith(string environmentPath) =>
        $"name: shop\nenvironments:\n  - name: staging\n    path: {environmentPath}\nmodules:\n  - {{type: k8s-service, name: web, image: nginx, port: {{http: 80}}}}\n";

    private static string AutoWith(string build) =>
        $"name: shop\nenvironments:\n  - {{name: staging, path: opta.yaml}}\nmodules:\n  - {{type: k8s-service, name: web, image: AUTO, port: {{http: 80}}, build: {build}}}\n";

    public static TheoryData<string, string> BadPaths => new()
    {
        { ServiceWith("\"\""), "opta.yaml:4:11: error: environments[0].path: '' is empty; give a path relative to the service file, or remove `path` when the environment is this file" },
        { ServiceWith("\"env\\0.yaml\""), "opta.yaml:4:11: error: environments[0].path: 'env\\x00.yaml' contains a NUL character, which no path can hold; remove it" },
        { AutoWith("{context: \"a\\0b\"}"), "opta.yaml:5:67: error: modules[0].build.context: 'a\\x00b' contains a NUL character" },
        { AutoWith("{context: ., dockerfile: \"D\\0\"}"), "opta.yaml:5:67: error: modules[0].build.dockerfile: 'D\\x00' contains a NUL character" },
        { AutoWith("{context: \"\"}"), "opta.yaml:5:67: error: modules[0].build.context: '' is empty" },
        { AutoWith("{context: " + new string('a', 300) + "}"), "opta.yaml:5:67: error: modules[0].build.context: the build context 'aaa" },
    };

    [Theory]
    [MemberData(nameof(BadPaths))]
    public void A_path_field_that_no_path_can_be_is_an_error_at_the_field(string service, string error)
    {
        using var project = new TempProject().Write("opta.yaml", service).Write("Dockerfile", "FROM scratch\n");

        var result = Support.Cli.Run(project.Dir, "validate", "-c", "opta.yaml");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith(error, result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
    }

    public static TheoryData<string[], string> BadArguments => new()
    {
        { ["render", "-c", "opta.yaml", "-o", ""], "opta-infra: error: -o '' is empty; give a path; give a folder (it is created if missing)\n" },
        { ["import-file", "-c", "opta.yaml", "-o", ""], "opta-infra: error: -o '' is empty; give a path; give the file to write\n" },
        { ["validate", "-c", ""], "opta-infra: error: -c '' is empty; give a path\n" },
        { ["validate", "-c", "opta.yaml", "--allow-path", ""], "opta-infra: error: --allow-path '' is empty; give a path\n" },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public void An_unusable_path_argument_is_one_error_line(string[] args, string stderr)
    {
        using var project = new TempProject().Write("opta.yaml", Hostile.Service);

        var result = Support.Cli.Run(project.Dir, args);

        Assert.Equal((1, stderr), (result.ExitCode, result.Stderr));
    }

    [Fact]
    public void A_NUL_in_base_is_one_error_line()
    {
        // argv cannot carry a NUL, so this runs the command in this process.
        using var project = new TempProject().Write("opta.yaml", Hostile.Service);

        var run = Diff.DiffRun.InProcess("-c", project.ServiceFile, "--base", "a\0b");

        Assert.Equal((1, "opta-infra: error: --base contains a NUL character, which neither a revision nor a folder can hold\n"), (run.ExitCode, run.Error));
    }

    [Theory]
    [InlineData(">/dev/full", "render")]
    [InlineData(">/dev/full", "import-file")]
    [InlineData(">&-", "render")]
    public void Stdout_full_or_closed_is_exit_1_with_one_line(string redirect, string command)
    {
        using var project = new TempProject().Write("opta.yaml", Hostile.Service);

        var (exit, stderr) = Hostile.RunRedirected(project.Dir, redirect, command, "-c", "opta.yaml");

        Assert.Equal(1, exit);
        Assert.StartsWith(redirect == ">&-" ? "opta-infra: error: stdout is closed" : "opta-infra: error: input/output error (", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void Stderr_full_is_exit_1_silently()
    {
        using var project = new TempProject().Write("opta.yaml", "name: shop\nenvironments: []\nmodules: []\n");

        var (exit, _) = Hostile.RunRedirected(project.Dir, "2>/dev/full", "validate", "-c", "opta.yaml");

        Assert.Equal(1, exit);
    }

    [Fact]
    public void Arguments_starting_with_an_at_sign_are_values_not_response_files()
    {
        using var project = new TempProject().Write("opta.yaml", "name: shop\nenvironments:\n  - {name: staging, path: opta.yaml}\nmodules:\n  - {type: k8s-service, name: web, image: AUTO, port: {http: 80}}\n");

        var tag = Support.Cli.Run(project.Dir, "render", "-c", "opta.yaml", "--image-tag", "@sha256:abc");
        var file = Support.Cli.Run(project.Dir, "validate", "-c", "@/etc/passwd");
        var revision = Support.Cli.Run(project.Dir, "diff", "-c", "opta.yaml", "--base", "@{u}");

        Assert.Contains("@sha256:abc", tag.Stdout + tag.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, file.ExitCode);
        Assert.Contains("cannot read the service file (-c) '@/etc/passwd': no such file", file.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("root:", file.Stderr + file.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("daemon:", file.Stderr + file.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, revision.ExitCode);
        Assert.Contains("--base @{u}", revision.Stderr, StringComparison.Ordinal);
    }
}
