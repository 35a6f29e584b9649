namespace Opta.Infra.Tests.Support;

/// <summary>Paths in the repository, found from the test binaries by walking up to Pulumi.yaml.</summary>
internal static class Repo
{
    public static string Root { get; } = FindRoot();

    /// <summary>
    /// The service files the stack tests deploy: the two examples, and a fixture that makes the engine plan
    /// every kind it knows (StatefulSet, CronJob, several Ingresses and ports, a PodDisruptionBudget), and the
    /// example with databases and links.
    /// </summary>
    public static TheoryData<string> Cases => new() { "hello", "auto", "everything", "shop" };

    /// <summary>The opta.yaml of an example (<c>examples/NAME</c>) or of a test fixture (<c>Fixtures/NAME</c>).</summary>
    public static string ServiceFile(string name)
    {
        var example = Path.Combine(Root, "examples", name, "opta.yaml");
        return File.Exists(example) ? example : Path.Combine(Root, "tests", "Opta.Infra.Tests", "Fixtures", name, "opta.yaml");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Pulumi.yaml")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Pulumi.yaml above {AppContext.BaseDirectory}");
    }
}
