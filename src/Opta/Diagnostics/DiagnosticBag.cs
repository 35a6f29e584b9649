namespace Opta.Diagnostics;

/// <summary>Collects every problem so that all of them are reported at once.</summary>
public sealed class DiagnosticBag
{
    private readonly List<Diagnostic> items = [];

    public IReadOnlyList<Diagnostic> Items => items;

    public bool HasErrors { get; private set; }

    public int ErrorCount => items.Count(d => d.IsError);

    public void Error(SourcePosition position, string message) => Add(Diagnostic.Error(position, message));

    public void Warning(SourcePosition position, string message) => Add(Diagnostic.Warning(position, message));

    public void Add(Diagnostic diagnostic)
    {
        items.Add(diagnostic);
        HasErrors |= diagnostic.IsError;
    }

    public void AddRange(IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var d in diagnostics)
        {
            Add(d);
        }
    }

    /// <summary>Diagnostics in reading order: by file, line, column, then the order they were found.</summary>
    public IReadOnlyList<Diagnostic> Sorted() =>
        items.Select((d, i) => (d, i))
            .OrderBy(x => x.d.Position.File, StringComparer.Ordinal)
            .ThenBy(x => x.d.Position.Line)
            .ThenBy(x => x.d.Position.Column)
            .ThenBy(x => x.i)
            .Select(x => x.d)
            .ToList();
}
