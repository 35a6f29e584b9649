using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Opta.Diffing;
using Spectre.Console;

namespace Opta.Cli.Diff;

/// <summary>
/// The plan as people read it: <c>+ create</c>, <c>~ update</c> with one line per changed field, <c>- delete</c>,
/// then the <c>Plan:</c> line. Coloured through Spectre.Console on a terminal, plain text otherwise.
/// </summary>
public static class DiffText
{
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly Style Create = new(Color.Green);
    private static readonly Style Update = new(Color.Yellow);
    private static readonly Style Delete = new(Color.Red);
    private static readonly Style Dim = new(decoration: Decoration.Dim);
    private static readonly Style Bold = new(decoration: Decoration.Bold);

    /// <summary>The plan as lines of styled segments; the one place the layout is decided.</summary>
    public static IEnumerable<IReadOnlyList<(string Text, Style? Style)>> Lines(PlanDiff diff, string header)
    {
        yield return [(header, Dim)];
        yield return [];
        foreach (var change in diff.Changes)
        {
            var (sign, verb, style) = change.Action switch
            {
                ObjectAction.Create => ("+", "create", Create),
                ObjectAction.Update => ("~", "update", Update),
                _ => ("-", "delete", Delete),
            };
            yield return [($"{sign} {verb} ", style), (change.Key.ToString(), Bold)];
            if (change.Note is { } note)
            {
                yield return [($"    # {note}", Dim)];
            }

            foreach (var field in change.Fields)
            {
                yield return Field(field);
            }
        }

        if (diff.HasChanges)
        {
            yield return [];
        }

        yield return [(diff.Summary, Bold)];
    }

    private static IReadOnlyList<(string, Style?)> Field(FieldChange f) => f.Kind switch
    {
        FieldChangeKind.Added => [("    + ", Create), (f.Path, null), (": ", null), (Value(f.New, f.Masked), Create)],
        FieldChangeKind.Removed => [("    - ", Delete), (f.Path, null), (": ", null), (Value(f.Old, f.Masked), Delete)],
        FieldChangeKind.Reordered => [("    ~ ", Update), (f.Path, null), (": order ", null), (Value(f.Old, false), Delete), (" => ", null), (Value(f.New, false), Create)],
        _ => [("    ~ ", Update), (f.Path, null), (": ", null), (Value(f.Old, f.Masked), Delete), (" => ", null), (Value(f.New, f.Masked), Create)],
    };

    /// <summary>A value on one line: JSON, except that a masked scalar shows as <c>***</c>.</summary>
    private static string Value(JsonNode? node, bool masked) =>
        masked && node is JsonValue ? ManifestDiffer.MaskedValue : node?.ToJsonString(Compact) ?? "null";

    /// <summary>Object names, paths and values may come from a <c>--base</c> folder: they are escaped for the terminal.</summary>
    public static void Write(TextWriter output, PlanDiff diff, string header, bool colour)
    {
        if (!colour)
        {
            foreach (var line in Lines(diff, header))
            {
                output.Write(string.Concat(line.Select(s => Diagnostics.TerminalText.Escape(s.Text))));
                output.Write('\n');
            }

            return;
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.Detect,
            Out = new AnsiConsoleOutput(output),
        });
        foreach (var line in Lines(diff, header))
        {
            foreach (var (text, style) in line)
            {
                console.Write(new Text(Diagnostics.TerminalText.Escape(text), style));
            }

            console.WriteLine();
        }
    }

    /// <summary>Colour only for a terminal, and never when <c>NO_COLOR</c> is set (https://no-color.org).</summary>
    public static bool UseColour(TextWriter output) =>
        ReferenceEquals(output, Console.Out)
        && !Console.IsOutputRedirected
        && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
}
