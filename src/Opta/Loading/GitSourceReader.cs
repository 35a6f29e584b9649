using System.Text;

namespace Opta.Loading;

/// <summary>
/// Reads files as they were at one commit of a git repository, through the real <c>git</c> binary. Paths are
/// working-tree paths (absolute, or relative to the working directory), mapped to the repository; the refusals
/// read as <see cref="FileSystemSourceReader"/>'s do.
/// </summary>
public sealed class GitSourceReader : ISourceReader, Images.IBuildContextSource
{
    private const int MaxLinkHops = 40;

    private GitSourceReader(string repositoryRoot, string revision, string commit)
    {
        RepositoryRoot = repositoryRoot;
        Revision = revision;
        Commit = commit;
    }

    /// <summary>The top of the working tree, as git reports it.</summary>
    public string RepositoryRoot { get; }

    /// <summary>The revision as the user wrote it (<c>main</c>, <c>HEAD~1</c>, a tag, a hash).</summary>
    public string Revision { get; }

    /// <summary>The full hash of the commit <see cref="Revision"/> names.</summary>
    public string Commit { get; }

    /// <summary>
    /// A reader for <paramref name="revision"/> of the repository holding <paramref name="pathInRepository"/>, or null
    /// with a sentence saying what is wrong and what to do.
    /// </summary>
    public static GitSourceReader? Open(string pathInRepository, string revision, out string? error)
    {
        var directory = NearestExistingDirectory(Path.GetFullPath(pathInRepository));
        var top = GitProcess.Run(directory, "rev-parse", "--show-toplevel");
        if (top is null)
        {
            error = "git was not found on PATH; install git, or pass a folder written by `opta-infra render -o` as --base";
            return null;
        }

        if (!top.Ok)
        {
            error = $"{pathInRepository} is not inside a git repository ({top.FirstErrorLine}), so --base {revision} cannot be read; pass a folder written by `opta-infra render -o` as --base instead";
            return null;
        }

        var root = top.Text.Trim();
        var commit = GitProcess.Run(root, "rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}");
        if (commit is null || !commit.Ok)
        {
            error = $"--base {revision} is neither a folder nor a commit, branch or tag of the git repository at {root}; "
                + "pass a revision that `git log` shows (for example --base main or --base HEAD~1), or a folder written by `opta-infra render -o`";
            return null;
        }

        error = null;
        return new GitSourceReader(root, revision, commit.Text.Trim());
    }

    public string? Read(string path, long maxBytes, out string? whyNot)
    {
        var relative = RepositoryPath(path, out whyNot);
        if (relative is null)
        {
            return null;
        }

        for (var hop = 0; ; hop++)
        {
            var entry = Lookup(relative, out whyNot);
            if (entry is null)
            {
                if (hop > 0 && whyNot == "no such file")
                {
                    whyNot = "it is a symbolic link that leads nowhere (or in a loop)";
                }

                return null;
            }

            switch (entry.Value.Mode)
            {
                case "040000":
                    whyNot = "it is a directory, not a file";
                    return null;
                case "160000":
                    whyNot = "it is a git submodule, not a file";
                    return null;
                case "120000":
                    if (hop >= MaxLinkHops)
                    {
                        whyNot = "it is a symbolic link loop";
                        return null;
                    }

                    var target = Blob(entry.Value.Id, out whyNot);
                    if (target is null)
                    {
                        return null;
                    }

                    relative = FollowLink(relative, Encoding.UTF8.GetString(target), out whyNot);
                    if (relative is null)
                    {
                        return null;
                    }

                    continue;
            }

            if (entry.Value.Size > maxBytes)
            {
                whyNot = $"it is {entry.Value.Size:N0} bytes, over the limit of {maxBytes:N0}";
                return null;
            }

            var bytes = Blob(entry.Value.Id, out whyNot);
            return bytes is null ? null : Decode(bytes);
        }
    }

    /// <summary>Whether <paramref name="path"/> names anything (a file, folder or link) at the commit.</summary>
    public bool Exists(string path) =>
        RepositoryPath(path, out _) is { } relative && Lookup(relative, out _) is not null;

    public bool DirectoryExists(string path) =>
        RepositoryPath(path, out _) is { } relative && (relative.Length == 0 || Lookup(relative, out _) is { Mode: "040000" });

    public bool FileExists(string path) =>
        RepositoryPath(path, out _) is { } relative && Lookup(relative, out _) is { Mode: "100644" or "100755" };

    public byte[]? ReadAllBytes(string path) =>
        RepositoryPath(path, out _) is { } relative && Lookup(relative, out _) is { Mode: "100644" or "100755" } entry ? Blob(entry.Id, out _) : null;

