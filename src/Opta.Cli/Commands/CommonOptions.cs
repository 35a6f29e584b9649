using System.CommandLine;
using Opta.Planning;

namespace Opta.Cli.Commands;

/// <summary>The options every command that reads opta.yaml shares, with the names Opta's CLI used.</summary>
internal sealed class CommonOptions
{
    public Option<string> Config { get; } = new("--config", "-c")
    {
        Description = "The service file (opta.yaml)",
        DefaultValueFactory = _ => "opta.yaml",
        HelpName = "FILE",
    };

    public Option<string?> Env { get; } = new("--env", "-e")
    {
        Description = "The environment (environments[].name); may be left out when there is exactly one",
        HelpName = "NAME",
    };

    public Option<string[]> Var { get; } = new("--var")
    {
        Description = "A value for an input variable, NAME=VALUE (repeatable)",
        HelpName = "NAME=VALUE",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string?> ImageTag { get; } = new("--image-tag")
    {
        Description = "Tag for image: AUTO modules (as pushed with `opta-infra push`)",
        HelpName = "TAG",
    };

    public Option<string> Registry { get; } = new("--registry")
    {
        Description = "Registry for image: AUTO modules",
        DefaultValueFactory = _ => PlanOptions.DefaultRegistry,
        HelpName = "HOST[:PORT]",
    };

    public Option<string> IngressClass { get; } = new("--ingress-class")
    {
        Description = "spec.ingressClassName of the Ingresses",
        DefaultValueFactory = _ => PlanOptions.DefaultIngressClass,
        HelpName = "NAME",
    };

    public Option<string[]> AllowPath { get; } = new("--allow-path")
    {
        Description = "A folder outside the service file's repository whose files it may name (environment files, build contexts); repeatable",
        HelpName = "DIR",
        AllowMultipleArgumentsPerToken = false,
    };

    public void AddTo(Command command, bool imageOptions = true)
    {
        command.Add(Config);
        command.Add(Env);
        command.Add(Var);
        command.Add(AllowPath);
        if (imageOptions)
        {
            command.Add(ImageTag);
            command.Add(Registry);
            command.Add(IngressClass);
        }
    }

    /// <summary>
    /// Plans the service file the command line names and prints the diagnostics; null (after printing why) when
    /// the command line or the input is invalid. <paramref name="resolveImageBuilds"/>: derive content tags
    /// (reads every build context), which commands that print no image can skip. <paramref name="outcome"/>: what
    /// the error count adds when the input is invalid (see <see cref="CliOutput.Report"/>).
    /// </summary>
    public PlanResult? PlanAndReport(ParseResult result, string? outcome, bool resolveImageBuilds = true)
    {
        if (ToPlanOptions(result) is not { } options)
        {
            return null;
        }

        var plan = OptaEngine.Plan(result.GetValue(Config)!, options with { ResolveImageBuilds = resolveImageBuilds });
        return CliOutput.Report(plan, outcome) ? plan : null;
    }

    /// <summary>The plan options from the parsed command line; null (after printing why) when <c>--var</c> is malformed.</summary>
    public PlanOptions? ToPlanOptions(ParseResult result)
    {
        foreach (var (option, value) in new[] { ("-c", result.GetValue(Config) ?? "") }.Concat((result.GetValue(AllowPath) ?? []).Select(p => ("--allow-path", p))))
        {
            if (CliOutput.MalformedPath(value) is { } malformed)
            {
                CliOutput.Error($"{option} '{value}' {malformed}");
                return null;
            }
        }

        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in result.GetValue(Var) ?? [])
        {
            var eq = pair.IndexOf('=');
            if (eq <= 0)
            {
                CliOutput.Error($"--var '{pair}' must be NAME=VALUE");
                return null;
            }

            variables[pair[..eq]] = pair[(eq + 1)..];
        }

        return new PlanOptions
        {
            Environment = result.GetValue(Env),
            Variables = variables,
            ImageTag = result.GetValue(ImageTag),
            Registry = result.GetValue(Registry) ?? PlanOptions.DefaultRegistry,
            IngressClass = result.GetValue(IngressClass) ?? PlanOptions.DefaultIngressClass,
            AllowedPaths = result.GetValue(AllowPath) ?? [],
            Secrets = name => Environment.GetEnvironmentVariable(Interpolation.Interpolator.SecretVariablePrefix + name),
        };
    }
}
