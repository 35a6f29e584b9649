using System.Net;
using System.Net.Sockets;
using Opta.Loading;
using Opta.Tests.Diff;
using Opta.Tests.Support;

namespace Opta.Tests.Loading;

/// <summary>
/// Environment files in another git repository (Opta's <c>git@…//FILE?ref=…</c>), read with the real git binary
/// from bare repositories reached through <c>file://</c> URLs, with a cache folder of the test's own.
/// </summary>
public sealed class RemoteEnvironmentFileTests : IDisposable
{
    private readonly TempGitRepository infra = new();
    private readonly string scratch = Directory.CreateTempSubdirectory("opta-remote-env-").FullName;
    private readonly string firstCommit;

    public RemoteEnvironmentFileTests()
    {
        infra.Write("envs/staging.yaml", Environment("v1.example.com"));
        firstCommit = infra.Commit("first");
        infra.Git("branch", "-M", "main");
        infra.Git("tag", "v1");
        infra.Git("branch", "release");
        infra.Write("envs/staging.yaml", Environment("main.example.com"));
        infra.Commit("second");
        infra.Git("clone", "--quiet", "--bare", infra.Root, Bare);
    }

    private string Bare => Path.Combine(scratch, "infra.git");

    private string Url => "file://" + Bare;

    private string Cache => Path.Combine(scratch, "cache");

    private RemoteEnvironmentFile Remote => new(Path.Combine(Cache, "opta-infra", "git"), TimeSpan.FromSeconds(60));

    private static string Environment(string domain) => $$"""
        name: stg
        org_name: acme
        providers: { local: {} }
        modules:
          - type: dns
            domain: {{domain}}

        """;

    [Theory]
    [InlineData("", "main.example.com")]
    [InlineData("?ref=main", "main.example.com")]
    [InlineData("?ref=v1", "v1.example.com")]
    [InlineData("?ref=release", "v1.example.com")]
    [InlineData("?ref=FIRST", "v1.example.com")]
    public void The_file_is_read_at_the_ref_main_by_default(string query, string domain)
    {
        var text = Remote.Read($"{Url}//envs/staging.yaml{query.Replace("FIRST", firstCommit)}", 1 << 20, out var problem);

        Assert.Null(problem);
        Assert.Equal(Environment(domain), text);
    }

    [Fact]
    public void A_second_read_uses_the_same_cache_folder_and_sees_a_moved_branch()
    {
        Assert.Contains("main.example.com", Remote.Read($"{Url}//envs/staging.yaml", 1 << 20, out _), StringComparison.Ordinal);
        infra.Write("envs/staging.yaml", Environment("third.example.com"));
        infra.Commit("third");
        infra.Git("push", "--quiet", Bare, "main");

        Assert.Equal(Environment("third.example.com"), Remote.Read($"{Url}//envs/staging.yaml", 1 << 20, out var problem));
        Assert.Null(problem);
        Assert.Single(Directory.GetDirectories(Path.Combine(Cache, "opta-infra", "git")));
    }

