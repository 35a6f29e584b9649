using System.CommandLine;
using Opta.Diagnostics;

namespace Opta.Cli;

/// <summary>"Did you mean" for a mistyped command or option, instead of the parser's chain of follow-on errors.</summary>
internal static class UsageHints
{
    /// <summary>
    /// One message per word the parser did not recognise as a command or option of <paramref name="root"/>'s command
    /// line; empty when every word was understood (or the unrecognised words are plain arguments).
    /// </summary>
    public static IReadOnlyList<string> Mistyped(ParseResult parsed, RootCommand root)
    {
        var unmatched = parsed.UnmatchedTokens;
        if (unmatched.Count == 0 || parsed.Tokens.FirstOrDefault()?.Type == System.CommandLine.Parsing.TokenType.Directive)
        {
            // A directive ([suggest]) reads the rest of the line as what to complete, not as a command.
            return [];
        }

        var command = parsed.CommandResult.Command;
        if (command == root && !unmatched[0].StartsWith('-'))
        {
            // The first word names no command: everything after it was read against the root and is noise.
            var names = root.Subcommands.Where(c => !c.Hidden).Select(c => c.Name).ToList();
            var hint = DidYouMean.Suggest(unmatched[0], names);
            return [$"unknown command '{unmatched[0]}'; " + (hint is null ? $"the commands are {string.Join(", ", names)}" : $"did you mean '{hint}'?")];
        }

        var options = command.Options.Where(o => !o.Hidden).SelectMany(o => o.Aliases.Prepend(o.Name)).Where(n => n.StartsWith("--", StringComparison.Ordinal)).Distinct().ToList();
        var messages = new List<string>();
        foreach (var token in unmatched.Where(t => t.StartsWith('-') && t.Length > 1))
        {
            var name = token.Split('=', 2)[0];
            var hint = DidYouMean.Suggest(name.TrimStart('-'), options.Select(o => o[2..]));
            var where = command == root ? "opta-infra" : $"'{command.Name}'";
            messages.Add($"unknown option '{name}' for {where}" + (hint is null ? "" : $"; did you mean '--{hint}'?"));
        }

        return messages;
    }
}
