namespace Opta.Tests.Support;

/// <summary>Paths in the repository the tests run from.</summary>
public static class Repo
{
    public static string Root { get; } = Find();

    public static string Example(string name) => Path.Combine(Root, "examples", name, "opta.yaml");

    private static string Find()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "opta-infra.slnx")))
        {
            dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("opta-infra.slnx not found above " + AppContext.BaseDirectory);
        }

        return dir;
    }
}
