using System.Text;

namespace Opta.Yaml;

/// <summary>
/// The path of the node a walk over a document is at (<c>modules[0].env_vars[2].value</c>), kept as one segment per
/// level and written out only when a message needs it: most files have no problem to report, and building the text
/// at every node was a large part of checking them.
/// </summary>
internal sealed class NodePath
{
    private readonly List<(string? Name, int Index, bool IsField)> segments = [];
    private string root = "";

    /// <summary>Starts a walk at <paramref name="path"/>, the text of the node it starts at ("" at the document).</summary>
    public void Start(string path)
    {
        root = path;
        segments.Clear();
    }

    /// <summary>A field of an object: <c>.name</c>, or just <c>name</c> at the start of the path.</summary>
    public void EnterField(string name) => segments.Add((name, 0, true));

    /// <summary>An entry of a map: <c>.key</c>.</summary>
    public void EnterKey(string key) => segments.Add((key, 0, false));

    /// <summary>An item of a list: <c>[index]</c>.</summary>
    public void EnterIndex(int index) => segments.Add((null, index, false));

    public void Leave() => segments.RemoveAt(segments.Count - 1);

    public override string ToString()
    {
        var path = new StringBuilder(root);
        foreach (var (name, index, isField) in segments)
        {
            _ = name is null ? path.Append('[').Append(index).Append(']')
                : isField && path.Length == 0 ? path.Append(name)
                : path.Append('.').Append(name);
        }

        return path.ToString();
    }
}
