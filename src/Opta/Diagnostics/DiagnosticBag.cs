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
    /// <remarks>
    /// A sort with the index as the last key rather than LINQ's ordering: in the native build every <c>ThenBy</c>
    /// and every <c>Select</c> after another LINQ operator is a generic virtual call, which the runtime resolves
    /// the first time at a cost that showed in a small run (docs/performance.md).
    /// </remarks>
    public IReadOnlyList<Diagnostic> Sorted()
    {
        var order = new List<(Diagnostic Diagnostic, int Index)>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            order.Add((items[i], i));
        }

        order.Sort(static (a, b) =>
            StringComparer.Ordinal.Compare(a.Diagnostic.Position.File, b.Diagnostic.Position.File) is var byFile and not 0 ? byFile
            : a.Diagnostic.Position.Line.CompareTo(b.Diagnostic.Position.Line) is var byLine and not 0 ? byLine
            : a.Diagnostic.Position.Column.CompareTo(b.Diagnostic.Position.Column) is var byColumn and not 0 ? byColumn
            : a.Index.CompareTo(b.Index));
        return order.ConvertAll(x => x.Diagnostic);
    }
}
