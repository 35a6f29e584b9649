using YamlDotNet.RepresentationModel;

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

    /// <summary>
    /// Every example folder under <c>examples/</c> (those with an opta.yaml), with each environment its service
    /// file names (<c>environments[].name</c>; null when it names none): found, not listed, so a new example is
    /// covered without touching the tests.
    /// </summary>
    public static TheoryData<string, string?> ExampleEnvironments
    {
        get
        {
            var data = new TheoryData<string, string?>();
            var examples = Directory.GetDirectories(Path.Combine(Root, "examples"))
                .Where(dir => File.Exists(Path.Combine(dir, "opta.yaml")))
                .Select(Path.GetFileName)
                .Order(StringComparer.Ordinal);
            foreach (var example in examples)
            {
                var environments = EnvironmentNames(ServiceFile(example!));
                foreach (var environment in environments.Count == 0 ? [null] : environments)
                {
                    data.Add(example!, environment);
                }
            }

            return data;
        }
    }

    /// <summary>The opta.yaml of an example (<c>examples/NAME</c>) or of a test fixture (<c>Fixtures/NAME</c>).</summary>
    public static string ServiceFile(string name)
    {
        var example = Path.Combine(Root, "examples", name, "opta.yaml");
        return File.Exists(example) ? example : Path.Combine(Root, "tests", "Opta.Infra.Tests", "Fixtures", name, "opta.yaml");
    }

    /// <summary>The <c>environments[].name</c> values of a service file, as written (no interpolation).</summary>
    private static List<string> EnvironmentNames(string serviceFile)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(serviceFile))
        {
            stream.Load(reader);
        }

        if (stream.Documents.FirstOrDefault()?.RootNode is not YamlMappingNode root
            || !root.Children.TryGetValue(new YamlScalarNode("environments"), out var list)
            || list is not YamlSequenceNode environments)
        {
            return [];
        }

        return environments.Children
            .OfType<YamlMappingNode>()
            .Select(e => e.Children.TryGetValue(new YamlScalarNode("name"), out var name) ? (name as YamlScalarNode)?.Value : null)
            .OfType<string>()
            .ToList();
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
