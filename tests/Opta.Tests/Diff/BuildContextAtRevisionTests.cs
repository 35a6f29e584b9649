using Opta.Loading;
using Opta.Planning;
using Opta.Tests.Support;

namespace Opta.Tests.Diff;

/// <summary>At a git baseline, an <c>image: AUTO</c> build's content tag comes from the revision's files.</summary>
public sealed class BuildContextAtRevisionTests
{
    private const string ServiceFile = """
        name: shop
        environments: [{name: staging, path: opta.yaml}]
        modules:
          - {type: k8s-service, name: web, image: AUTO, port: {http: 80}, build: {context: app}}
        """;

    private static TempGitRepository Repository()
    {
        var repo = new TempGitRepository();
        repo.Write("svc/opta.yaml", ServiceFile);
        repo.Write("svc/app/Dockerfile", "FROM scratch\nCOPY . /\n");
        repo.Write("svc/app/main.txt", "v1");
        repo.Write("svc/app/run.sh", "#!/bin/sh\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(repo.PathOf("svc/app/run.sh"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        repo.Write("svc/app/.dockerignore", "*.log\n");
        repo.Write("svc/app/debug.log", "ignored");
        File.CreateSymbolicLink(repo.PathOf("svc/app/current"), "main.txt");
        repo.Commit("service");
        return repo;
    }

    private static string Tag(TempGitRepository repo, ISourceReader? reader)
    {
        var plan = PlanAssert.Ok(OptaEngine.Plan(repo.PathOf("svc/opta.yaml"), new PlanOptions { Reader = reader }));
        return plan.Services[0].Image.Tag!;
    }

    private static GitSourceReader At(TempGitRepository repo, string revision) =>
        GitSourceReader.Open(repo.PathOf("svc/opta.yaml"), revision, out var error) ?? throw new InvalidOperationException(error);

    [Fact]
    public void A_clean_checkout_and_its_commit_give_the_same_tag()
    {
        using var repo = Repository();

        Assert.Equal(Tag(repo, null), Tag(repo, At(repo, "HEAD")));
    }

    [Fact]
    public void A_change_to_the_context_alone_shows_against_the_commit()
    {
        using var repo = Repository();
        var committed = Tag(repo, At(repo, "HEAD"));

        repo.Write("svc/app/main.txt", "v2");
        Assert.NotEqual(committed, Tag(repo, null));
        Assert.Equal(committed, Tag(repo, At(repo, "HEAD")));

        repo.Write("svc/app/main.txt", "v1");
        repo.Write("svc/app/other.log", "still ignored");
        Assert.Equal(committed, Tag(repo, null));
    }

    [Fact]
    public void Diff_reports_the_image_change_when_only_the_build_context_changed()
    {
        using var repo = Repository();
        repo.Write("svc/app/main.txt", "v2");

        var result = Support.Cli.Run(repo.PathOf("svc"), "diff", "-c", "opta.yaml", "--base", "HEAD");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("~ update Deployment shop/shop-web-k8s-service", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("image: \"localhost:5000/shop/web:ctx-", result.Stdout.Replace("containers[name=k8s-service].", ""), StringComparison.Ordinal);
    }
}
