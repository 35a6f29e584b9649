using System.Diagnostics;

namespace Opta.Tests.Diff;

/// <summary>A throwaway git repository driven by the real git binary, with its identity set locally.</summary>
internal sealed class TempGitRepository : IDisposable
{
    public TempGitRepository()
    {
        Root = Directory.CreateTempSubdirectory("opta-diff-git-").FullName;
        Git("init", "-q");
        Git("config", "user.name", "Opta Tests");
        Git("config", "user.email", "tests@example.com");
        Git("config", "commit.gpgsign", "false");
    }

    public string Root { get; }

    public string PathOf(string relative) => Path.Combine(Root, relative);

    public void Write(string relative, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(PathOf(relative))!);
        File.WriteAllText(PathOf(relative), text);
    }

    public void Delete(string relative) => File.Delete(PathOf(relative));

    /// <summary>Commits everything in the working tree; returns the new commit's hash.</summary>
    public string Commit(string message)
    {
        Git("add", "-A");
        Git("commit", "-q", "--allow-empty", "-m", message);
        return Git("rev-parse", "HEAD").Trim();
    }

    public string Git(params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed: {error.Result}");
        }

        return output;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
