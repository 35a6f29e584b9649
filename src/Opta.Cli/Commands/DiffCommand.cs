using System.CommandLine;
using Opta.Cli.Diff;
using Opta.Diffing;
using Opta.Loading;

namespace Opta.Cli.Commands;

/// <summary><c>opta-infra diff</c>: what a change to opta.yaml does, against a git revision or a <c>render -o</c> folder.</summary>
public static class DiffCommand
{
    public const int NoChanges = 0;
    public const int Changes = 2;

    public static Command Create()
    {
        var common = new CommonOptions();
        var baseline = new Option<string>("--base")
        {
            Description = "What to compare with: a git revision (main, HEAD~1, a tag or hash; the service file and its environment files as they were then) or a folder written by `render -o`",
            HelpName = "REV|DIR",
            Required = true,
        };
        var output = new Option<string>("--output")
        {
            Description = "text (for people) or json (for tools)",
            DefaultValueFactory = _ => "text",
            HelpName = "FORMAT",
        };
        output.AcceptOnlyFromAmong("text", "json");
        var showSecrets = new Option<bool>("--show-secrets")
        {
            Description = "Print the values of Secret data and stringData instead of ***",
        };
        var command = new Command("diff", """
            Show what a change to opta.yaml does to the cluster, without a cluster: the objects to create, update
            (field by field) and delete, against a git revision or a folder written by `render -o`.
            Exit code: 0 no changes, 2 changes, 1 error.

            Examples:
              opta-infra diff -c opta.yaml --base main
              opta-infra diff -c opta.yaml --env staging --base HEAD~1 --output json
              opta-infra diff -c opta.yaml --base rendered/
            """);
        common.AddTo(command);
        command.Add(baseline);
        command.Add(output);
        command.Add(showSecrets);
        command.SetAction(result =>
        {
            var stdout = result.InvocationConfiguration.Output;
            var stderr = result.InvocationConfiguration.Error;
            if (common.ToPlanOptions(result) is not { } options)
            {
                return CliOutput.Failed;
            }

            var file = result.GetValue(common.Config)!;
            var baseArgument = result.GetValue(baseline)!;
            var comparison = PlanComparison.Run(file, baseArgument, options, new DiffOptions { ShowSecrets = result.GetValue(showSecrets) });
            if (!Report(comparison, file, stderr))
            {
                return CliOutput.Failed;
            }

            var diff = comparison.Diff!;
            var environment = comparison.Current!.Plan!.EnvironmentName;
            if (result.GetValue(output) == "json")
            {
                stdout.Write(DiffJson.Format(diff, comparison.Base!, environment));
            }
            else
            {
                var header = $"Comparing {ProjectLoader.Display(file)} (environment {environment}) with {comparison.Base}:";
                DiffText.Write(stdout, diff, header, DiffText.UseColour(stdout));
            }

            return diff.HasChanges ? Changes : NoChanges;
        });
        return command;
    }

    /// <summary>Prints errors, warnings and notes on stderr; true when there is a diff to show.</summary>
    private static bool Report(PlanComparison comparison, string file, TextWriter stderr)
    {
        switch (comparison.Status)
        {
            case ComparisonStatus.BaseUnusable:
                var where = comparison.Base is { IsFolder: true } folder ? $"--base {folder.Argument}: " : "";
                foreach (var problem in comparison.Problems)
                {
                    stderr.WriteLine(CliOutput.Line(where + problem));
                }

                return false;

            case ComparisonStatus.CurrentInvalid:
                var current = comparison.Current!;
                stderr.Write(current.FormatDiagnostics());
                var errors = current.Errors.Count();
                stderr.WriteLine($"{errors} error{(errors == 1 ? "" : "s")} in the working tree; nothing was compared.");
                return false;

            case ComparisonStatus.BaselineInvalid:
                var before = comparison.Baseline!;
                stderr.WriteLine(CliOutput.Line(
                    $"the baseline does not validate: {ProjectLoader.Display(file)} as it was at {comparison.Base} has " +
                    $"the errors below (the working tree is valid; these are in the old version). Pick a --base where it validates, " +
                    "or compare with a folder written by `opta-infra render -o`."));
                stderr.Write(Diagnostics.DiagnosticFormatter.Format(before.Errors, before.Sources));
                return false;
        }

        if (comparison.Current!.Warnings.Any())
        {
            stderr.Write(Diagnostics.DiagnosticFormatter.Format(comparison.Current.Warnings, comparison.Current.Sources));
        }

        foreach (var note in comparison.Notes)
        {
            stderr.WriteLine($"opta-infra: note: {Diagnostics.TerminalText.Escape(note)}");
        }

        return true;
    }
}
