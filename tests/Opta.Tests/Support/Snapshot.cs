using System.Runtime.CompilerServices;

namespace Opta.Tests.Support;

/// <summary>
/// Compares text with <c>Snapshots/NAME.verified.EXT</c> next to the tests. A mismatch writes
/// <c>NAME.received.EXT</c> beside it and fails; set OPTA_ACCEPT_SNAPSHOTS=1 to accept the received text.
/// </summary>
public static class Snapshot
{
    public static void Match(string actual, string name, string extension = "yaml", [CallerFilePath] string caller = "")
    {
        var dir = Path.Combine(FindTestsRoot(caller), "Snapshots");
        var verified = Path.Combine(dir, $"{name}.verified.{extension}");
        var received = Path.Combine(dir, $"{name}.received.{extension}");
        if (Environment.GetEnvironmentVariable("OPTA_ACCEPT_SNAPSHOTS") == "1")
        {
            File.WriteAllText(verified, actual);
        }

        Assert.True(File.Exists(verified), $"no snapshot {verified}; run the tests with OPTA_ACCEPT_SNAPSHOTS=1 once and review it");
        var expected = File.ReadAllText(verified);
        if (expected != actual)
        {
            File.WriteAllText(received, actual);
            Assert.Fail($"{name} differs from its snapshot; compare {verified} with {received}");
        }

        if (File.Exists(received))
        {
            File.Delete(received);
        }
    }

    private static string FindTestsRoot(string caller)
    {
        var dir = Path.GetDirectoryName(caller)!;
        while (!File.Exists(Path.Combine(dir, "Opta.Tests.csproj")))
        {
            dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("Opta.Tests.csproj not found above " + caller);
        }

        return dir;
    }
}
