using Opta.Fuzz;
using Opta.Tests.Support;

namespace Opta.Tests.Fuzz;

/// <summary>
/// Inputs the fuzzer (fuzz/, docs/fuzzing.md) found, kept minimized in <c>Fuzz/Regressions</c>, and a smoke run
/// of the fuzz target over every seed: each must end in diagnostics or a plan, never an exception.
/// </summary>
public sealed class FuzzRegressionTests
{
    private static string Regressions => Path.Combine(Repo.Root, "tests", "Opta.Tests", "Fuzz", "Regressions");

    public static TheoryData<string> Inputs()
    {
        var data = new TheoryData<string>();
        foreach (var dir in new[] { Path.Combine(Repo.Root, "fuzz", "seeds"), Regressions })
        {
            foreach (var file in Directory.EnumerateFiles(dir).Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetRelativePath(Repo.Root, file).Replace('\\', '/'));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void The_fuzz_target_survives_every_seed_and_regression(string relative)
    {
        FuzzTarget.Run(File.ReadAllBytes(Path.Combine(Repo.Root, relative)));
    }

    /// <summary>
    /// YamlDotNet threw InvalidOperationException or ArgumentException on these; now each is one YAML error (a NUL
    /// is refused before the parser sees the text).
    /// </summary>
    [Theory]
    [InlineData("carriage-return-in-flow-list.yaml", "invalid YAML: the YAML parser gave up")]
    [InlineData("document-end-then-nul.yaml", "the file holds a NUL character")]
    [InlineData("tag-not-a-uri.yaml", "invalid YAML: the YAML parser gave up (Global tags must be valid URIs")]
    [InlineData("nul-in-flow-key.yaml", "the file holds a NUL character")]
    public void Parser_crashes_become_one_yaml_error(string file, string message)
    {
        using var project = new TempProject();
        File.Copy(Path.Combine(Regressions, file), project.ServiceFile);

        var error = PlanAssert.SingleError(project.Plan());

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(1, error.Position.Line);
    }

    /// <summary>
    /// The engine threw on these (exit 70, "internal error") where a field holds what its check refuses; found by the
    /// seed mutator (docs/fuzzing.md). Now each is that field's error, and only that.
    /// </summary>
    [Theory]
    [InlineData("negative-memory-request.yaml", "modules[0].resource_request.memory: '-56' must be greater than zero", 10)]
    [InlineData("cpu-divided-by-zero.yaml", "modules[0].resource_request.cpu: '25/0' is not a valid CPU amount", 10)]
    [InlineData("secret-in-env-vars-scalar.yaml", "modules[0].env_vars: {secret.db_password} may only be used in `env_vars` values", 9)]
    public void Engine_crashes_become_the_fields_error(string file, string message, int line)
    {
        using var project = new TempProject();
        File.Copy(Path.Combine(Regressions, file), project.ServiceFile);

        var error = PlanAssert.SingleError(project.Plan());

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(line, error.Position.Line);
    }

    /// <summary>A short run of the path and file-kind campaign (docs/fuzzing.md): hostile paths over pipes and links on disk.</summary>
    [Fact(Timeout = 300_000)]
    public async Task The_path_campaign_finds_nothing_in_a_short_run()
    {
        Assert.Equal(0, await Task.Run(() => Opta.Fuzz.PathCampaign.Run(seconds: int.MaxValue, seed: 7, maxRuns: 400)));
    }
}
