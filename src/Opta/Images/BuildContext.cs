using System.Security.Cryptography;
using System.Text;

namespace Opta.Images;

/// <summary>
/// Derives an image tag from what a build would send: every file of the context that <c>.dockerignore</c>
/// keeps (path, executable bit, bytes) plus the Dockerfile. Same content, same tag, on any machine.
/// </summary>
public static class BuildContext
{
    public const string TagPrefix = "ctx-";

    /// <summary>The content tag, <c>ctx-</c> and 16 hex digits of a SHA-256 over the context.</summary>
    public static string ContentTag(string contextDirectory, string dockerfile, string platform)
    {
        var ignore = DockerIgnore.Load(contextDirectory);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(hash, $"opta-infra build context v1\0platform={platform}\0");
        var dockerfileRelative = Path.GetRelativePath(contextDirectory, dockerfile).Replace('\\', '/');
        Append(hash, $"dockerfile={dockerfileRelative}\0");
        AppendFile(hash, dockerfile);

        foreach (var (relative, full) in Files(contextDirectory, ignore).OrderBy(f => f.Relative, StringComparer.Ordinal))
        {
            var info = new FileInfo(full);
            if (info.LinkTarget is { } target)
            {
                Append(hash, $"L\0{relative}\0{target}\0");
                continue;
            }

            var executable = !OperatingSystem.IsWindows() && (info.UnixFileMode & UnixFileMode.UserExecute) != 0;
            Append(hash, $"F\0{relative}\0{(executable ? "x" : "-")}\0{info.Length}\0");
            AppendFile(hash, full);
        }

        return TagPrefix + Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }

    private static IEnumerable<(string Relative, string Full)> Files(string root, DockerIgnore ignore)
    {
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            foreach (var entry in new DirectoryInfo(dir).EnumerateFileSystemInfos())
            {
                var relative = Path.GetRelativePath(root, entry.FullName).Replace('\\', '/');
                var isDirectory = entry is DirectoryInfo && entry.LinkTarget is null;
                if (isDirectory)
                {
                    if (!ignore.IsExcluded(relative) || ignore.HasExceptions)
                    {
                        pending.Push(entry.FullName);
                    }

                    continue;
                }

                if (!ignore.IsExcluded(relative))
                {
                    yield return (relative, entry.FullName);
                }
            }
        }
    }

    private static void Append(IncrementalHash hash, string text) => hash.AppendData(Encoding.UTF8.GetBytes(text));

    private static void AppendFile(IncrementalHash hash, string path)
    {
        using var stream = File.OpenRead(path);
        var buffer = new byte[81920];
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            hash.AppendData(buffer, 0, read);
        }
    }
}
