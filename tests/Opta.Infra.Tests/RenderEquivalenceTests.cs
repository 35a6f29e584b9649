using Opta.Infra.Components;
using Opta.Infra.Tests.Support;
using Opta.Output;

namespace Opta.Infra.Tests;

/// <summary>`pulumi up` deploys exactly what `opta-infra render` shows.</summary>
public sealed class RenderEquivalenceTests
{
    [Theory]
    [MemberData(nameof(Repo.Cases), MemberType = typeof(Repo))]
    public async Task Every_rendered_object_is_declared_once_with_the_same_fields(string example)
    {
        var plan = PulumiHarness.Plan(example);
        // `render --show-secrets`: Pulumi gets the Secret's values (and keeps them secret itself).
        var rendered = Tree.FromYamlStream(ManifestWriter.ToYamlStream(plan.AllObjects()));
        var digests = plan.Services
            .Where(s => s.Image.Build is not null)
            .ToDictionary(s => s.Image.Build!.Reference, s => PulumiHarness.Digest(s.Image.Build!.Reference));
        var generated = plan.GeneratedCredentials.ToDictionary(c => c.Placeholder, c => GeneratedCredentials.Value(PulumiHarness.CredentialSeed, c));

        var run = await PulumiHarness.RunExampleAsync(example);

        var declared = run.Kubernetes.ToList();
        Assert.Equal(rendered.Count, declared.Count);
        var differences = new List<string>();
        foreach (var expected in rendered)
        {
            var kind = (string)expected["kind"]!;
            var name = (string)Tree.At(expected, "metadata", "name")!;
            var matches = declared.Where(r => Equals(r.Inputs["kind"], kind) && r.Name == name).ToList();
            Assert.True(matches.Count == 1, $"{kind} {name}: declared {matches.Count} times");
            differences.AddRange(Tree.Diff(Expected(expected, digests, generated), Tree.FromInputs(matches[0].Inputs), $"{kind}/{name}"));
        }

        Assert.True(differences.Count == 0, string.Join("\n", differences));
    }

    /// <summary>
    /// The rendered object with the component's deliberate differences: the pushed digest in place of the planned tag
    /// for built images, and the generated passwords in place of the plan's placeholders. (The engine puts
    /// `pulumi.com/skipAwait` on Ingresses itself, and never plans `spec.replicas`.)
    /// </summary>
    private static Dictionary<string, object?> Expected(Dictionary<string, object?> rendered, Dictionary<string, string> digests, Dictionary<string, string> generated)
    {
        ReplaceImages(rendered, digests);
        if (Equals(rendered["kind"], "Secret") && rendered.GetValueOrDefault("stringData") is Dictionary<string, object?> data)
        {
            foreach (var (key, value) in data.ToList())
            {
                if (value is string placeholder && generated.TryGetValue(placeholder, out var password))
                {
                    data[key] = password;
                }
            }
        }

        return rendered;
    }

    private static void ReplaceImages(object? tree, Dictionary<string, string> digests)
    {
        switch (tree)
        {
            case Dictionary<string, object?> map:
                if (map.GetValueOrDefault("image") is string image && digests.TryGetValue(image, out var digest))
                {
                    map["image"] = digest;
                }

                foreach (var value in map.Values)
                {
                    ReplaceImages(value, digests);
                }

                break;
            case List<object?> list:
                foreach (var item in list)
                {
                    ReplaceImages(item, digests);
                }

                break;
        }
    }
}
