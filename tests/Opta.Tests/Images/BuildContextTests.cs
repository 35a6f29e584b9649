using k8s.Models;
using Opta.Images;
using Opta.Planning;
using Opta.Tests.Support;

namespace Opta.Tests.Images;

public sealed class BuildContextTests
{
    private const string AutoModule = "name: web\nimage: AUTO\nport: {http: 80}\ncron_jobs: [{commands: [run], schedule: \"@daily\"}]";

    [Fact]
    public void Auto_with_a_tag_uses_the_registry_repository()
    {
        using var project = TempProject.WithModule(AutoModule);
        var plan = PlanAssert.Ok(project.Plan(new PlanOptions { ImageTag = "v2", Registry = "registry.local:5001" }));

        var image = Assert.Single(plan.Services).Image;
        Assert.Equal((ImageSource.AutoTagged, "registry.local:5001/shop/web:v2"), (image.Source, image.Reference));
        Assert.Equal("registry.local:5001/shop/web:v2", PlanAssert.Single<V1Deployment>(plan).Spec.Template.Spec.Containers[0].Image);
    }

    [Fact]
    public void Auto_without_tag_or_dockerfile_plans_no_pods_and_says_what_to_do()
    {
        using var project = TempProject.WithModule(AutoModule);
        var result = project.Plan();
        var plan = PlanAssert.Ok(result);

        Assert.Empty(plan.AllObjects().OfType<V1Deployment>());
        Assert.Empty(plan.AllObjects().OfType<V1CronJob>());
        Assert.Empty(plan.AllObjects().OfType<V2HorizontalPodAutoscaler>());
        Assert.Single(plan.AllObjects().OfType<V1Service>());
        var warning = Assert.Single(result.Warnings);
        Assert.Contains("AUTO has no image yet", warning.Message, StringComparison.Ordinal);
        Assert.Contains("opta-infra push web IMAGE:TAG", warning.Message, StringComparison.Ordinal);
        Assert.Equal(ImageSource.AutoUnresolved, plan.Services[0].Image.Source);
    }

    [Fact]
    public void Auto_with_a_dockerfile_gets_a_content_tag_known_before_building()
    {
        using var project = TempProject.WithModule(AutoModule);
        project.Write("Dockerfile", "FROM scratch\nCOPY app /app\n").Write("app", "v1");
        var plan = PlanAssert.Ok(project.Plan());

        var image = plan.Services[0].Image;
        Assert.Equal(ImageSource.AutoBuild, image.Source);
        Assert.Matches("^localhost:5000/shop/web:ctx-[0-9a-f]{16}$", image.Reference);
        Assert.Equal(image.Reference, image.Build!.Reference);
        Assert.Equal(project.Dir, image.Build.Context);
        Assert.Equal(Path.Combine(project.Dir, "Dockerfile"), image.Build.Dockerfile);
        Assert.Equal("linux/amd64", image.Build.Platform);
        Assert.Equal(image.Reference, PlanAssert.Single<V1CronJob>(plan).Spec.JobTemplate.Spec.Template.Spec.Containers[0].Image);
    }

    [Fact]
    public void The_content_tag_follows_the_content_and_honours_dockerignore()
    {
        using var project = new TempProject().Write("Dockerfile", "FROM scratch\n").Write("app.txt", "v1").Write(".dockerignore", "*.log\nbuild/\n!build/keep.txt\n");
        string Tag() => BuildContext.ContentTag(project.Dir, Path.Combine(project.Dir, "Dockerfile"), "linux/amd64");

        var first = Tag();
        Assert.Equal(first, Tag());

        project.Write("debug.log", "noise").Write("build/out.bin", "noise");
        Assert.Equal(first, Tag());

        project.Write("build/keep.txt", "kept");
        var withKept = Tag();
        Assert.NotEqual(first, withKept);

        project.Write("app.txt", "v2");
        Assert.NotEqual(withKept, Tag());
    }

    [Fact]
    public void An_explicit_build_section_must_point_at_a_dockerfile()
    {
        using var project = TempProject.WithModule(AutoModule + "\nbuild: {context: src, dockerfile: Containerfile}");
        project.Write("src/Dockerfile", "FROM scratch\n");

        Assert.Contains("no Dockerfile at 'Containerfile' in the build context 'src'", PlanAssert.SingleError(project.Plan()).Message, StringComparison.Ordinal);

        project.Write("src/Containerfile", "FROM scratch\n");
        var build = PlanAssert.Ok(project.Plan()).Services[0].Image.Build!;
        Assert.Equal(Path.Combine(project.Dir, "src"), build.Context);
        Assert.Equal(Path.Combine(project.Dir, "src", "Containerfile"), build.Dockerfile);
    }

    [Fact]
    public void External_images_are_used_verbatim_even_with_an_image_tag()
    {
        using var project = TempProject.WithModule("name: web\nimage: nginx:1.27\nport: {http: 80}");
        var plan = PlanAssert.Ok(project.Plan(new PlanOptions { ImageTag = "v9" }));

        Assert.Equal("nginx:1.27", PlanAssert.Single<V1Deployment>(plan).Spec.Template.Spec.Containers[0].Image);
    }

    [Theory]
    [InlineData("**/*.tmp", "a/b/c.tmp", true)]
    [InlineData("**/*.tmp", "c.tmp", true)]
    [InlineData("*.md", "docs/readme.md", false)]
    [InlineData("docs", "docs/readme.md", true)]
    [InlineData("/node_modules", "node_modules/x/y.js", true)]
    [InlineData("a?c", "abc", true)]
    [InlineData("[a-c].txt", "b.txt", true)]
    [InlineData("[a-c].txt", "d.txt", false)]
    [InlineData("*", "a/b", true)]
    [InlineData("*/b", "a/b", true)]
    [InlineData("*b", "a/b", false)]
    [InlineData("a/**", "a/b/c", true)]
    [InlineData("a/**/c", "a/c", true)]
    [InlineData("a/**/c", "a/x/y/c", true)]
    [InlineData("a/**/c", "a/x/y/d", false)]
    [InlineData("**", "anything/at/all", true)]
    [InlineData("[!a]x", "bx", true)]
    [InlineData("[^a]x", "ax", false)]
    [InlineData("[a-c]/x", "/x", false)]
    [InlineData("a[", "a[", true)]
    [InlineData("a?", "a/", false)]
    [InlineData("build", "build.log", false)]
    [InlineData("build", "build/x/y", true)]
    public void Dockerignore_patterns_match_as_Docker_does(string pattern, string path, bool excluded)
    {
        Assert.Equal(excluded, new DockerIgnore([pattern]).IsExcluded(path));
    }

    [Fact]
    public void The_last_matching_dockerignore_pattern_wins()
    {
        var ignore = new DockerIgnore(["*.md", "!README.md", "# comment", ""]);

        Assert.True(ignore.IsExcluded("CHANGES.md"));
        Assert.False(ignore.IsExcluded("README.md"));
    }
}
