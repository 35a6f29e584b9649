namespace Opta.Loading;

/// <summary>Reads the text of the service file and its environment files.</summary>
public interface ISourceReader
{
    /// <summary>
    /// The text of <paramref name="path"/> (absolute, or relative to the working directory), or null with a
    /// sentence saying why it cannot be read (missing, a directory, too large, not readable).
    /// </summary>
    string? Read(string path, long maxBytes, out string? whyNot);
}
