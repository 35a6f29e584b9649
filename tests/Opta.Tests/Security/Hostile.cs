using System.Diagnostics;

namespace Opta.Tests.Security;

/// <summary>What the hostile-input tests make: named pipes (only inside temporary folders), and CLI runs with redirects.</summary>
internal static class Hostile
{
    /// <summary>A small valid service file with one environment in the same file.</summary>
    public const string Service = "name: shop\nenvironments:\n  - name: staging\n    path: opta.yaml\nmodules:\n  - {type: k8s-service, name: web, image: nginx, port: {http: 80}}\n";

    public static void MakeFifo(string path)
    {
        Assert.StartsWith(Path.GetTempPath(), path, StringComparison.Ordinal);
        using var mkfifo = Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }

    /// <summary>
    /// Runs the built CLI through <c>/bin/sh</c> so that <paramref name="redirects"/> (such as <c>&gt;/dev/full</c>,
    /// a redirect target opened for writing, or <c>&gt;&amp;-</c>) apply to it; returns the exit code and stderr.
    /// </summary>
    public static (int ExitCode, string Stderr) RunRedirected(string workingDirectory, string redirects, params string[] args)
    {
        string[] program = Support.Cli.Executable is { } executable ? [executable] : ["dotnet", Path.Combine(AppContext.BaseDirectory, "opta-infra.dll")];
        var command = "exec " + string.Join(' ', program.Concat(args).Select(Quote)) + " " + redirects;
        var start = new ProcessStartInfo("/bin/sh") { WorkingDirectory = workingDirectory, RedirectStandardError = !redirects.Contains("2>", StringComparison.Ordinal), UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        var stderr = start.RedirectStandardError ? process.StandardError.ReadToEndAsync() : Task.FromResult("");
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("opta-infra did not finish");
        }

        return (process.ExitCode, stderr.Result);
    }

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
