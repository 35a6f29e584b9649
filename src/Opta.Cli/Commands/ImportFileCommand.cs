using System.CommandLine;
using Opta.Output;

namespace Opta.Cli.Commands;

/// <summary><c>opta-infra import-file</c>: the <c>pulumi import --file</c> input that adopts what Opta deployed.</summary>
public static class ImportFileCommand
{
    public static Command Create()
    {
        var common = new CommonOptions();
        var output = new Option<string?>("--output", "-o")
        {
            Description = "Write the file here instead of stdout",
            HelpName = "FILE",
        };
        var command = new Command("import-file", """
            Print the JSON file `pulumi import --file` takes to adopt the objects Opta deployed for opta.yaml
            (same names and namespaces), under the resource names and parents the Pulumi program uses, so the
            next `pulumi up` updates them in place instead of creating them. See docs/migrating-from-opta.md.

            Examples:
              opta-infra import-file -c opta.yaml --env staging -o import.json
              pulumi import --file import.json --stack staging --generate-code=false
            """);
        common.AddTo(command);
        command.Add(output);
        command.SetAction(result =>
        {
            if (common.PlanAndReport(result, "nothing was written", resolveImageBuilds: false) is not { } plan)
            {
                return CliOutput.Failed;
            }

            foreach (var note in PulumiImportFile.NotAdopted(plan.Plan!))
            {
                Console.Error.WriteLine($"opta-infra: warning: {note}");
            }

            var text = PulumiImportFile.Write(plan.Plan!);
            if (result.GetValue(output) is not { } file)
            {
                result.InvocationConfiguration.Output.Write(text);
                return CliOutput.Ok;
            }

            if (CliOutput.MalformedPath(file) is { } malformed)
            {
                CliOutput.Error($"-o '{file}' {malformed}; give the file to write");
                return CliOutput.Failed;
            }

            // The write renames over the target, which must be a regular file or nothing: never a device, a pipe or a link.
            if (Loading.RegularFile.KindOf(file, followLinks: false) is var kind and not (Loading.FileKind.Missing or Loading.FileKind.Regular))
            {
                CliOutput.Error($"-o {file}: {Loading.RegularFile.WhyNotRegular(kind)}; give the path of a new or regular file");
                return CliOutput.Failed;
            }

            try
            {
                AtomicFile.Write(file, text);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                CliOutput.Error($"-o {file}: cannot write there ({ex.Message.TrimEnd('.')})");
                return CliOutput.Failed;
            }

            return CliOutput.Ok;
        });
        return command;
    }
}
