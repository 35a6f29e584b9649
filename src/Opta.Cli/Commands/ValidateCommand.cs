using System.CommandLine;
using Opta.Planning;

namespace Opta.Cli.Commands;

internal static class ValidateCommand
{
    public static Command Create()
    {
        var common = new CommonOptions();
        var command = new Command("validate", """
            Check opta.yaml and its environment file, reporting every problem at once.

            Examples:
              opta-infra validate -c opta.yaml
              opta-infra validate -c services/api/opta.yaml --env production
            """);
        common.AddTo(command);
        command.SetAction(result =>
        {
            if (common.PlanAndReport(result, outcome: null, resolveImageBuilds: false) is not { } plan)
            {
                return CliOutput.Failed;
            }

            var p = plan.Plan!;
            var objects = p.AllObjects().Count();
            var warnings = plan.Warnings.Count();
            Console.WriteLine(Diagnostics.TerminalText.Escape($"{ProjectFile(result, common)} is valid: environment {p.EnvironmentName}, layer {p.Layer}, ") +
                $"{Count(p.Services.Count, "service")}, " + (p.Companions.Count > 0 ? $"{Count(p.Companions.Count, "database")}, " : "") + $"{Count(objects, "object")}" + (warnings > 0 ? $", {Count(warnings, "warning")}" : "") + ".");
            return CliOutput.Ok;
        });
        return command;
    }

    private static string ProjectFile(ParseResult result, CommonOptions common) =>
        Loading.ProjectLoader.Display(result.GetValue(common.Config)!);

    internal static string Count(int n, string noun) => $"{n} {noun}{(n == 1 ? "" : "s")}";
}
