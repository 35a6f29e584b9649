using System.CommandLine;
using Opta.Cli.Commands;

namespace Opta.Tests.Diff;

/// <summary>What one run of <c>opta-infra diff</c> printed and returned.</summary>
internal sealed record DiffRun(int ExitCode, string Output, string Error)
{
    /// <summary>Runs the diff command in this process, with stdout and stderr captured.</summary>
    public static DiffRun InProcess(params string[] arguments)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var root = new RootCommand { DiffCommand.Create() };
        var exit = root.Parse(["diff", .. arguments]).Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        return new DiffRun(exit, output.ToString(), error.ToString());
    }

    /// <summary>Runs the built <c>opta-infra</c> as its own process, as CI would.</summary>
    public static DiffRun Process(string workingDirectory, params string[] arguments)
    {
        var result = Support.Cli.Run(workingDirectory, arguments);
        return new DiffRun(result.ExitCode, result.Stdout, result.Stderr);
    }

    /// <summary>The output without its first line (which names the file and the commit hash).</summary>
    public string Body => Output[(Output.IndexOf('\n') + 1)..];
}
