namespace Opta.Loading;

/// <summary>Reads files from disk, refusing directories, symlink loops, oversized and unreadable files clearly.</summary>
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
            if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is null)
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

            whyNot = null;
            return File.ReadAllText(path);
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
}
