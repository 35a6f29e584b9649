using Opta.Loading;

namespace Opta.Images;

/// <summary>
/// Where a build context's files are read from: the working tree, or a git revision (so a diff against a commit
/// derives the image tag the commit would have had).
/// </summary>
public interface IBuildContextSource
{
    bool DirectoryExists(string path);

    bool FileExists(string path);

    /// <summary>The bytes of a file; null when there is none, an <see cref="IOException"/> saying why when it cannot be read.</summary>
    byte[]? ReadAllBytes(string path);

    /// <summary>
    /// Every file and symbolic link below <paramref name="directory"/>, with paths relative to it (forward slashes).
    /// <paramref name="descend"/> may skip a folder (by its relative path) whose files would all be left out anyway.
    /// </summary>
    IEnumerable<ContextFile> Files(string directory, Func<string, bool> descend);
}

/// <summary>
/// A file of a build context: a symbolic link has <see cref="LinkTarget"/> and no content. <see cref="Content"/>
/// throws an <see cref="IOException"/> saying why when the file cannot be read (a named pipe, a device).
/// </summary>
public sealed record ContextFile(string RelativePath, bool Executable, string? LinkTarget, Func<byte[]> Content);

/// <summary>Build contexts on disk.</summary>
public sealed class FileSystemBuildContext : IBuildContextSource
{
    public static FileSystemBuildContext Instance { get; } = new();

    /// <summary>Largest file of a build context that is hashed (the whole context goes to the image builder anyway).</summary>
    public const long MaxFileBytes = 1L << 30;

    public bool DirectoryExists(string path) => RegularFile.KindOf(path) == FileKind.Directory;

    /// <summary>True for anything but a folder (a named pipe too), so that reading it says what it is.</summary>
    public bool FileExists(string path) => RegularFile.KindOf(path) is not (FileKind.Missing or FileKind.Directory);

    public byte[]? ReadAllBytes(string path) =>
        RegularFile.KindOf(path) == FileKind.Missing ? null : Read(path, followLinks: true);

    private static byte[] Read(string path, bool followLinks) =>
        RegularFile.ReadAllBytes(path, MaxFileBytes, out var whyNot, followLinks) ?? throw new IOException(whyNot);

    public IEnumerable<ContextFile> Files(string directory, Func<string, bool> descend)
    {
        var pending = new Stack<string>();
        pending.Push(directory);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            FileSystemInfo[] entries;
            string? unlisted = null;
            try
            {
                entries = new DirectoryInfo(dir).GetFileSystemInfos();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                entries = [];
                unlisted = ex is UnauthorizedAccessException ? "it is a folder that cannot be listed (permission denied)" : $"it is a folder that cannot be listed ({ex.Message.TrimEnd('.')})";
            }

            if (unlisted is not null)
            {
                var relativeDir = Path.GetRelativePath(directory, dir).Replace('\\', '/');
                yield return new ContextFile(relativeDir, false, null, () => throw new IOException(unlisted));
            }

            foreach (var entry in entries)
            {
                var relative = Path.GetRelativePath(directory, entry.FullName).Replace('\\', '/');
                var full = entry.FullName;
                var kind = RegularFile.KindOf(full, followLinks: false);
                if (kind == FileKind.SymbolicLink && entry.LinkTarget is { } target)
                {
                    yield return new ContextFile(relative, false, target, () => []);
                }
                else if (kind == FileKind.Directory)
                {
                    if (descend(relative))
                    {
                        pending.Push(full);
                    }
                }
                else
                {
                    // A named pipe or a device is never opened: reading it says what it is.
                    var executable = kind == FileKind.Regular && !OperatingSystem.IsWindows() && (((FileInfo)entry).UnixFileMode & UnixFileMode.UserExecute) != 0;
                    yield return new ContextFile(relative, executable, null, () => Read(full, followLinks: false));
                }
            }
        }
    }
}
