using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Opta.Loading;

/// <summary>What a path names, as <c>stat(2)</c> tells it.</summary>
public enum FileKind
{
    Missing,
    Regular,
    Directory,
    SymbolicLink,
    SymbolicLinkLoop,
    NamedPipe,
    CharacterDevice,
    BlockDevice,
    Socket,
    Unknown,
}

/// <summary>
/// The one way opta-infra opens a file it did not write: the service file, environment files, Dockerfiles,
/// <c>.dockerignore</c>, build-context files and the manifests of a <c>render -o</c> folder. Only regular files
/// are read. The kind is checked before opening (so a FIFO or a device is never opened: opening some devices has
/// effects of its own) and again on the opened handle (so a file swapped in between is caught), the open never
/// blocks, and at most one byte more than the limit is read, whatever the file claims its size is.
/// </summary>
public static class RegularFile
{
    /// <summary>The bytes of <paramref name="path"/>, or null with a sentence saying why it is not read.</summary>
    /// <param name="followLinks">false: a symbolic link is refused rather than followed (for folders others may write to).</param>
    public static byte[]? ReadAllBytes(string path, long maxBytes, out string? whyNot, bool followLinks = true)
    {
        try
        {
            if (path.Length == 0 || path.Contains('\0', StringComparison.Ordinal))
            {
                whyNot = path.Length == 0 ? "the path is empty" : "the path contains a NUL character";
                return null;
            }

            var (kind, size) = Stat(path, followLinks);
            if (kind == FileKind.Missing && followLinks && Stat(path, followLinks: false).Kind == FileKind.SymbolicLink)
            {
                whyNot = "it is a symbolic link that leads nowhere (or in a loop)";
                return null;
            }

            if (kind != FileKind.Regular)
            {
                whyNot = WhyNotRegular(kind);
                return null;
            }

            if (size > maxBytes)
            {
                whyNot = $"it is {size:N0} bytes, over the limit of {maxBytes:N0}";
                return null;
            }

            using var handle = Open(path, followLinks);
            if (OperatingSystem.IsLinux() && StatHandle(handle) is var opened and not FileKind.Regular)
            {
                whyNot = WhyNotRegular(opened);
                return null;
            }

            using var stream = new FileStream(handle, FileAccess.Read, 1);
            // The size stat gave, plus one byte to see the file grow (a file that says 0, as /proc's do, grows the stream).
            var buffer = new byte[Math.Min(maxBytes + 1, Math.Max(size + 1, 4 * 1024))];
            using var content = new MemoryStream();
            int read;
            while ((read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, maxBytes + 1 - content.Length))) > 0)
            {
                content.Write(buffer, 0, read);
                if (content.Length > maxBytes)
                {
                    whyNot = $"reading it gives more than the limit of {maxBytes:N0} bytes";
                    return null;
                }
            }

