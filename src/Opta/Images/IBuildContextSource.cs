namespace Opta.Images;

/// <summary>
/// Where a build context's files are read from: the working tree, or a git revision (so a diff against a commit
/// derives the image tag the commit would have had).
/// </summary>
public interface IBuildContextSource
{
    bool DirectoryExists(string path);

    bool FileExists(string path);

    byte[]? ReadAllBytes(string path);

    /// <summary>
    /// Every file and symbolic link below <paramref name="directory"/>, with paths relative to it (forward slashes).
    /// <paramref name="descend"/> may skip a folder (by its relative path) whose files would all be left out anyway.
    /// </summary>
    IEnumerable<ContextFile> Files(string directory, Func<string, bool> descend);
}

/// <summary>A file of a build context: a symbolic link has <see cref="LinkTarget"/> and no content.</summary>
public sealed record ContextFile(string RelativePath, bool Executable, string? LinkTarget, Func<byte[]> Content);

/// <summary>Build contexts on disk.</summary>
public sealed class FileSystemBuildContext : IBuildContextSource
{
    public static FileSystemBuildContext Instance { get; } = new();

    public bool DirectoryExists(string path) => Directory.Exists(path);

    public bool FileExists(string path) => File.Exists(path);

    public byte[]? ReadAllBytes(string path) => File.Exists(path) ? File.ReadAllBytes(path) : null;

    public IEnumerable<ContextFile> Files(string directory, Func<string, bool> descend)
    {
        var pending = new Stack<string>();
        pending.Push(directory);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            foreach (var entry in new DirectoryInfo(dir).EnumerateFileSystemInfos())
            {
                var relative = Path.GetRelativePath(directory, entry.FullName).Replace('\\', '/');
                if (entry.LinkTarget is { } target)
                {
                    yield return new ContextFile(relative, false, target, () => []);
                }
                else if (entry is DirectoryInfo)
                {
                    if (descend(relative))
                    {
                        pending.Push(entry.FullName);
                    }
                }
                else
                {
                    var executable = !OperatingSystem.IsWindows() && (((FileInfo)entry).UnixFileMode & UnixFileMode.UserExecute) != 0;
                    var full = entry.FullName;
                    yield return new ContextFile(relative, executable, null, () => File.ReadAllBytes(full));
                }
            }
        }
    }
}
