using Opta;

namespace Opta.Cli;

/// <summary>What the CLI prints on stderr: diagnostics and one-line errors, never stack traces.</summary>
internal static class CliOutput
{
    public const int Ok = 0;
    public const int Failed = 1;

    /// <summary>
    /// Whether stdout and stderr are open. A closed one must stop the run before anything is opened: the next file
    /// opened would get its descriptor, and what is printed would land in that file (a rendered manifest, say).
    /// </summary>
    public static bool StandardStreamsOpen(out string? closed)
    {
        closed = OperatingSystem.IsWindows() ? null : !IsOpen(1) ? "stdout" : !IsOpen(2) ? "stderr" : null;
        return closed is null;
    }

    /// <summary>
    /// Open for writing. When the shell closed the descriptor, the runtime's own start-up may already have
    /// reused it for a file it reads (an assembly), so "open" alone is not enough.
    /// </summary>
    private static bool IsOpen(int descriptor) => Fcntl(descriptor, 3 /* F_GETFL */) is var flags && flags != -1 && (flags & 3 /* O_ACCMODE */) != 0 /* O_RDONLY */;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static extern int Fcntl(int descriptor, int command);

    /// <summary>One <c>opta-infra: error: …</c> line; what it quotes from files or arguments is escaped for the terminal.</summary>
    public static void Error(string message) => Console.Error.WriteLine(Line(message));

    public static string Line(string message) => $"opta-infra: error: {Diagnostics.TerminalText.Escape(message)}";

    /// <summary>
    /// The problem with a path given on the command line (empty, or a NUL no path can hold), as the end of a
    /// sentence; null when it can be used.
    /// </summary>
    public static string? MalformedPath(string value) =>
        value.Length == 0 ? "is empty; give a path"
        : value.Contains('\0', StringComparison.Ordinal) ? "contains a NUL character, which no path can hold"
        : null;

    /// <summary>
    /// Prints warnings and errors; returns true when planning succeeded. <paramref name="outcome"/> ends the error
    /// count when the command would have produced something (<c>nothing was rendered</c>); validate has none.
    /// </summary>
    public static bool Report(PlanResult result, string? outcome)
    {
        if (result.Diagnostics.Count > 0)
        {
            Console.Error.Write(result.FormatDiagnostics());
        }

        if (!result.Succeeded)
        {
            var errors = result.Errors.Count();
            Console.Error.WriteLine($"{errors} error{(errors == 1 ? "" : "s")}{(outcome is null ? "" : "; " + outcome)}.");
        }

        return result.Succeeded;
    }
}