    [Theory]
    [InlineData("//envs/missing.yaml", "cannot read 'envs/missing.yaml' from URL at ref 'main' (commit SHORT): no such file")]
    [InlineData("//envs?ref=v1", "cannot read 'envs' from URL at ref 'v1' (commit FIRST): it is a directory, not a file")]
    [InlineData("//envs/staging.yaml?ref=nope", "cannot fetch ref 'nope' of URL: git fetch failed: fatal: couldn't find remote ref nope; check that the repository and the ref exist")]
    public void A_missing_file_or_ref_names_the_url_and_the_ref(string suffix, string expected)
    {
        var head = infra.Git("rev-parse", "main").Trim();
        var text = Remote.Read(Url + suffix, 1 << 20, out var problem);

        Assert.Null(text);
        Assert.StartsWith(expected.Replace("URL", Url).Replace("SHORT", head[..7]).Replace("FIRST", firstCommit[..7]), problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Runs_that_fetch_the_same_url_at_once_take_turns_and_all_read_their_ref()
    {
        var refs = new[] { "main", "v1", "release", firstCommit, "main", "v1" };
        var texts = new string?[refs.Length];
        var problems = new string?[refs.Length];

        Parallel.For(0, refs.Length, new ParallelOptions { MaxDegreeOfParallelism = refs.Length }, i =>
            texts[i] = Remote.Read($"{Url}//envs/staging.yaml?ref={refs[i]}", 1 << 20, out problems[i]));

        Assert.All(problems, Assert.Null);
        Assert.Equal(refs.Select(r => Environment(r == "main" ? "main.example.com" : "v1.example.com")), texts);
        Assert.Single(Directory.GetDirectories(Path.Combine(Cache, "opta-infra", "git")));
    }

    [Fact]
    public void A_repository_without_main_says_that_the_ref_defaults_to_main()
    {
        var master = Path.Combine(scratch, "master.git");
        infra.Git("init", "--quiet", "--bare", master);
        infra.Git("push", "--quiet", master, "main:master");

        var text = Remote.Read($"file://{master}//envs/staging.yaml", 1 << 20, out var problem);

        Assert.Null(text);
        Assert.EndsWith("; the ref is main when the path names none: add ?ref=BRANCH (for example ?ref=master)", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreachable_repository_is_an_error_with_gits_reason_and_leaves_no_cache_folder()
    {
        var nowhere = "file://" + Path.Combine(scratch, "no-such-repository.git");
        var text = Remote.Read(nowhere + "//envs/staging.yaml", 1 << 20, out var problem);

        Assert.Null(text);
        Assert.Equal(
            $"cannot fetch ref 'main' of {nowhere}: git fetch failed: fatal: '{Path.Combine(scratch, "no-such-repository.git")}' does not appear to be a git repository; "
            + "fatal: Could not read from remote repository; check that the repository and the ref exist and that your git credentials reach it (`git ls-remote URL` shows its refs)",
            problem);
        Assert.Empty(Directory.GetDirectories(Path.Combine(Cache, "opta-infra", "git")));
    }

    [Fact]
    public void A_host_that_never_answers_is_stopped_after_the_timeout()
    {
        // A loopback port that accepts connections and then says nothing: git waits for a TLS handshake forever.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var remote = new RemoteEnvironmentFile(Path.Combine(Cache, "opta-infra", "git"), TimeSpan.FromSeconds(2));

        var text = remote.Read($"https://127.0.0.1:{port}/org/infra.git//envs/staging.yaml?ref=v1", 1 << 20, out var problem);

        Assert.Null(text);
        Assert.StartsWith($"cannot fetch ref 'v1' of https://127.0.0.1:{port}/org/infra.git: git fetch did not finish within 2 s and was stopped; check that the host is reachable (set OPTA_INFRA_GIT_TIMEOUT", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("git@github.com:org/infra.git", "'git@github.com:org/infra.git' names no file in the repository; write the file's path in the repository after '//'")]
    [InlineData("ftp://host/infra.git//opta.yml", "'ftp://host/infra.git//opta.yml' is a ftp:// URL; a remote environment file is read with git from git@HOST:ORG/REPO.git//FILE or an ssh://, https:// or file:// URL")]
    [InlineData("git@github.com:org/infra.git//staging/opta.yml?branch=main", "'git@github.com:org/infra.git//staging/opta.yml?branch=main': 'branch=main' after '?' is not understood; the only option is ref=BRANCH, ref=TAG or ref=COMMIT (default main)")]
    [InlineData("git@github.com:org/infra.git//../opta.yml", "'git@github.com:org/infra.git//../opta.yml': '../opta.yml' is not a file path inside the repository")]
    [InlineData("git@github.com:org/infra.git//", "'git@github.com:org/infra.git//': '' is not a file path inside the repository")]
    [InlineData("git@github.com:org/infra.git//opta.yml?ref=--upload-pack=x", "'git@github.com:org/infra.git//opta.yml?ref=--upload-pack=x': ref '--upload-pack=x' is not a branch, tag or commit name")]
    [InlineData("git@//opta.yml", "'git@//opta.yml' has no repository before '//'")]
    [InlineData("https://user:s3cret@example.com/infra.git", "'https://***@example.com/infra.git' names no file in the repository")]
    public void Malformed_remote_paths_say_how_to_write_them(string path, string expected)
    {
        Assert.Null(RemoteEnvironmentFile.Parse(path, out var problem));
        Assert.StartsWith(expected, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("git@github.com:org/infra.git//staging/opta.yml?ref=v2", "git@github.com:org/infra.git", "staging/opta.yml", "v2")]
    [InlineData("git@github.com:org/infra.git//opta.yml", "git@github.com:org/infra.git", "opta.yml", "main")]
    [InlineData("ssh://git@example.com:2222/org/infra.git//a/b/opta.yaml?ref=release/1.x", "ssh://git@example.com:2222/org/infra.git", "a/b/opta.yaml", "release/1.x")]
    [InlineData("https://example.com/org/infra.git//opta.yml?ref=v1", "https://example.com/org/infra.git", "opta.yml", "v1")]
    [InlineData("file:///srv/git/infra.git//envs/staging.yml", "file:///srv/git/infra.git", "envs/staging.yml", "main")]
    public void Opta_paths_and_urls_name_a_repository_a_file_and_a_ref(string path, string url, string file, string reference)
    {
        Assert.Equal(new RemoteEnvironmentFile.Location(url, file, reference), RemoteEnvironmentFile.Parse(path, out var problem));
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("https://user:token@example.com/infra.git//opta.yml", "https://***@example.com/infra.git//opta.yml")]
    [InlineData("https://ghp_token@example.com/infra.git//opta.yml", "https://***@example.com/infra.git//opta.yml")]
    [InlineData("ssh://git:pw@example.com/infra.git//opta.yml", "ssh://git:***@example.com/infra.git//opta.yml")]
    [InlineData("ssh://git@example.com/infra.git//opta.yml", "ssh://git@example.com/infra.git//opta.yml")]
    [InlineData("git@github.com:org/infra.git//opta.yml", "git@github.com:org/infra.git//opta.yml")]
    public void Credentials_in_a_url_are_not_printed(string path, string shown) =>
        Assert.Equal(shown, RemoteEnvironmentFile.Display(path));

    [Theory]
    [InlineData("", "environment stg, layer shop")]
    [InlineData("?ref=v1", "environment stg, layer shop")]
    public void Validate_reads_a_remote_environment_file(string query, string expected)
    {
        using var project = Service($"{Url}//envs/staging.yaml{query}");
        var result = Run(project, "validate", "-c", "opta.yaml");

        Assert.Equal("", result.Stderr);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains(expected, result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("//envs/staging.yaml?ref=v1", "v1.example.com")]
    [InlineData("//envs/staging.yaml", "main.example.com")]
    public void Render_takes_the_parent_domain_from_the_remote_file_at_its_ref(string suffix, string host)
    {
        using var project = Service(Url + suffix);
        var result = Run(project, "render", "-c", "opta.yaml");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"  - host: {host}\n", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("//envs/staging.yaml?ref=nope", "cannot fetch ref 'nope' of URL: git fetch failed: fatal: couldn't find remote ref nope")]
    [InlineData("//envs/missing.yaml", "cannot read 'envs/missing.yaml' from URL at ref 'main' (commit ")]
    public void A_remote_file_that_cannot_be_read_is_an_error_at_the_path_field(string suffix, string message)
    {
        using var project = Service(Url + suffix);
        var result = Run(project, "validate", "-c", "opta.yaml");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"opta.yaml:4:11: error: environments[0].path: {message.Replace("URL", Url)}", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_inside_a_remote_file_point_into_it_by_the_path_as_written()
    {
        infra.Write("envs/typo.yaml", "name: stg\norg_nmae: acme\n");
        infra.Commit("typo");
        infra.Git("push", "--quiet", Bare, "main");
        using var project = Service($"{Url}//envs/typo.yaml");
        var result = Run(project, "validate", "-c", "opta.yaml");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"{Url}//envs/typo.yaml:2:1: error: org_nmae: unknown field 'org_nmae' in an environment file; did you mean 'org_name'?\n  org_nmae: acme\n  ^\n", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_url_outside_the_project_and_the_allowed_folders_is_refused_before_git_runs()
    {
        using var project = Service($"{Url}//envs/staging.yaml");
        var result = Support.Cli.Run(project.Dir, CacheEnvironment(), "validate", "-c", "opta.yaml");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"opta.yaml:4:11: error: environments[0].path: cannot read the repository '{Bare}': it resolves to ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("outside the repository", result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(Cache, "opta-infra", "git")));
    }

    [Fact]
    public void A_bad_timeout_setting_is_an_error_naming_the_variable()
    {
        using var project = Service($"{Url}//envs/staging.yaml");
        var result = Run(project, new Dictionary<string, string> { [RemoteEnvironmentFile.TimeoutVariable] = "soon" }, "validate", "-c", "opta.yaml");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"opta.yaml:4:11: error: environments[0].path: cannot fetch ref 'main' of {Url}: OPTA_INFRA_GIT_TIMEOUT is 'soon', but it must be a whole number of seconds from 1 to 86400", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Diff_at_a_base_revision_reads_the_remote_file_at_the_ref_that_revision_names()
    {
        using var service = new TempGitRepository();
        // The domain reaches an env var, so the change is an update of the Deployment rather than a renamed Ingress.
        service.Write("opta.yaml", ServiceText($"{Url}//envs/staging.yaml?ref=v1").Replace("public_uri:", "env_vars: {DOMAIN: \"{parent.domain}\"}\n    #"));
        service.Commit("pinned to v1");
        service.Write("opta.yaml", ServiceText($"{Url}//envs/staging.yaml?ref=main").Replace("public_uri:", "env_vars: {DOMAIN: \"{parent.domain}\"}\n    #"));

        var result = Support.Cli.Run(service.Root, CacheEnvironment(), "diff", "-c", "opta.yaml", "--base", "HEAD", "--allow-path", scratch);

        Assert.True(result.ExitCode == 2, result.Stderr);
        Assert.Contains("    ~ spec.template.spec.containers[name=k8s-service].env[name=DOMAIN].value: \"v1.example.com\" => \"main.example.com\"\n", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Plan: 0 to create, 1 to update, 0 to delete.", result.Stdout, StringComparison.Ordinal);
    }

    private TempProject Service(string path) => new TempProject().Write("opta.yaml", ServiceText(path));

    private static string ServiceText(string path) => $$"""
        name: shop
        environments:
          - name: staging
            path: {{path}}
        modules:
          - type: k8s-service
            name: web
            image: nginx
            port: {http: 80}
            public_uri: "{parent.domain}/app"

        """;

    private Dictionary<string, string> CacheEnvironment() => new() { ["XDG_CACHE_HOME"] = Cache };

    private Support.Cli.Result Run(TempProject project, params string[] args) => Run(project, [], args);

    private Support.Cli.Result Run(TempProject project, Dictionary<string, string> environment, params string[] args)
    {
        var all = CacheEnvironment();
        foreach (var (k, v) in environment)
        {
            all[k] = v;
        }

        // The bare repositories are in the test's scratch folder, outside the project: a file:// repository passes
        // the project boundary only when allowed, as a local environment file does.
        return Support.Cli.Run(project.Dir, all, [.. args, "--allow-path", scratch]);
    }

    public void Dispose()
    {
        infra.Dispose();
        Directory.Delete(scratch, recursive: true);
    }
}
