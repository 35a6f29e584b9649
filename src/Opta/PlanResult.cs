using Opta.Diagnostics;
using Opta.Planning;

namespace Opta;

/// <summary>The outcome of planning: the plan, or the diagnostics that prevented it (warnings come either way).</summary>
public sealed record PlanResult
{
    public EnvironmentPlan? Plan { get; init; }

    /// <summary>Every error and warning, in reading order.</summary>
    public required IReadOnlyList<Diagnostic> Diagnostics { get; init; }

    /// <summary>The texts read, for showing source lines under diagnostics.</summary>
    public required SourceSet Sources { get; init; }

    public bool Succeeded => Plan is not null && !Diagnostics.Any(d => d.IsError);

    public IEnumerable<Diagnostic> Errors => Diagnostics.Where(d => d.IsError);

    public IEnumerable<Diagnostic> Warnings => Diagnostics.Where(d => !d.IsError);

    /// <summary>All diagnostics as the CLI prints them: one line each, the source line and a caret.</summary>
    public string FormatDiagnostics() => DiagnosticFormatter.Format(Diagnostics, Sources);

    /// <summary>The plan, or an exception whose message is the formatted diagnostics.</summary>
    public EnvironmentPlan PlanOrThrow() =>
        Succeeded ? Plan! : throw new OptaValidationException(this);
}
