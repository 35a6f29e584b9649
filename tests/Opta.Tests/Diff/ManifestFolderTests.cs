using Opta.Diffing;
using Opta.Output;
using static Opta.Tests.Diff.Objects;

namespace Opta.Tests.Diff;

public sealed class ManifestFolderTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("opta-diff-folder-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private void Write(string name, string text) => File.WriteAllText(Path.Combine(folder, name), text);

    [Fact]
    public void Files_written_like_render_o_read_back_as_the_same_manifests()
    {
        var objects = new k8s.IKubernetesObject<k8s.Models.V1ObjectMeta>[] { Namespace(), Service(), Deployment(), Secret(new Dictionary<string, string> { ["A"] = "1" }) };
        foreach (var o in objects)
        {
            Write(ManifestWriter.FileName(o), "# Rendered by opta-infra; do not edit.\n" + ManifestWriter.ToYaml(o));
        }

        var read = ManifestFolder.Read(folder, out var problems);

        Assert.Empty(problems);
        Assert.NotNull(read);
        var diff = ManifestDiffer.Diff(read, Manifests(objects));
        Assert.False(diff.HasChanges);
        Assert.Equal(4, diff.Unchanged);
    }

    [Fact]
    public void A_multi_document_file_and_yml_files_are_read_in_file_name_order()
    {
        Write("b.yml", ManifestWriter.ToYaml(Deployment()));
        Write("a.yaml", "---\n" + ManifestWriter.ToYamlStream([Namespace(), Service()]) + "---\n");
        Write("notes.txt", "not yaml: [");

        var read = ManifestFolder.Read(folder, out var problems);

        Assert.Empty(problems);
        Assert.Equal(["Namespace", "Service", "Deployment"], read!.Select(m => m.Key.Kind));
    }

    [Fact]
    public void Quoted_numbers_stay_strings_and_plain_ones_are_numbers()
    {
        Write("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: \"80\"\n  b: 80\n  c: yes\n  d: ~\n");

        var body = ManifestFolder.Read(folder, out _)!.Single().Body;

        Assert.Equal("\"80\"", body["data"]!["a"]!.ToJsonString());
        Assert.Equal("80", body["data"]!["b"]!.ToJsonString());
        Assert.Equal("\"yes\"", body["data"]!["c"]!.ToJsonString());
        Assert.Null(body["data"]!["d"]);
        Assert.True(body["data"]!.AsObject().ContainsKey("d"));
    }

    [Theory]
    [InlineData("kind: Service\nmetadata: {name: x}\n", "bad.yaml:1: not a Kubernetes object (it needs apiVersion, kind and metadata.name)")]
    [InlineData("apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n  name: y\n", "bad.yaml:5:3: invalid YAML: duplicate key 'name'")]
    [InlineData("apiVersion: v1\nkind: [Service\n", "bad.yaml:3:1: invalid YAML:")]
    [InlineData("a: &x 1\nb: *x\n", "bad.yaml:2:4: invalid YAML: aliases (*name) are not supported here")]
    public void Unusable_files_are_named_with_the_line_and_the_reason(string text, string expected)
    {
        Write("bad.yaml", text);

        Assert.Null(ManifestFolder.Read(folder, out var problems));

        var problem = Assert.Single(problems);
        Assert.StartsWith(Path.Combine(folder, expected), problem);
    }

    [Fact]
    public void The_same_object_twice_is_a_problem_naming_both_places()
    {
        Write("a.yaml", ManifestWriter.ToYaml(Service()));
        Write("b.yaml", ManifestWriter.ToYaml(Service(port: 81)));

        Assert.Null(ManifestFolder.Read(folder, out var problems));

        Assert.Equal([$"{Path.Combine(folder, "b.yaml")}:1: Service web/app (v1) is also in {Path.Combine(folder, "a.yaml")}:1; keep one of them"], problems);
    }

    [Fact]
    public void An_empty_folder_says_how_to_fill_it()
    {
        Assert.Null(ManifestFolder.Read(folder, out var problems));

        Assert.Equal([$"the folder {folder} has no *.yaml or *.yml files; write one with `opta-infra render -c FILE -o {folder}`"], problems);
    }
}
