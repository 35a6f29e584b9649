namespace Opta.Diagnostics;

/// <summary>A position in a source file; line and column are 1-based.</summary>
public readonly record struct SourcePosition(string File, int Line, int Column)
{
    public static SourcePosition StartOf(string file) => new(file, 1, 1);

    /// <summary>For problems with the command line rather than a file: prints as <c>opta-infra: error: …</c>.</summary>
    public static SourcePosition CommandLine { get; } = new("opta-infra", 0, 0);

    public override string ToString() => Line == 0 ? File : $"{File}:{Line}:{Column}";
}

public enum Severity
{
    Error,
    Warning,
}

/// <summary>One problem found in the user's input, pointing at where it was written.</summary>
public sealed record Diagnostic(Severity Severity, SourcePosition Position, string Message)
{
    public static Diagnostic Error(SourcePosition position, string message) => new(Severity.Error, position, message);

    public static Diagnostic Warning(SourcePosition position, string message) => new(Severity.Warning, position, message);

    public bool IsError => Severity == Severity.Error;

    /// <summary>The one-line form, <c>FILE:LINE:COL: error: MESSAGE</c>.</summary>
    public override string ToString() =>
        $"{Position}: {(IsError ? "error" : "warning")}: {Message}";
}
