using Opta.Cli;
using Opta.Loading;
using Opta.Planning;
using Opta.Tests.Diff;
using Opta.Tests.Support;

namespace Opta.Tests.Security;

/// <summary>
/// Named pipes, devices and links where a regular file is expected: never opened in a blocking way, never read
/// without bound, never written through. Pipes and links are made only inside temporary folders.
/// </summary>
public sealed class FileKindTests
{
    private const int HangGuard = 60_000;

    [Fact(Timeout = HangGuard)]
    public async Task A_named_pipe_is_refused_by_the_reader_without_blocking()
    {
        using var project = new TempProject();
        var pipe = Path.Combine(project.Dir, "pipe");
        Hostile.MakeFifo(pipe);

        var (bytes, whyNot) = await Task.Run(() => (RegularFile.ReadAllBytes(pipe, 100, out var why), why));

        Assert.Null(bytes);
        Assert.Equal("it is a named pipe (FIFO), not a regular file", whyNot);
        Assert.Equal(FileKind.NamedPipe, RegularFile.KindOf(pipe));
    }

    [Fact]
    public void The_size_limit_holds_while_reading_and_links_are_refused_where_not_followed()
    {
        using var project = new TempProject().Write("big.txt", new string('x', 1000));
        var big = Path.Combine(project.Dir, "big.txt");
        var link = Path.Combine(project.Dir, "link.txt");
        File.CreateSymbolicLink(link, big);

        Assert.Null(RegularFile.ReadAllBytes(big, 999, out var tooBig));
        Assert.Equal("it is 1,000 bytes, over the limit of 999", tooBig);
        Assert.Equal(1000, RegularFile.ReadAllBytes(link, 1000, out _)!.Length);
        Assert.Null(RegularFile.ReadAllBytes(link, 1000, out var notFollowed, followLinks: false));
        Assert.Equal("it is a symbolic link, which is not followed here", notFollowed);
    }

    [Fact(Timeout = HangGuard)]
    public async Task A_named_pipe_in_the_build_context_is_an_error_naming_it()
    {
        using var project = TempProject.WithModule("name: web\nimage: AUTO\nport: {http: 80}").Write("Dockerfile", "FROM scratch\n").Write("src/app.txt", "v1");
        Hostile.MakeFifo(Path.Combine(project.Dir, "src", "pipe"));

        var result = await Task.Run(() => project.Plan());

        var error = PlanAssert.SingleError(result);
        Assert.Equal("modules[0].image: the build context file 'src/pipe' cannot be hashed: it is a named pipe (FIFO), not a regular file; remove it from the build context or list it in .dockerignore", error.Message);
    }

    [Fact(Timeout = HangGuard)]
    public async Task A_named_pipe_in_the_build_context_that_dockerignore_leaves_out_is_no_problem()
    {
        using var project = TempProject.WithModule("name: web\nimage: AUTO\nport: {http: 80}").Write("Dockerfile", "FROM scratch\n").Write(".dockerignore", "pipe\n");
        Hostile.MakeFifo(Path.Combine(project.Dir, "pipe"));

        PlanAssert.Ok(await Task.Run(() => project.Plan()));
    }

