using System.Diagnostics;
using k8s;
using Opta.Tests.Support;

namespace Opta.Tests.Validation;

/// <summary>
/// The planned objects against the Kubernetes OpenAPI schemas, checked by the kubernetes-models validators
/// (tests/openapi, installed by .ci/run): the examples, and a database of every type.
/// </summary>
public sealed class OpenApiTests
{
    private static readonly string Folder = Path.Combine(Repo.Root, "tests", "openapi");

    public static TheoryData<string> Files => new() { "hello", "auto", "shop" };

    [OpenApiTheory]
    [MemberData(nameof(Files))]
    public void Every_object_of_an_example_is_valid(string example)
    {
        AssertValid(PlanAssert.Ok(OptaEngine.Plan(Repo.Example(example))));
    }

    [OpenApiFact]
    public void Every_database_type_and_every_link_form_is_valid()
    {
        using var project = TempProject.WithLinks("links: [db, cache, atlas, bucket]\ncron_jobs: [{commands: [run], schedule: \"0 * * * *\"}]\npersistent_storage: [{size: 1, path: /data}]");
        project.Write("opta.yaml", File.ReadAllText(project.ServiceFile).Replace("  - {type: redis, name: cache}\n", "  - {type: redis, name: cache}\n  - {type: mysql, name: my, storage_class: standard}\n  - {type: mongodb, name: mongo}\n", StringComparison.Ordinal));

        AssertValid(PlanAssert.Ok(project.Plan()));
    }

    private static void AssertValid(Opta.Planning.EnvironmentPlan plan)
    {
        var input = string.Join("\n", plan.AllObjects().Select(o => KubernetesJson.Serialize(o))) + "\n";
        var start = new ProcessStartInfo("node", [Path.Combine(Folder, "validate.mjs")])
        {
            WorkingDirectory = Folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        process.StandardInput.Write(input);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), "the validator did not finish");

        Assert.True(process.ExitCode == 0, stdout.Result + stderr.Result);
        Assert.Equal(plan.AllObjects().Count(), stdout.Result.Split('\n').Count(l => l.StartsWith("valid ", StringComparison.Ordinal)));
    }

    /// <summary>Why the OpenAPI tests skip (node or the validators missing), or null; <c>OPTA_INFRA_REQUIRED=1</c> (CI) never skips.</summary>
    internal static string? SkipReason()
    {
        string? reason = null;
        if (!Directory.Exists(Path.Combine(Folder, "node_modules", "kubernetes-models")))
        {
            reason = "the kubernetes-models validators are not installed (npm ci --prefix tests/openapi, as .ci/run does)";
        }
        else if (!OnPath("node"))
        {
            reason = "node is not installed";
        }

        if (reason is not null && Environment.GetEnvironmentVariable("OPTA_INFRA_REQUIRED") == "1")
        {
            throw new InvalidOperationException($"OPTA_INFRA_REQUIRED=1, but {reason}");
        }

        return reason;
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Any(d => File.Exists(Path.Combine(d, tool)));
}

public sealed class OpenApiFactAttribute : FactAttribute
{
    public OpenApiFactAttribute() => Skip = OpenApiTests.SkipReason();
}

public sealed class OpenApiTheoryAttribute : TheoryAttribute
{
    public OpenApiTheoryAttribute() => Skip = OpenApiTests.SkipReason();
}