    /// <summary>The files of a folder at the commit; a build context read this way hashes as its checkout does.</summary>
    public IEnumerable<Images.ContextFile> Files(string directory, Func<string, bool> descend)
    {
        if (RepositoryPath(directory, out _) is not { } relative)
        {
            yield break;
        }

        var arguments = new List<string> { "ls-tree", "-r", "-z", "--full-tree", Commit };
        if (relative.Length > 0)
        {
            arguments.AddRange(["--", relative + "/"]);
        }

        var result = GitProcess.Run(RepositoryRoot, [.. arguments]);
        if (result is not { Ok: true })
        {
            yield break;
        }

        var prefix = relative.Length == 0 ? "" : relative + "/";
        foreach (var record in result.Text.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            // "<mode> SP <type> SP <object> TAB <path>"
            var tab = record.IndexOf('\t');
            var fields = record[..tab].Split(' ');
            var path = record[(tab + 1)..];
            if (!path.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var id = fields[2];
            var inContext = path[prefix.Length..];
            switch (fields[0])
            {
                case "120000":
                    yield return new Images.ContextFile(inContext, false, System.Text.Encoding.UTF8.GetString(Blob(id, out _) ?? []), () => []);
                    break;
                case "100644" or "100755":
                    yield return new Images.ContextFile(inContext, fields[0] == "100755", null, () => Blob(id, out _) ?? []);
                    break;
            }
        }
    }

    private readonly record struct TreeEntry(string Mode, string Id, long Size);

    private TreeEntry? Lookup(string relative, out string? whyNot)
    {
        var result = GitProcess.Run(RepositoryRoot, "ls-tree", "-l", "-z", "--full-tree", Commit, "--", relative);
        if (result is null || !result.Ok)
        {
            whyNot = $"it cannot be read from git ({result?.FirstErrorLine ?? "git was not found on PATH"})";
            return null;
        }

        // "<mode> SP <type> SP <object> SP+ <size> TAB <path> NUL"; exactly the entry asked for, or nothing.
        foreach (var record in result.Text.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var tab = record.IndexOf('\t');
            if (tab < 0 || record[(tab + 1)..] != relative)
            {
                continue;
            }

            var fields = record[..tab].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            whyNot = null;
            return new TreeEntry(fields[0], fields[2], long.TryParse(fields[3], out var size) ? size : 0);
        }

        whyNot = "no such file";
        return null;
    }

    private byte[]? Blob(string id, out string? whyNot)
    {
        var result = GitProcess.Run(RepositoryRoot, "cat-file", "blob", id);
        if (result is null || !result.Ok)
        {
            whyNot = $"it cannot be read from git ({result?.FirstErrorLine ?? "git was not found on PATH"})";
            return null;
        }

        whyNot = null;
        return result.Output;
    }

    private static string Decode(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
    }

    /// <summary>The target of a link at <paramref name="link"/>, as a repository path.</summary>
    private static string? FollowLink(string link, string target, out string? whyNot)
    {
        whyNot = null;
        if (target.StartsWith('/'))
        {
            whyNot = "it is a symbolic link to an absolute path, which a git revision cannot hold";
            return null;
        }

        var parts = new List<string>(link.Split('/')[..^1]);
        foreach (var part in target.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (parts.Count == 0)
                {
                    whyNot = "it is a symbolic link that leads out of the repository";
                    return null;
                }

                parts.RemoveAt(parts.Count - 1);
                continue;
            }

            parts.Add(part);
        }

        return string.Join('/', parts);
    }

    /// <summary>The path inside the repository, in git's form (forward slashes, no leading slash).</summary>
    private string? RepositoryPath(string path, out string? whyNot)
    {
        var full = Path.GetFullPath(path);
        var rootWithSlash = RepositoryRoot.EndsWith('/') ? RepositoryRoot : RepositoryRoot + "/";
        if (full.StartsWith(rootWithSlash, StringComparison.Ordinal))
        {
            whyNot = null;
            return full[rootWithSlash.Length..].Replace('\\', '/');
        }

        // The path may reach the repository through a symbolic link; ask git from the nearest folder that exists.
        var directory = NearestExistingDirectory(full);
        var rest = Path.GetRelativePath(directory, full).Replace('\\', '/');
        var answer = GitProcess.Run(directory, "rev-parse", "--show-toplevel", "--show-prefix");
        var lines = answer is { Ok: true } ? answer.Text.Split('\n') : [];
        if (lines.Length < 2 || lines[0].Trim() != RepositoryRoot)
        {
            whyNot = $"it is outside the git repository at {RepositoryRoot}, so it cannot be read at {Revision}";
            return null;
        }

        whyNot = null;
        var prefix = lines[1].Trim();
        return rest == "." ? prefix.TrimEnd('/') : prefix + rest;
    }

    private static string NearestExistingDirectory(string fullPath)
    {
        var directory = Path.GetDirectoryName(fullPath);
        while (directory is not null && !Directory.Exists(directory))
        {
            directory = Path.GetDirectoryName(directory);
        }

        return directory ?? Path.GetPathRoot(fullPath) ?? "/";
    }
}
