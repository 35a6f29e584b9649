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
};

try
{
    return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception ex) when (ex is not OutOfMemoryException)
{
    CliOutput.Error($"internal error: {ex.GetType().Name}: {ex.Message} (this is a bug in opta-infra; please report it with the input that caused it)");
    return 70;
}
