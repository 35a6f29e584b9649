using Opta.Loading;
using Opta.Tests.Diff;

namespace Opta.Tests.Security;

/// <summary><c>diff --base REV</c> runs git; never one a checkout commits.</summary>
public sealed class GitFromPathTests
{
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_git_committed_in_the_checkout_never_runs()
    {
        using var repo = new TempGitRepository();
        repo.Write("opta.yaml", Hostile.Service);
        var fake = repo.PathOf("git");
        File.WriteAllText(fake, "#!/bin/sh\ntouch \"$(pwd)/ran-the-fake-git\"\nexit 1\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        repo.Commit("a checkout with its own git");
        var path = Environment.GetEnvironmentVariable("PATH");

        // As run from the checkout, and with PATH naming the current folder first ('.', and an empty entry).
        var plain = Support.Cli.Run(repo.Root, "diff", "-c", "opta.yaml", "--base", "HEAD");
        var dotFirst = Support.Cli.Run(repo.Root, new Dictionary<string, string> { ["PATH"] = ".::" + path }, "diff", "-c", "opta.yaml", "--base", "HEAD");

        Assert.False(File.Exists(repo.PathOf("ran-the-fake-git")), "the checkout's git ran");
        Assert.Equal((0, ""), (plain.ExitCode, plain.Stderr));
        Assert.Equal((0, ""), (dotFirst.ExitCode, dotFirst.Stderr));
        Assert.Contains("Plan: 0 to create, 0 to update, 0 to delete.", plain.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Programs_are_found_only_in_absolute_PATH_entries_other_than_the_current_folder()
    {
        var root = Directory.CreateTempSubdirectory("opta-programs-").FullName;
        try
        {
            foreach (var folder in new[] { "cwd", "cwd/bin", "system" })
            {
                Directory.CreateDirectory(Path.Combine(root, folder));
                var tool = Path.Combine(root, folder, "tool");
                File.WriteAllText(tool, "#!/bin/sh\n");
                File.SetUnixFileMode(tool, UnixFileMode.UserRead | UnixFileMode.UserExecute);
            }

            File.WriteAllText(Path.Combine(root, "system", "plain"), "not executable");
            var cwd = Path.Combine(root, "cwd");
            var system = Path.Combine(root, "system");

            Assert.Equal(Path.Combine(system, "tool"), Programs.Find("tool", string.Join(':', ".", "", "bin", cwd, cwd + "/", system), cwd));
            Assert.Null(Programs.Find("tool", string.Join(':', ".", "bin", cwd), cwd));
            Assert.Null(Programs.Find("plain", system, cwd));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
