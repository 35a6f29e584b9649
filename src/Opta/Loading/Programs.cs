namespace Opta.Loading;

/// <summary>Finds the programs opta-infra starts, so that none is ever taken from the folder it runs in.</summary>
internal static class Programs
{
    /// <summary>
    /// The absolute path of the first executable regular file named <paramref name="name"/> in an absolute PATH
    /// entry other than the current folder; null when there is none. Relative entries (<c>.</c>, an empty entry,
    /// <c>bin</c>) name the current folder or one below it, which an untrusted checkout controls, so they are skipped.
    /// </summary>
    public static string? Find(string name, string? path = null, string? currentDirectory = null)
    {
        var current = Path.TrimEndingDirectorySeparator(currentDirectory ?? Environment.CurrentDirectory);
        foreach (var entry in (path ?? Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            if (entry.Length == 0 || !Path.IsPathFullyQualified(entry) || entry.Contains('\0', StringComparison.Ordinal))
            {
                continue;
            }

            var folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(entry));
            if (string.Equals(folder, current, StringComparison.Ordinal) || string.Equals(ProjectBoundary.Resolve(folder), ProjectBoundary.Resolve(current), StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var candidate in OperatingSystem.IsWindows() ? [Path.Combine(folder, name + ".exe"), Path.Combine(folder, name)] : new[] { Path.Combine(folder, name) })
            {
                if (RegularFile.KindOf(candidate) == FileKind.Regular && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
