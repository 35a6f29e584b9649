using Docker.DotNet.Models;
using Spectre.Console;

namespace Opta.Cli.Push;

/// <summary>Shows a push as it happens: live layer bars on a terminal, plain lines otherwise.</summary>
public abstract class PushDisplay
{
    /// <summary>Live bars only on a real terminal without <c>NO_COLOR</c>; redirected output gets plain lines.</summary>
    public static PushDisplay For(TextWriter output, Func<string, string?> environment)
    {
        var terminal = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected &&
                       string.IsNullOrEmpty(environment("NO_COLOR")) && environment("TERM") != "dumb";
        return terminal ? new LiveDisplay(output) : new PlainDisplay(output);
    }

    public abstract Task<T> RunAsync<T>(Func<IPushProgress, Task<T>> push);

    /// <summary>A line per step and per change of a layer's status; byte counts are left out.</summary>
    public sealed class PlainDisplay(TextWriter output) : PushDisplay, IPushProgress
    {
        private readonly Dictionary<string, string> lastStatus = new(StringComparer.Ordinal);

        public override Task<T> RunAsync<T>(Func<IPushProgress, Task<T>> push) => push(this);

        public void Step(string text) => output.WriteLine(text);

        public void Engine(JSONMessage message)
        {
            if (!string.IsNullOrWhiteSpace(message.Stream))
            {
                output.WriteLine(Diagnostics.TerminalText.EscapeLines(message.Stream.TrimEnd()));
            }

            if (string.IsNullOrWhiteSpace(message.Status))
            {
                return;
            }

            if (string.IsNullOrEmpty(message.ID))
            {
                output.WriteLine(Diagnostics.TerminalText.Escape(message.Status));
            }
            else if (!lastStatus.TryGetValue(message.ID, out var last) || last != message.Status)
            {
                lastStatus[message.ID] = message.Status;
                output.WriteLine(Diagnostics.TerminalText.Escape($"{message.ID}: {message.Status}"));
            }
        }
    }

    /// <summary>Spectre.Console progress: one bar per layer, steps and engine lines above them.</summary>
    private sealed class LiveDisplay(TextWriter output) : PushDisplay
    {
        public override Task<T> RunAsync<T>(Func<IPushProgress, Task<T>> push)
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
            return console.Progress()
                .AutoClear(false)
                .HideCompleted(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
                .StartAsync(async context =>
                {
                    var layers = new LayerBars(console, context);
                    try
                    {
                        return await push(layers);
                    }
                    finally
                    {
                        layers.StopAll();
                    }
                });
        }
    }

    private sealed class LayerBars(IAnsiConsole console, ProgressContext context) : IPushProgress
    {
        private readonly Dictionary<string, ProgressTask> bars = new(StringComparer.Ordinal);

        public void Step(string text) => console.MarkupLineInterpolated($"[bold]{text}[/]");

        public void Engine(JSONMessage message)
        {
            if (string.IsNullOrWhiteSpace(message.Status))
            {
                return;
            }

            if (string.IsNullOrEmpty(message.ID))
            {
                console.WriteLine(Diagnostics.TerminalText.Escape(message.Status));
                return;
            }

            if (!bars.TryGetValue(message.ID, out var bar))
            {
                bar = context.AddTask(message.ID, autoStart: true, maxValue: 1);
                bar.IsIndeterminate = true;
                bars[message.ID] = bar;
            }

            bar.Description = Markup.Escape(Diagnostics.TerminalText.Escape($"{message.ID}: {message.Status}"));
            if (message.Progress is { Total: > 0 } p)
            {
                bar.IsIndeterminate = false;
                bar.MaxValue = p.Total;
                bar.Value = Math.Min(p.Current, p.Total);
            }

            if (message.Status.StartsWith("Pushed", StringComparison.Ordinal) ||
                message.Status.StartsWith("Layer already exists", StringComparison.Ordinal) ||
                message.Status.StartsWith("Mounted from", StringComparison.Ordinal))
            {
                bar.IsIndeterminate = false;
                bar.Value = bar.MaxValue;
                bar.StopTask();
            }
        }

        public void StopAll()
        {
            foreach (var bar in bars.Values)
            {
                bar.IsIndeterminate = false;
                bar.StopTask();
            }
        }
    }
}
