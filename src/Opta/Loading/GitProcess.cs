using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Opta.Loading;

/// <summary>Runs the real <c>git</c> binary; output is bytes so file contents survive untouched.</summary>
internal static class GitProcess
{
    /// <summary>
    /// git's absolute path, looked up once on PATH. Never the working folder: on Unix .NET runs a bare program name
    /// found in the current folder before PATH, and <c>diff --base</c> runs inside checkouts that may commit an
    /// executable named <c>git</c>.
    /// </summary>
    private static readonly Lazy<string?> Executable = new(() => Programs.Find("git"));

    public sealed record Result(int ExitCode, byte[] Output, string Error)
    {
        public bool Ok => ExitCode == 0 && !TimedOut;

        /// <summary>The run took longer than its timeout and was stopped (with every process it started).</summary>
        public bool TimedOut { get; init; }

        public string Text => Encoding.UTF8.GetString(Output);

        /// <summary>The first line git wrote to stderr, for quoting in an error message.</summary>
        public string FirstErrorLine => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? $"exit code {ExitCode}";
    }

    /// <summary>Runs git in <paramref name="directory"/>; null when git cannot be started at all.</summary>
    public static Result? Run(string directory, params string[] arguments) => Run(directory, timeout: null, arguments);

    /// <summary>
    /// Runs git in <paramref name="directory"/>, stopping it (and ssh or whatever it started) after
    /// <paramref name="timeout"/>: a fetch from a host that does not answer must not hang the command.
    /// </summary>
    public static Result? Run(string directory, TimeSpan? timeout, params string[] arguments)
    {
        if (Executable.Value is not { } git)
        {
            return null;
        }

        var start = new ProcessStartInfo(git)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--literal-pathspecs");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("core.quotePath=false");
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        // Reading blobs and trees needs no lock, and must not run a checkout's fsmonitor hook.
        start.Environment["GIT_OPTIONAL_LOCKS"] = "0";
        start.Environment["LC_ALL"] = "C";

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new Win32Exception("git did not start");
        }
        catch (Win32Exception)
        {
            return null;
        }

        using (process)
        {
            process.StandardInput.Close();
            var error = process.StandardError.ReadToEndAsync();
            using var output = new MemoryStream();
            var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
            if (!process.WaitForExit(timeout ?? Timeout.InfiniteTimeSpan))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                try
                {
                    copy.Wait(TimeSpan.FromSeconds(5));
                }
                catch (AggregateException)
                {
                    // The pipe broke when git was stopped; what it had written is not needed.
                }

                return new Result(-1, [], error.Wait(TimeSpan.FromSeconds(5)) ? error.Result : "") { TimedOut = true };
            }

            copy.Wait();
            return new Result(process.ExitCode, output.ToArray(), error.Result);
        }
    }
}
