namespace Opta.Tests.Support;

/// <summary>Files in the repository generated from the code: they must match what the code generates now.</summary>
public static class GeneratedFile
{
    /// <summary>Fails when <paramref name="relativePath"/> differs from <paramref name="expected"/>; OPTA_ACCEPT_SNAPSHOTS=1 rewrites it.</summary>
    public static void AssertCurrent(string relativePath, string expected, string regenerate)
    {
        var path = Path.Combine(Repo.Root, relativePath);
        if (Environment.GetEnvironmentVariable("OPTA_ACCEPT_SNAPSHOTS") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, expected);
        }

        Assert.True(File.Exists(path), $"{relativePath} is missing; generate it with `{regenerate}`");
        Assert.True(File.ReadAllText(path) == expected, $"{relativePath} is stale: the field definitions changed since it was generated; regenerate it with `{regenerate}` and commit it");
    }
}
