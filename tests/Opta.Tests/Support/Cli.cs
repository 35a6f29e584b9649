using System.Diagnostics;

namespace Opta.Tests.Support;

/// <summary>
/// Runs the real <c>opta-infra</c> command and captures what it prints: the build next to the tests, or the
/// executable OPTA_INFRA_CLI names (`.ci/run` sets it to the native build and runs the suite again).
/// </summary>
public static class Cli
{
    /// <summary>The native (or any other) build the tests run instead of the one next to them, when set.</summary>
    public static readonly string? Executable = Environment.GetEnvironmentVariable("OPTA_INFRA_CLI") is { Length: > 0 } path ? Path.GetFullPath(path) : null;

    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static Result Run(string workingDirectory, params string[] args) => Run(workingDirectory, null, args);

    public static Result Run(string workingDirectory, IDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo(Executable ?? "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (Executable is null)
        {
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "opta-infra.dll"));
        }

        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["NO_COLOR"] = "1";
        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[k] = v;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"opta-infra {string.Join(' ', args)} did not finish");
        }

        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }
}
