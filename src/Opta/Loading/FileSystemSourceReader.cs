namespace Opta.Loading;

/// <summary>
/// Reads files from disk through <see cref="RegularFile"/>: directories, symlink loops, named pipes, devices,
/// oversized and unreadable files are refused with the reason, and nothing blocks or reads past the limit.
/// </summary>
public sealed class FileSystemSourceReader : ISourceReader
{
    public static FileSystemSourceReader Instance { get; } = new();

    public string? Read(string path, long maxBytes, out string? whyNot) => RegularFile.ReadAllText(path, maxBytes, out whyNot);
}
