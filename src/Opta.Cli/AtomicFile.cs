using System.Security.Cryptography;

namespace Opta.Cli;

/// <summary>Writes files so a reader sees the old content or the new one, never half of it.</summary>
internal static class AtomicFile
{
    /// <summary>Owner read/write, others read: what an ordinary new file gets.</summary>
    public const UnixFileMode Ordinary = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>Owner only, for files that hold secrets.</summary>
    public const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// Writes <paramref name="content"/> to a new temporary file beside <paramref name="path"/> and renames it over
    /// <paramref name="path"/>. The temporary name is random and the file is created exclusively (O_CREAT|O_EXCL,
    /// which never follows a link), so a link planted in a shared folder cannot redirect the write; the rename
    /// replaces a link at <paramref name="path"/> itself, not what it points to.
    /// </summary>
    public static void Write(string path, string content, UnixFileMode mode = Ordinary)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var temp = Path.Combine(dir, $".{Path.GetFileName(path)}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }

        var created = false;
        try
        {
            using (var stream = new FileStream(temp, options))
            {
                created = true;
                stream.Write(new System.Text.UTF8Encoding(false).GetBytes(content));
            }

            File.Move(temp, path, overwrite: true);
            created = false;
        }
        finally
        {
            if (created)
            {
                File.Delete(temp);
            }
        }
    }
}
