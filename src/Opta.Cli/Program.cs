using System.CommandLine;
using Opta.Cli;
using Opta.Cli.Commands;

var root = new RootCommand("""
    opta-infra: deploy the services of Opta's opta.yaml to Kubernetes.
    validate, render and diff need no cluster; `pulumi up` deploys (see README).
    """)
{
    ValidateCommand.Create(),
    RenderCommand.Create(),
    DiffCommand.Create(),
    PushCommand.Create(),
    SchemaCommand.Create(),
    ImportFileCommand.Create(),
};

try
{
    var parsed = root.Parse(args);
    var mistyped = UsageHints.Mistyped(parsed, root);
    if (parsed.Errors.Count > 0 || mistyped.Count > 0)
    {
        // One line per problem on stderr, as for bad input; the help text stays out of stdout. A mistyped command
        // or option is the one problem worth saying (the rest follows from it), with the name it was meant to be.
        foreach (var message in mistyped.Count > 0 ? mistyped : parsed.Errors.Select(e => e.Message))
        {
            CliOutput.Error(message);
        }

        var command = string.Join(' ', parsed.CommandResult.Command == root ? ["opta-infra"] : ["opta-infra", parsed.CommandResult.Command.Name]);
        Console.Error.WriteLine($"Run '{command} --help' for usage.");
        return CliOutput.Failed;
    }

    return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception ex) when (ex is not OutOfMemoryException)
{
    CliOutput.Error($"internal error: {ex.GetType().Name}: {ex.Message} (this is a bug in opta-infra; please report it with the input that caused it)");
    return 70;
}
