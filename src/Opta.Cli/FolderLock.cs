using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Opta.Cli;

/// <summary>
/// An exclusive lock on a <c>render -o</c> folder (<c>flock</c> on <see cref="FileName"/> in it), so two renders
/// into one folder run one after the other instead of interleaving their files.
/// </summary>
internal sealed class FolderLock : IDisposable
{
    public const string FileName = ".opta-infra.lock";

    private readonly SafeFileHandle handle;

    private FolderLock(SafeFileHandle handle) => this.handle = handle;

    /// <summary>The lock, waiting up to <paramref name="wait"/> for another holder; null with why not.</summary>
    public static FolderLock? Acquire(string folder, TimeSpan wait, out string? whyNot)
    {
        var path = Path.Combine(folder, FileName);
        if (!OperatingSystem.IsLinux())
        {
            return AcquirePortable(path, wait, out whyNot);
        }

        // O_NOFOLLOW: a link planted at the lock's name is refused rather than followed.
        const int readWrite = 2, create = 0x40, noFollow = 0x20000, closeOnExec = 0x80000;
        var fd = OpenNative(path, readWrite | create | noFollow | closeOnExec, 0x180);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            whyNot = errno == 40 ? $"{path} is a symbolic link; remove it" : $"cannot create the lock file {path} ({Marshal.GetPInvokeErrorMessage(errno)})";
            return null;
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        const int exclusive = 2, noWait = 4;
        var deadline = DateTime.UtcNow + wait;
        while (Flock(fd, exclusive | noWait) != 0)
        {
            if (DateTime.UtcNow >= deadline)
            {
                handle.Dispose();
                whyNot = $"another opta-infra render is writing there (it holds {path}); waited {wait.TotalSeconds:0} seconds. Run one render per folder at a time";
                return null;
            }

            Thread.Sleep(100);
        }

        whyNot = null;
        return new FolderLock(handle);
    }

    private static FolderLock? AcquirePortable(string path, TimeSpan wait, out string? whyNot)
    {
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            try
            {
                whyNot = null;
                return new FolderLock(File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(100);
            }
            catch (IOException)
            {
                whyNot = $"another opta-infra render is writing there (it holds {path}); run one render per folder at a time";
                return null;
            }
        }
    }

    public void Dispose() => handle.Dispose();

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int OpenNative([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, int mode);

    [DllImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static extern int Flock(int fd, int operation);
}
