using Opta.Loading;
using Opta.Planning;

namespace Opta.Diffing;

public enum ComparisonStatus
{
    /// <summary>Both sides planned; <see cref="PlanComparison.Diff"/> holds the difference.</summary>
    Compared,

    /// <summary>--base names neither a usable folder nor a git revision; see <see cref="PlanComparison.Problems"/>.</summary>
    BaseUnusable,

    /// <summary>The working tree does not validate; see <see cref="PlanComparison.Current"/>.</summary>
    CurrentInvalid,

    /// <summary>The service file at the revision does not validate; see <see cref="PlanComparison.Baseline"/>.</summary>
    BaselineInvalid,
}

/// <summary>Where the baseline came from: a git revision (and the commit it named) or a folder.</summary>
public sealed record BaselineSource(string Argument, bool IsFolder, string? Commit)
{
    /// <summary><c>HEAD~1 (3f2a9c1)</c>, or the folder as given.</summary>
    public override string ToString() => IsFolder ? Argument : $"{Argument} ({Commit?[..Math.Min(7, Commit.Length)]})";
}

/// <summary>
/// The working tree's plan compared with a baseline: the plan of the service file as it was at a git revision,
/// or the manifests in a folder written by <c>render -o</c>.
/// </summary>
public sealed record PlanComparison
{
    public required ComparisonStatus Status { get; init; }

    public BaselineSource? Base { get; init; }

    /// <summary>The plan of the working tree (null when --base was unusable, which is checked first).</summary>
    public PlanResult? Current { get; init; }

    /// <summary>The plan at the git revision (null for a folder baseline or a service file new since then).</summary>
    public PlanResult? Baseline { get; init; }

    public PlanDiff? Diff { get; init; }

    /// <summary>What is wrong with --base, each a full sentence naming the revision, folder or file.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>Things worth knowing that are not errors (the service file is new since the revision).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>
    /// Plans <paramref name="serviceFile"/> from the working tree and from <paramref name="baseArgument"/> (a folder if
    /// one exists by that name, else a git revision), and diffs them. <paramref name="options"/> apply to both sides.
    /// </summary>
    public static PlanComparison Run(string serviceFile, string baseArgument, PlanOptions options, DiffOptions? diffOptions = null)
    {
        if (string.IsNullOrWhiteSpace(baseArgument))
        {
            return Unusable(null, "--base is empty; pass a git revision (for example --base main) or a folder written by `opta-infra render -o`");
        }

        if (baseArgument.Contains('\0', StringComparison.Ordinal))
        {
            return Unusable(null, "--base contains a NUL character, which neither a revision nor a folder can hold");
        }

        if (File.Exists(baseArgument))
        {
            return Unusable(null, $"--base {baseArgument} is a file; --base takes a git revision or a folder written by `opta-infra render -c FILE -o FOLDER`");
        }

        if (Directory.Exists(baseArgument))
        {
            var source = new BaselineSource(baseArgument, IsFolder: true, Commit: null);
            var manifests = ManifestFolder.Read(baseArgument, out var problems);
            if (manifests is null)
            {
                return Unusable(source, problems.ToArray());
            }

            return Compare(serviceFile, options, diffOptions, source, manifests, baseline: null, notes: [], maskedBaseline: true);
        }

        var reader = GitSourceReader.Open(serviceFile, baseArgument, out var error);
        if (reader is null)
        {
            return Unusable(null, error!);
        }

        var git = new BaselineSource(baseArgument, IsFolder: false, reader.Commit);
        if (!reader.Exists(serviceFile))
        {
            return Compare(serviceFile, options, diffOptions, git, [], baseline: null,
                notes: [$"{ProjectLoader.Display(serviceFile)} did not exist at {git}, so every object is a create"]);
        }

        var before = OptaEngine.Plan(serviceFile, options with { Reader = reader });
        if (!before.Succeeded)
        {
            var current = OptaEngine.Plan(serviceFile, options);
            return new PlanComparison
            {
                Status = current.Succeeded ? ComparisonStatus.BaselineInvalid : ComparisonStatus.CurrentInvalid,
                Base = git,
                Current = current,
                Baseline = before,
            };
        }

        return Compare(serviceFile, options, diffOptions, git, before.Plan!.AllObjects().Select(Manifest.FromObject).ToList(), before, notes: []);
    }

    private static PlanComparison Compare(
        string serviceFile,
        PlanOptions options,
        DiffOptions? diffOptions,
        BaselineSource source,
        IReadOnlyList<Manifest> baselineManifests,
        PlanResult? baseline,
        IReadOnlyList<string> notes,
        bool maskedBaseline = false)
    {
        var current = OptaEngine.Plan(serviceFile, options);
        if (!current.Succeeded)
        {
            return new PlanComparison { Status = ComparisonStatus.CurrentInvalid, Base = source, Current = current, Baseline = baseline };
        }

        var now = current.Plan!.AllObjects().Select(Manifest.FromObject).ToList();
        if (maskedBaseline)
        {
            baselineManifests = WithMaskedSecretsUnknown(baselineManifests, now);
        }

        return new PlanComparison
        {
            Status = ComparisonStatus.Compared,
            Base = source,
            Current = current,
            Baseline = baseline,
            Diff = ManifestDiffer.Diff(baselineManifests, now, diffOptions),
            Notes = notes,
        };
    }

    /// <summary>
    /// A <c>render -o</c> folder holds Secret values as <c>***</c> unless rendered with <c>--show-secrets</c>: such a
    /// value says nothing about the old value, so it counts as equal to the current one instead of as a change.
    /// </summary>
    private static IReadOnlyList<Manifest> WithMaskedSecretsUnknown(IReadOnlyList<Manifest> baseline, IReadOnlyList<Manifest> now)
    {
        var current = now.ToDictionary(m => m.Key);
        var maskedData = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Output.ManifestWriter.Mask));
        return baseline.Select(m =>
        {
            if (m.Key is not { Kind: "Secret", ApiVersion: "v1" } || !current.TryGetValue(m.Key, out var matching))
            {
                return m;
            }

            var body = (System.Text.Json.Nodes.JsonObject)m.Body.DeepClone();
            foreach (var (section, mask) in new[] { ("data", maskedData), ("stringData", Output.ManifestWriter.Mask) })
            {
                if (body[section] is not System.Text.Json.Nodes.JsonObject values || matching.Body[section] is not System.Text.Json.Nodes.JsonObject known)
                {
                    continue;
                }

                foreach (var key in values.Select(e => e.Key).ToList())
                {
                    if (values[key] is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var text) && text == mask && known[key] is { } value)
                    {
                        values[key] = value.DeepClone();
                    }
                }
            }

            return m with { Body = body };
        }).ToList();
    }

    private static PlanComparison Unusable(BaselineSource? source, params string[] problems) =>
        new() { Status = ComparisonStatus.BaseUnusable, Base = source, Problems = problems };
}