            whyNot = null;
            return content.ToArray();
        }
        catch (IOException ex) when (ex.HResult == Eloop)
        {
            whyNot = "it is a symbolic link loop";
            return null;
        }
        catch (IOException ex)
        {
            whyNot = $"it cannot be read ({ex.Message.TrimEnd('.')})";
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            whyNot = "permission denied";
            return null;
        }
    }

    /// <summary>The text of <paramref name="path"/> (UTF-8, a byte-order mark honoured), or null with why not.</summary>
    public static string? ReadAllText(string path, long maxBytes, out string? whyNot, bool followLinks = true)
    {
        var bytes = ReadAllBytes(path, maxBytes, out whyNot, followLinks);
        if (bytes is null)
        {
            return null;
        }

        // No byte-order mark can start with another byte: then the reader's answer is plain UTF-8 decoding.
        if (bytes.Length == 0 || bytes[0] is not (0xEF or 0xFE or 0xFF or 0x00))
        {
            return Encoding.UTF8.GetString(bytes);
        }

        using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// What <paramref name="path"/> names; with <paramref name="followLinks"/> false, a link is a link.
    /// <see cref="FileKind.Unknown"/> when it cannot be told (a name too long, a folder that may not be searched).
    /// </summary>
    public static FileKind KindOf(string path, bool followLinks = true)
    {
        if (path.Length == 0 || path.Contains('\0', StringComparison.Ordinal))
        {
            return FileKind.Missing;
        }

        try
        {
            return Stat(path, followLinks).Kind;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return FileKind.Unknown;
        }
    }

    /// <summary>Why a file of <paramref name="kind"/> is not read, as the end of a sentence.</summary>
    public static string WhyNotRegular(FileKind kind) => kind switch
    {
        FileKind.Missing => "no such file",
        FileKind.Directory => "it is a directory, not a file",
        FileKind.SymbolicLink => "it is a symbolic link, which is not followed here",
        FileKind.SymbolicLinkLoop => "it is a symbolic link loop",
        FileKind.NamedPipe => "it is a named pipe (FIFO), not a regular file",
        FileKind.CharacterDevice => "it is a character device, not a regular file",
        FileKind.BlockDevice => "it is a block device, not a regular file",
        FileKind.Socket => "it is a socket, not a regular file",
        _ => "it is not a regular file",
    };

    private const int Eloop = 40;

    private static (FileKind Kind, long Size) Stat(string path, bool followLinks)
    {
        if (!OperatingSystem.IsLinux())
        {
            return PortableStat(path, followLinks);
        }

        const int atFdCwd = -100, atSymlinkNoFollow = 0x100;
        var buffer = new byte[256];
        if (StatX(atFdCwd, path, followLinks ? 0 : atSymlinkNoFollow, StatxType | StatxSize, buffer) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno switch
            {
                2 or 20 => (FileKind.Missing, 0), // ENOENT, ENOTDIR
                Eloop => (FileKind.SymbolicLinkLoop, 0),
                13 or 1 => throw new UnauthorizedAccessException(),
                38 => PortableStat(path, followLinks), // ENOSYS: a kernel without statx
                _ => throw new IOException(Marshal.GetPInvokeErrorMessage(errno)),
            };
        }

        return (KindOfMode(BitConverter.ToUInt16(buffer, 28)), BitConverter.ToInt64(buffer, 40));
    }

    private static FileKind StatHandle(SafeFileHandle handle)
    {
        const int atEmptyPath = 0x1000;
        var buffer = new byte[256];
        return StatXHandle((int)handle.DangerousGetHandle(), "", atEmptyPath, StatxType, buffer) == 0
            ? KindOfMode(BitConverter.ToUInt16(buffer, 28))
            : FileKind.Unknown;
    }

    private const uint StatxType = 0x1, StatxSize = 0x200;

    private static FileKind KindOfMode(ushort mode) => (mode & 0xF000) switch
    {
        0x8000 => FileKind.Regular,
        0x4000 => FileKind.Directory,
        0xA000 => FileKind.SymbolicLink,
        0x1000 => FileKind.NamedPipe,
        0x2000 => FileKind.CharacterDevice,
        0x6000 => FileKind.BlockDevice,
        0xC000 => FileKind.Socket,
        _ => FileKind.Unknown,
    };

    /// <summary>Where statx is missing: what .NET tells (it cannot tell a FIFO from a file, so those are opened non-blocking below).</summary>
    private static (FileKind, long) PortableStat(string path, bool followLinks)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null)
        {
            if (!followLinks)
            {
                return (FileKind.SymbolicLink, 0);
            }

            var target = info.ResolveLinkTarget(returnFinalTarget: true);
            if (target is null || !target.Exists)
            {
                return (FileKind.Missing, 0);
            }

            return target is DirectoryInfo ? (FileKind.Directory, 0) : (FileKind.Regular, ((FileInfo)target).Length);
        }

        return Directory.Exists(path) ? (FileKind.Directory, 0) : info.Exists ? (FileKind.Regular, info.Length) : (FileKind.Missing, 0);
    }

    private static SafeFileHandle Open(string path, bool followLinks)
    {
        if (!OperatingSystem.IsLinux())
        {
            return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }

        // open(2) of a FIFO without a writer blocks; O_NONBLOCK makes it return, and the read then sees no data.
        const int readOnly = 0, nonBlocking = 0x800, closeOnExec = 0x80000, noFollow = 0x20000;
        var fd = OpenNative(path, readOnly | nonBlocking | closeOnExec | (followLinks ? 0 : noFollow));
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw errno switch
            {
                13 or 1 => new UnauthorizedAccessException(),
                Eloop => new IOException(followLinks ? "Too many levels of symbolic links" : "it is a symbolic link", Eloop),
                _ => new IOException(Marshal.GetPInvokeErrorMessage(errno)),
            };
        }

        return new SafeFileHandle(fd, ownsHandle: true);
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int OpenNative([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int StatX(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int StatXHandle(int fd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);
}
