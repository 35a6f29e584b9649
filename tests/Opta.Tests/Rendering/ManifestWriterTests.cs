using k8s;
using k8s.Models;
using Opta.Bench;
using Opta.Output;
using Opta.Tests.Support;

namespace Opta.Tests.Rendering;

/// <summary>
/// KubernetesYaml.Serialize is the one definition of the output format; ManifestWriter's faster writer must
/// produce the same bytes for every object, or hand the object to KubernetesYaml.
/// </summary>
public sealed class ManifestWriterTests
{
    [Theory]
    [InlineData("hello")]
    [InlineData("auto")]
    public void Examples_render_byte_for_byte_as_KubernetesYaml(string example)
    {
        var objects = PlanAssert.Ok(OptaEngine.Plan(Repo.Example(example))).AllObjects().ToList();

        Assert.Equal(Reference(objects), ManifestWriter.ToYamlStream(objects));
    }

    [Fact]
    public void A_generated_fleet_renders_byte_for_byte_as_KubernetesYaml()
    {
        using var project = new TempProject().Write("opta.yaml", ServiceFileGenerator.Generate(300));
        var objects = PlanAssert.Ok(project.Plan()).AllObjects().ToList();

        // Every kind the planner makes, so the comparison covers them all.
        Assert.Equal(
            ["CronJob", "Deployment", "HorizontalPodAutoscaler", "Ingress", "Namespace", "PodDisruptionBudget", "Service", "ServiceAccount", "StatefulSet"],
            objects.Select(o => o.Kind).Distinct().Order(StringComparer.Ordinal));
        var stream = ManifestWriter.ToYamlStream(objects);
        Assert.Equal(Reference(objects), stream);
        Assert.Equal(stream, ManifestWriter.ToYamlStream(objects, blockEmitter: false));
    }

    [Theory]
    [InlineData("true")]
    [InlineData("yes")]
    [InlineData("Off")]
    [InlineData("~")]
    [InlineData("")]
    [InlineData("8080")]
    [InlineData("-1.5e3")]
    [InlineData(".")]
    [InlineData("0x1F")]
    [InlineData("1:30")]
    [InlineData("two\nlines")]
    [InlineData("trailing\n")]
    [InlineData(" leading space")]
    [InlineData("trailing space ")]
    [InlineData("key: value")]
    [InlineData("# not a comment")]
    [InlineData("- item")]
    [InlineData("*alias")]
    [InlineData("&anchor")]
    [InlineData("!tag")]
    [InlineData("%percent")]
    [InlineData("@at")]
    [InlineData("`tick")]
    [InlineData("{a: 1}")]
    [InlineData("[1, 2]")]
    [InlineData("a,b")]
    [InlineData("'single'")]
    [InlineData("\"double\"")]
    [InlineData("tab\there")]
    [InlineData("caf\u00e9 \u2713")]
    [InlineData("emoji \U0001F680")]
    [InlineData("control \u0007 bell")]
    [InlineData("/$2")]
    [InlineData("/p(/|$)(.*)")]
    [InlineData("a very long annotation value that goes on and on past the eighty columns where an emitter might fold it into several lines")]
    public void Strings_are_quoted_as_KubernetesYaml_quotes_them(string value)
    {
        var obj = new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = new V1ObjectMeta { Name = "quoting", Annotations = new Dictionary<string, string> { [value] = value } },
            Data = new Dictionary<string, string> { ["value"] = value },
        };

        Assert.Equal(Reference([obj]), ManifestWriter.ToYamlStream([obj]));
    }

    [Fact]
    public void Numbers_booleans_quantities_and_empty_collections_render_as_KubernetesYaml()
    {
        var obj = new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = "Deployment",
            Metadata = new V1ObjectMeta { Name = "web", Labels = new Dictionary<string, string>(), Finalizers = [] },
            Spec = new V1DeploymentSpec
            {
                Replicas = 0,
                Paused = true,
                ProgressDeadlineSeconds = int.MaxValue,
                Selector = new V1LabelSelector(),
                Strategy = new V1DeploymentStrategy { RollingUpdate = new V1RollingUpdateDeployment { MaxSurge = "25%", MaxUnavailable = 0 } },
                Template = new V1PodTemplateSpec
                {
                    Spec = new V1PodSpec
                    {
                        ActiveDeadlineSeconds = long.MaxValue,
                        Containers =
                        [
                            new V1Container
                            {
                                Name = "app",
                                Resources = new V1ResourceRequirements
                                {
                                    Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("0.5"), ["memory"] = new("1Gi") },
                                    Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("1500Mi") },
                                },
                            },
                        ],
                    },
                },
            },
        };

        Assert.Equal(Reference([obj]), ManifestWriter.ToYamlStream([obj]));
    }

    [Fact]
    public void Values_the_fast_writer_does_not_know_are_written_by_KubernetesYaml()
    {
        // A Secret's data is byte[], a date is a DateTime: both outside what the fast writer handles.
        var obj = new V1Secret
        {
            ApiVersion = "v1",
            Kind = "Secret",
            Metadata = new V1ObjectMeta { Name = "s", CreationTimestamp = new DateTime(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc) },
            Data = new Dictionary<string, byte[]> { ["token"] = "abc"u8.ToArray() },
        };

        var yaml = ManifestWriter.ToYamlStream([obj, obj]);

        Assert.Equal(Reference([obj, obj]), yaml);
        Assert.Contains("creationTimestamp: \"2024-05-01T12:00:00Z\"", yaml);
        Assert.Contains("token: YWJj", yaml);
    }

    [Fact]
    public void The_stream_written_as_bytes_is_the_text_in_UTF_8()
    {
        // Non-ASCII in keys and values (accents, CJK, an emoji, a lone surrogate KubernetesYaml would not write either),
        // and enough documents that the writer's text spans many chunks.
        var objects = Enumerable.Range(0, 200).Select(i => (IKubernetesObject<V1ObjectMeta>)new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = new V1ObjectMeta { Name = $"c{i}", Annotations = new Dictionary<string, string> { ["café"] = $"日本 {i} \U0001F600" } },
            Data = new Dictionary<string, string> { ["v"] = new string('é', i) + "\U0001F680" },
        }).ToList();
        using var bytes = new MemoryStream();

        ManifestWriter.WriteYamlStream(objects, bytes);

        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(ManifestWriter.ToYamlStream(objects)), bytes.ToArray());
    }

    [Fact]
    public void A_surrogate_pair_split_between_two_chunks_is_encoded_whole()
    {
        // A three-character first chunk that ends with the pair's high surrogate.
        var text = new System.Text.StringBuilder(3).Append("ab").Append('\uD83D').Append('\uDE00').Append("c\n");
        var chunks = new List<string>();
        foreach (var chunk in text.GetChunks())
        {
            chunks.Add(chunk.ToString());
        }

        Assert.True(chunks.Count >= 2 && chunks[0] == "ab\uD83D", $"the test needs the pair split: {string.Join(" | ", chunks)}");
        using var bytes = new MemoryStream();

        ManifestWriter.WriteUtf8(text, bytes);

        Assert.Equal("ab\U0001F600c\n"u8.ToArray(), bytes.ToArray());
    }

    private static string Reference(IEnumerable<IKubernetesObject<V1ObjectMeta>> objects) =>
        string.Join("---\n", objects.Select(o => KubernetesYaml.Serialize(o) is var text && text.EndsWith('\n') ? text : text + "\n"));
}
