using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Opta.Loading;

/// <summary>
/// Reads files from disk, refusing directories, symlink loops, oversized and unreadable files clearly. A named
/// pipe or a device never hangs or floods the read: on Unix the file is opened non-blocking and at most one byte
/// more than the limit is read.
/// </summary>
public sealed class FileSystemSourceReader : ISourceReader
{
    public static FileSystemSourceReader Instance { get; } = new();

    public string? Read(string path, long maxBytes, out string? whyNot)
    {
        try
        {
            if (Directory.Exists(path))
            {
                whyNot = "it is a directory, not a file";
                return null;
            }

            var info = new FileInfo(path);
            if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is not { Exists: true })
            {
                whyNot = "it is a symbolic link that leads nowhere (or in a loop)";
                return null;
            }

            if (!info.Exists)
            {
                whyNot = "no such file";
                return null;
            }

            if (info.Length > maxBytes)
            {
                whyNot = $"it is {info.Length:N0} bytes, over the limit of {maxBytes:N0}";
                return null;
            }

            using var stream = Open(path);
            var buffer = new byte[Math.Min(maxBytes + 1, Math.Max(info.Length + 1, 64 * 1024))];
            using var content = new MemoryStream();
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                content.Write(buffer, 0, read);
                if (content.Length > maxBytes)
                {
                    whyNot = $"reading it gives more than the limit of {maxBytes:N0} bytes (is it a device?)";
                    return null;
                }
            }

            content.Position = 0;
            using var reader = new StreamReader(content, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            whyNot = null;
            return reader.ReadToEnd();
        }
        catch (IOException ex) when (ex.Message.Contains("symbolic link", StringComparison.OrdinalIgnoreCase) || ex.HResult == 40 || ex.HResult == unchecked((int)0x80070781))
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

    private static FileStream Open(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        }

        // open(2) of a FIFO without a writer blocks; O_NONBLOCK makes it return, and the read then sees no data.
        const int readOnly = 0, nonBlocking = 0x800, closeOnExec = 0x80000;
        var fd = OpenNative(path, readOnly | nonBlocking | closeOnExec);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw errno switch
            {
                13 or 1 => new UnauthorizedAccessException(),
                40 => new IOException("Too many levels of symbolic links", 40),
                _ => new IOException(Marshal.GetPInvokeErrorMessage(errno)),
            };
        }

        return new FileStream(new SafeFileHandle(fd, ownsHandle: true), FileAccess.Read, 1);
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int OpenNative([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);
}
