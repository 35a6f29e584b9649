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

if (!CliOutput.StandardStreamsOpen(out var closed))
{
    if (closed == "stdout")
    {
        TryReport("stdout is closed; run opta-infra with its output going somewhere (a file, a pipe or /dev/null)");
    }

    return CliOutput.Failed;
}

try
{
    // No `@file` response files: `--base @{u}` and `--image-tag @sha256:…` are values, and an argument must never
    // make the tool read (and echo in its errors) a file such as `@/etc/shadow`.
    var parsed = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
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
catch (IOException ex)
{
    // stdout closed or full (`> /dev/full`): one line on stderr, exit 1; with stderr full too, exit 1 silently.
    TryReport($"input/output error ({ex.Message.TrimEnd('.')}); is stdout closed or the disk full?");
    return CliOutput.Failed;
}
catch (Exception ex) when (ex is not OutOfMemoryException)
{
    TryReport($"internal error: {ex.GetType().Name}: {ex.Message} (this is a bug in opta-infra; please report it with the input that caused it)");
    return 70;
}

static void TryReport(string message)
{
    try
    {
        CliOutput.Error(message);
    }
    catch (IOException)
    {
        // stderr is closed or full as well: the exit code is all that is left to say it.
    }
}
