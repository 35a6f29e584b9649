using Opta.Diagnostics;

namespace Opta;

/// <summary>Thrown by <see cref="PlanResult.PlanOrThrow"/>; the message is the <c>FILE:LINE:COL</c> diagnostics.</summary>
public sealed class OptaValidationException(PlanResult result)
    : Exception(DiagnosticFormatter.Format(result.Errors, result.Sources).TrimEnd())
{
    public PlanResult Result { get; } = result;
}
