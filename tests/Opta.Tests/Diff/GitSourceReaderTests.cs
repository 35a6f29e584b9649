using Opta.Loading;

namespace Opta.Tests.Diff;

public sealed class GitSourceReaderTests : IDisposable
{
    private readonly TempGitRepository repo = new();

    public void Dispose() => repo.Dispose();

    private GitSourceReader Open(string revision = "HEAD") =>
        GitSourceReader.Open(repo.PathOf("opta.yaml"), revision, out var error) ?? throw new InvalidOperationException(error);

    private string? Read(GitSourceReader reader, string relative, out string? whyNot, long maxBytes = 1 << 20) =>
        reader.Read(repo.PathOf(relative), maxBytes, out whyNot);

    [Fact]
    public void Reads_the_file_as_committed_not_as_in_the_working_tree()
    {
        repo.Write("opta.yaml", "name: first\n");
        var first = repo.Commit("first");
        repo.Write("opta.yaml", "name: second\n");
        repo.Commit("second");
        repo.Write("opta.yaml", "name: working\n");

        var reader = Open("HEAD~1");

        Assert.Equal(first, reader.Commit);
        Assert.Equal("name: first\n", Read(reader, "opta.yaml", out var whyNot));
        Assert.Null(whyNot);
        Assert.Equal("name: second\n", Read(Open(), "opta.yaml", out _));
    }

    [Fact]
    public void Files_in_subfolders_and_with_spaces_are_found()
    {
        repo.Write("opta.yaml", "x\n");
        repo.Write("envs/my env.yaml", "name: staging\n");
        repo.Commit("c");

        Assert.Equal("name: staging\n", Read(Open(), "envs/my env.yaml", out _));
    }

    [Theory]
    [InlineData("missing.yaml", "no such file")]
    [InlineData("envs", "it is a directory, not a file")]
    [InlineData("big.yaml", "it is 20 bytes, over the limit of 10")]
    [InlineData("loop-a.yaml", "it is a symbolic link loop")]
    [InlineData("dangling.yaml", "it is a symbolic link that leads nowhere (or in a loop)")]
    public void Refusals_read_as_the_file_system_readers_do(string relative, string expected)
    {
        repo.Write("opta.yaml", "x\n");
        repo.Write("envs/a.yaml", "x\n");
        repo.Write("big.yaml", new string('x', 19) + "\n");
        File.CreateSymbolicLink(repo.PathOf("loop-a.yaml"), "loop-b.yaml");
        File.CreateSymbolicLink(repo.PathOf("loop-b.yaml"), "loop-a.yaml");
        File.CreateSymbolicLink(repo.PathOf("dangling.yaml"), "nowhere.yaml");
        repo.Commit("c");

        Assert.Null(Read(Open(), relative, out var whyNot, maxBytes: 10));
        Assert.Equal(expected, whyNot);
    }

    [Fact]
    public void A_committed_symbolic_link_is_followed_inside_the_revision()
    {
        repo.Write("opta.yaml", "x\n");
        repo.Write("shared/env.yaml", "name: old\n");
        File.CreateSymbolicLink(repo.PathOf("env.yaml"), "shared/env.yaml");
        repo.Commit("c");
        repo.Write("shared/env.yaml", "name: new\n");

        Assert.Equal("name: old\n", Read(Open(), "env.yaml", out _));
    }

    [Fact]
    public void A_file_deleted_since_the_revision_is_still_read()
    {
        repo.Write("opta.yaml", "x\n");
        repo.Write("old/env.yaml", "name: gone\n");
        repo.Commit("c");
        Directory.Delete(repo.PathOf("old"), recursive: true);

        var reader = Open();

        Assert.True(reader.Exists(repo.PathOf("old/env.yaml")));
        Assert.Equal("name: gone\n", Read(reader, "old/env.yaml", out _));
    }

    [Fact]
    public void A_path_outside_the_repository_is_refused()
    {
        repo.Write("opta.yaml", "x\n");
        repo.Commit("c");

        Assert.Null(Open().Read(Path.Combine(Path.GetTempPath(), "elsewhere.yaml"), 100, out var whyNot));

        Assert.Equal($"it is outside the git repository at {Open().RepositoryRoot}, so it cannot be read at HEAD", whyNot);
    }

    [Fact]
    public void A_revision_that_is_an_option_is_not_passed_to_git_as_one()
    {
        repo.Write("opta.yaml", "x\n");
        repo.Commit("c");

        Assert.Null(GitSourceReader.Open(repo.PathOf("opta.yaml"), "--output=stolen.txt", out var error));

        Assert.StartsWith("--base --output=stolen.txt is neither a folder nor a commit", error);
    }
}
