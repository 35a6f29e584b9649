using System.Runtime.InteropServices;

namespace Opta.Loading;

/// <summary>
/// Where the files a service file names may be: inside the repository that holds it (its git work tree, found by
/// walking up to a <c>.git</c> entry without running git; else the service file's folder), or inside a folder the
/// caller allowed (<c>--allow-path</c>, <c>opta-infra:allowPaths</c>). Paths are compared after every symbolic
/// link is resolved, so neither <c>../</c> nor a link leads out; <c>/proc</c>, <c>/sys</c> and <c>/dev</c> are
/// never read, allowed or not. A pull request that edits opta.yaml must not make CI read (and quote in its
/// errors) <c>/etc/shadow</c> or <c>/proc/self/environ</c>.
/// </summary>
public sealed class ProjectBoundary
{
    private static readonly string[] NeverRead = ["/proc", "/sys", "/dev"];

    private readonly IReadOnlyList<string> allowed;

    private ProjectBoundary(string root, IReadOnlyList<string> allowed)
    {
        Root = root;
        this.allowed = allowed;
    }

    /// <summary>The repository (or folder) holding the service file, with links resolved.</summary>
    public string Root { get; }

    public static ProjectBoundary For(string serviceFile, IEnumerable<string> allowedFolders)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(serviceFile)) ?? Path.GetFullPath(".");
        var resolved = Resolve(folder);
        var root = WorkTreeOf(resolved) ?? resolved;
        var allowed = new List<string>();
        foreach (var allowedFolder in allowedFolders)
        {
            if (allowedFolder.Length > 0 && !allowedFolder.Contains('\0', StringComparison.Ordinal))
            {
                allowed.Add(Resolve(allowedFolder));
            }
        }

        return new ProjectBoundary(root, allowed);
    }

    /// <summary>
    /// The problem with a path field's value before it is used as a path (empty, a NUL or another control
    /// character), as the end of a sentence; null when it is usable.
    /// </summary>
    public static string? MalformedPath(string value) =>
        value.Length == 0 ? "is empty; give a path relative to the service file"
        : value.Contains('\0', StringComparison.Ordinal) ? "contains a NUL character, which no path can hold; remove it"
        : value.Any(char.IsControl) ? "contains a control character, which opta-infra does not accept in paths; rename the file"
        : null;

    /// <summary>
    /// The path to open for <paramref name="path"/> (links resolved, so what is read is what was checked), or
    /// null with a sentence (starting lowercase) saying why it may not be read and what to do.
    /// </summary>
    public string? Admit(string path, out string? whyNot)
    {
        var full = Path.GetFullPath(path);
        var resolved = Resolve(Path.IsPathRooted(path) ? path : Path.Combine(Environment.CurrentDirectory, path));
        foreach (var candidate in new[] { full, resolved })
        {
            if (NeverRead.FirstOrDefault(system => IsUnder(candidate, system)) is { } system)
            {
                whyNot = $"it resolves to {candidate}, under {system}, which opta-infra never reads; give a file inside the repository";
                return null;
            }
        }

        if (IsUnder(resolved, Root) || allowed.Any(a => IsUnder(resolved, a)))
        {
            whyNot = null;
            return resolved;
        }

        whyNot = $"it resolves to {resolved}, outside the repository {Root} that holds the service file; move the file into the repository or pass --allow-path {Path.GetDirectoryName(resolved) ?? resolved} (opta-infra:allowPaths in Pulumi)";
        return null;
    }

    private static bool IsUnder(string path, string folder)
    {
        if (folder == "/")
        {
            return path.StartsWith('/');
        }

        var trimmed = folder.TrimEnd('/');
        return path == trimmed || path.StartsWith(trimmed + "/", StringComparison.Ordinal);
    }

    private static string? WorkTreeOf(string folder)
    {
        for (var dir = folder; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (RegularFile.KindOf(Path.Combine(dir, ".git"), followLinks: false) != FileKind.Missing)
            {
                return dir;
            }
        }

        return null;
    }

    /// <summary>
    /// <paramref name="path"/> with every link and <c>..</c> resolved as the kernel would (realpath); a part that
    /// does not exist yet is appended to its nearest existing folder, resolved.
    /// </summary>
    public static string Resolve(string path)
    {
        var absolute = Path.IsPathRooted(path) ? path : Path.Combine(Environment.CurrentDirectory, path);
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return Path.GetFullPath(absolute);
        }

        if (RealPath(absolute) is { } real)
        {
            return real;
        }

        // Missing (or unreadable) at the end: resolve the folder and keep the rest as written, normalised.
        var full = Path.GetFullPath(absolute);
        var rest = new Stack<string>();
        var dir = full;
        while (Path.GetDirectoryName(dir) is { } parent)
        {
            rest.Push(Path.GetFileName(dir));
            dir = parent;
            if (RealPath(dir) is { } existing)
            {
                return Path.Combine([existing, .. rest]);
            }
        }

        return full;
    }

    private static string? RealPath(string path)
    {
        var result = RealPathNative(path, IntPtr.Zero);
        if (result == IntPtr.Zero)
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringUTF8(result);
        }
        finally
        {
            Free(result);
        }
    }

    [DllImport("libc", EntryPoint = "realpath", SetLastError = true)]
    private static extern IntPtr RealPathNative([MarshalAs(UnmanagedType.LPUTF8Str)] string path, IntPtr resolved);

    [DllImport("libc", EntryPoint = "free")]
    private static extern void Free(IntPtr pointer);
}