    [Fact(Timeout = HangGuard)]
    public async Task A_named_pipe_as_the_Dockerfile_is_an_error_naming_it()
    {
        using var project = TempProject.WithModule("name: web\nimage: AUTO\nport: {http: 80}\nbuild: {context: ., dockerfile: Containerfile}");
        Hostile.MakeFifo(Path.Combine(project.Dir, "Containerfile"));

        var error = PlanAssert.SingleError(await Task.Run(() => project.Plan()));

        Assert.StartsWith("modules[0].build.context: the build context file 'Containerfile' cannot be hashed: it is a named pipe (FIFO)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_where_the_Dockerfile_should_be_is_an_error()
    {
        using var project = TempProject.WithModule("name: web\nimage: AUTO\nport: {http: 80}\nbuild: {context: ., dockerfile: Dockerfile}");
        Directory.CreateDirectory(Path.Combine(project.Dir, "Dockerfile"));

        Assert.StartsWith("modules[0].build.dockerfile: no Dockerfile at 'Dockerfile'", PlanAssert.SingleError(project.Plan()).Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = HangGuard)]
    public async Task A_pipe_or_a_link_to_a_device_in_a_base_folder_is_refused_without_reading_it()
    {
        using var project = new TempProject().Write("opta.yaml", Hostile.Service);
        var folder = Path.Combine(project.Dir, "rendered");
        Directory.CreateDirectory(folder);
        Hostile.MakeFifo(Path.Combine(folder, "a-pipe.yaml"));
        File.CreateSymbolicLink(Path.Combine(folder, "b-zero.yaml"), "/dev/zero");

        var run = await Task.Run(() => DiffRun.InProcess("-c", project.ServiceFile, "--base", folder));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("a-pipe.yaml: cannot be read: it is a named pipe (FIFO), not a regular file", run.Error, StringComparison.Ordinal);
        Assert.Contains("b-zero.yaml: cannot be read: it is a symbolic link, which is not followed here", run.Error, StringComparison.Ordinal);
    }

    [Fact(Timeout = HangGuard)]
    public async Task Render_into_a_folder_holding_a_pipe_and_links_neither_hangs_nor_touches_them()
    {
        using var project = new TempProject().Write("opta.yaml", Hostile.Service).Write("outside.yaml", "# Rendered by opta-infra from opta.yaml (layer shop, environment staging); mine\n");
        var folder = Path.Combine(project.Dir, "out");
        Directory.CreateDirectory(folder);
        Hostile.MakeFifo(Path.Combine(folder, "pipe.yaml"));
        File.CreateSymbolicLink(Path.Combine(folder, "zero.yaml"), "/dev/zero");
        File.CreateSymbolicLink(Path.Combine(folder, "planted.yaml"), Path.Combine(project.Dir, "outside.yaml"));

        var result = await Task.Run(() => Support.Cli.Run(project.Dir, "render", "-c", "opta.yaml", "-o", "out"));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(FileKind.NamedPipe, RegularFile.KindOf(Path.Combine(folder, "pipe.yaml")));
        Assert.Equal(FileKind.SymbolicLink, RegularFile.KindOf(Path.Combine(folder, "zero.yaml"), followLinks: false));
        Assert.Equal(FileKind.SymbolicLink, RegularFile.KindOf(Path.Combine(folder, "planted.yaml"), followLinks: false));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_temporary_file_is_never_written_through_a_planted_link()
    {
        using var project = new TempProject().Write("victim.txt", "untouched");
        var victim = Path.Combine(project.Dir, "victim.txt");
        var folder = Path.Combine(project.Dir, "shared");
        Directory.CreateDirectory(folder);

        // The names the writer used to pick (.NAME.PID.tmp), each a link to the victim.
        File.CreateSymbolicLink(Path.Combine(folder, $".out.yaml.{Environment.ProcessId}.tmp"), victim);
        File.CreateSymbolicLink(Path.Combine(folder, "out.yaml"), victim);

        AtomicFile.Write(Path.Combine(folder, "out.yaml"), "new content\n");

        Assert.Equal("untouched", File.ReadAllText(victim));
        Assert.Equal(FileKind.Regular, RegularFile.KindOf(Path.Combine(folder, "out.yaml"), followLinks: false));
        Assert.Equal("new content\n", File.ReadAllText(Path.Combine(folder, "out.yaml")));
    }

    [Fact]
    public void Import_file_refuses_a_target_that_is_a_link_or_a_pipe()
    {
        using var project = new TempProject().Write("opta.yaml", Hostile.Service).Write("victim.txt", "untouched");
        File.CreateSymbolicLink(Path.Combine(project.Dir, "link.json"), Path.Combine(project.Dir, "victim.txt"));
        Hostile.MakeFifo(Path.Combine(project.Dir, "pipe.json"));

        var link = Support.Cli.Run(project.Dir, "import-file", "-c", "opta.yaml", "-o", "link.json");
        var pipe = Support.Cli.Run(project.Dir, "import-file", "-c", "opta.yaml", "-o", "pipe.json");
        var regular = Support.Cli.Run(project.Dir, "import-file", "-c", "opta.yaml", "-o", "victim.txt");

        Assert.Equal((1, "opta-infra: error: -o link.json: it is a symbolic link, which is not followed here; give the path of a new or regular file\n"), (link.ExitCode, link.Stderr));
        Assert.Equal((1, "opta-infra: error: -o pipe.json: it is a named pipe (FIFO), not a regular file; give the path of a new or regular file\n"), (pipe.ExitCode, pipe.Stderr));
        Assert.Equal(FileKind.SymbolicLink, RegularFile.KindOf(Path.Combine(project.Dir, "link.json"), followLinks: false));
        Assert.Equal(FileKind.NamedPipe, RegularFile.KindOf(Path.Combine(project.Dir, "pipe.json")));
        Assert.Equal(0, regular.ExitCode);
        Assert.StartsWith("{", File.ReadAllText(Path.Combine(project.Dir, "victim.txt")), StringComparison.Ordinal);
    }
}
