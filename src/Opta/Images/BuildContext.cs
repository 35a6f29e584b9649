using System.Security.Cryptography;
using System.Text;

namespace Opta.Images;

/// <summary>
/// Derives an image tag from what a build would send: every file of the context that <c>.dockerignore</c>
/// keeps (path, executable bit, bytes; a link's target) plus the Dockerfile. Same content, same tag, on any
/// machine, and from a git revision the same as from a checkout of it.
/// </summary>
public static class BuildContext
{
    public const string TagPrefix = "ctx-";

    /// <summary>The content tag of a context on disk.</summary>
    public static string ContentTag(string contextDirectory, string dockerfile, string platform) =>
        ContentTag(FileSystemBuildContext.Instance, contextDirectory, dockerfile, platform, out var problems)
        ?? throw new IOException(string.Join("; ", problems));

    /// <summary>
    /// The content tag, <c>ctx-</c> and 16 hex digits of a SHA-256 over the context; null when a file that would be
    /// sent cannot be read, with one sentence per such file (its path in the context, and why).
    /// </summary>
    public static string? ContentTag(IBuildContextSource source, string contextDirectory, string dockerfile, string platform, out IReadOnlyList<string> problems)
    {
        var found = new List<string>();
        problems = found;
        var ignoreFile = Read(".dockerignore", () => source.ReadAllBytes(Path.Combine(contextDirectory, ".dockerignore")), found);
        var ignore = ignoreFile is null ? DockerIgnore.Empty : new DockerIgnore(Encoding.UTF8.GetString(ignoreFile).Split('\n'));
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(hash, $"opta-infra build context v1\0platform={platform}\0");
        var dockerfileRelative = Path.GetRelativePath(contextDirectory, dockerfile).Replace('\\', '/');
        Append(hash, $"dockerfile={dockerfileRelative}\0");
        hash.AppendData(Read(dockerfileRelative, () => source.ReadAllBytes(dockerfile), found) ?? []);

        List<ContextFile> files;
        try
        {
            files = source.Files(contextDirectory, dir => ignore.HasExceptions || !ignore.IsExcluded(dir))
                .Where(f => !ignore.IsExcluded(f.RelativePath))
                .OrderBy(f => f.RelativePath, StringComparer.Ordinal)
                .ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problems = [$"'.' cannot be listed ({ex.Message.TrimEnd('.')})"];
            return null;
        }

        foreach (var file in files)
        {
            if (file.LinkTarget is { } target)
            {
                Append(hash, $"L\0{file.RelativePath}\0{target}\0");
                continue;
            }

            if (Read(file.RelativePath, file.Content, found) is not { } content)
            {
                continue;
            }

            Append(hash, $"F\0{file.RelativePath}\0{(file.Executable ? "x" : "-")}\0{content.Length}\0");
            hash.AppendData(content);
        }

        return found.Count > 0 ? null : TagPrefix + Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }

    private static byte[]? Read(string relativePath, Func<byte[]?> read, List<string> problems)
    {
        try
        {
            return read();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The Dockerfile is read on its own and again as a file of the context: one problem is enough.
            problems.Remove(problems.Find(p => p.StartsWith($"'{relativePath}' ", StringComparison.Ordinal)) ?? "");
            problems.Add($"'{relativePath}' {(ex is UnauthorizedAccessException ? "cannot be read (permission denied)" : ex.Message.StartsWith("it ", StringComparison.Ordinal) ? "cannot be hashed: " + ex.Message : $"cannot be read ({ex.Message.TrimEnd('.')})")}");
            return null;
        }
    }

    private static void Append(IncrementalHash hash, string text) => hash.AppendData(Encoding.UTF8.GetBytes(text));
}
