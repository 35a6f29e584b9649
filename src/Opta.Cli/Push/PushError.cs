namespace Opta.Cli.Push;

/// <summary>A failure the user can act on; the CLI prints it and exits 1, never with a stack trace.</summary>
public sealed class PushError : Exception
{
    private PushError(string text, bool isDiagnostics)
        : base(text) => IsDiagnostics = isDiagnostics;

    /// <summary>The text is already in the <c>FILE:LINE:COL: error: …</c> form (about opta.yaml).</summary>
    public bool IsDiagnostics { get; }

    /// <summary>A problem not tied to a place in opta.yaml; printed as <c>opta-infra: error: …</c>.</summary>
    public static PushError General(string message) => new(message, isDiagnostics: false);

    /// <summary>Diagnostics already formatted by the engine's formatter.</summary>
    public static PushError Diagnostics(string formatted) => new(formatted.TrimEnd('\n'), isDiagnostics: true);

    /// <summary>What goes to stderr.</summary>
    public string Render() => IsDiagnostics ? Message : $"opta-infra: error: {Message}";
}
