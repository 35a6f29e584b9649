using Opta;

namespace Opta.Cli;

/// <summary>What the CLI prints on stderr: diagnostics and one-line errors, never stack traces.</summary>
internal static class CliOutput
{
    public const int Ok = 0;
    public const int Failed = 1;

    public static void Error(string message) => Console.Error.WriteLine($"opta-infra: error: {message}");

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
