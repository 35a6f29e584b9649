using System.Text.RegularExpressions;
using Opta.Diagnostics;
using Opta.Images;
using Opta.Loading;
using Opta.Spec;

namespace Opta.Planning;

/// <summary>Decides which image a module runs: external, AUTO with a tag, AUTO built from a Dockerfile, or none yet.</summary>
internal sealed partial class ImagePlanner(LoadedProject project, PlanOptions options, DiagnosticBag diagnostics)
{
    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:[0-9]{1,5})?(/[a-z0-9]([-a-z0-9._]*[a-z0-9])?)*$", RegexOptions.CultureInvariant)]
    public static partial Regex RegistryPattern { get; }

    public ImagePlan Plan(K8sServiceSpec spec)
    {
        if (!spec.IsAutoImage)
        {
            return new ImagePlan { Source = ImageSource.External, Reference = spec.Image };
        }

        var repository = $"{options.Registry}/{project.Layer}/{spec.Name}";
        if (options.ImageTag is { } tag)
        {
            return new ImagePlan { Source = ImageSource.AutoTagged, Reference = $"{repository}:{tag}", Repository = repository, Registry = options.Registry, Tag = tag };
        }

        var files = options.Reader as IBuildContextSource ?? FileSystemBuildContext.Instance;
        if (spec.Build.Explicit && !BuildPathsUsable(spec, spec.Build))
        {
            return Unresolved();
        }

        var context = Path.GetFullPath(Path.Combine(project.Directory, spec.Build.Context));
        var dockerfile = Path.GetFullPath(Path.Combine(context, spec.Build.Dockerfile));
        if (spec.Build.Explicit)
        {
            if (!Admitted(spec, "build.context", spec.Build.Context, context) || !Admitted(spec, "build.dockerfile", spec.Build.Dockerfile, dockerfile))
            {
                return Unresolved();
            }

            if (!files.DirectoryExists(context))
            {
                diagnostics.Error(spec.PositionOf("build"), $"{spec.PathOf("build.context")}: the build context '{spec.Build.Context}' is not a folder (relative to {project.File}); fix the path");
                return Unresolved();
            }

            if (!files.FileExists(dockerfile))
            {
                diagnostics.Error(spec.PositionOf("build"), $"{spec.PathOf("build.dockerfile")}: no Dockerfile at '{spec.Build.Dockerfile}' in the build context '{spec.Build.Context}'; fix the path or add the file");
                return Unresolved();
            }
        }
        else if (!files.FileExists(dockerfile) || project.Boundary.Admit(dockerfile, out _) is null)
        {
            diagnostics.Warning(spec.PositionOf("image"),
                $"{spec.PathOf("image")}: AUTO has no image yet (no --image-tag and no Dockerfile beside {project.File}), so no workload, autoscaler or cron job is rendered; " +
                $"push one with `opta-infra push {spec.Name} IMAGE:TAG` and pass --image-tag TAG, or add a Dockerfile");
            return Unresolved();
        }

        const string platform = "linux/amd64";
        var contentTag = "ctx-unresolved";
        if (options.ResolveImageBuilds)
        {
            if (BuildContext.ContentTag(files, context, dockerfile, platform, out var problems) is not { } derived)
            {
                foreach (var problem in problems)
                {
                    diagnostics.Error(spec.PositionOf(spec.Build.Explicit ? "build" : "image"),
                        $"{spec.PathOf(spec.Build.Explicit ? "build.context" : "image")}: the build context file {problem}; remove it from the build context or list it in .dockerignore");
                }

                return Unresolved();
            }

            contentTag = derived;
        }

        var build = new ImageBuildPlan { Context = context, Dockerfile = dockerfile, Repository = repository, Tag = contentTag, Platform = platform };
        return new ImagePlan { Source = ImageSource.AutoBuild, Reference = build.Reference, Repository = repository, Registry = options.Registry, Tag = contentTag, Build = build };

        ImagePlan Unresolved() => new() { Source = ImageSource.AutoUnresolved, Repository = repository, Registry = options.Registry };
    }

    /// <summary>A path that is empty or holds a NUL is an error at its field, before anything uses it as a path.</summary>
    private bool BuildPathsUsable(K8sServiceSpec spec, BuildSpec build)
    {
        var usable = true;
        foreach (var (field, value) in new[] { ("context", build.Context), ("dockerfile", build.Dockerfile) })
        {
            if (ProjectBoundary.MalformedPath(value) is { } malformed)
            {
                diagnostics.Error(spec.PositionOf("build"), $"{spec.PathOf("build." + field)}: '{value}' {malformed}");
                usable = false;
            }
        }

        return usable;
    }

    /// <summary>The build context and the Dockerfile must be inside the repository (or an allowed folder).</summary>
    private bool Admitted(K8sServiceSpec spec, string field, string value, string path)
    {
        if (project.Boundary.Admit(path, out var whyNot) is not null)
        {
            return true;
        }

        diagnostics.Error(spec.PositionOf("build"), $"{spec.PathOf(field)}: '{value}' cannot be used: {whyNot}");
        return false;
    }
}
