using Opta.Yaml;

namespace Opta.Interpolation;

/// <summary>The values Opta's <c>{…}</c> variables take for one module of one environment.</summary>
public sealed record InterpolationScope
{
    /// <summary><c>{env}</c>: the environment file's <c>name</c>.</summary>
    public required string Env { get; init; }

    /// <summary><c>{layer_name}</c>: the service file's <c>name</c>.</summary>
    public required string Layer { get; init; }

    /// <summary><c>{module_name}</c>; null outside a module.</summary>
    public string? Module { get; init; }

    /// <summary><c>{parent.domain}</c>: the <c>domain</c> of the environment's <c>dns</c> module, when it has one.</summary>
    public string? ParentDomain { get; init; }

    /// <summary>The <c>environments[]</c> entry's <c>variables</c> and <c>vars</c>, looked up in that order.</summary>
    public IReadOnlyList<YamlMap> VariableMaps { get; init; } = [];

    /// <summary><c>input_variables</c> with their values (<c>--var</c> or default).</summary>
    public IReadOnlyDictionary<string, string> InputVariables { get; init; } = new Dictionary<string, string>();

    /// <summary>Values of <c>{secret.NAME}</c>; null when nothing can supply secrets.</summary>
    public Func<string, string?>? Secrets { get; init; }

    /// <summary>Values of <c>{module.&lt;name&gt;.&lt;output&gt;}</c> known before anything is deployed; null: none are.</summary>
    public ModuleOutputLookup? ModuleOutputs { get; init; }

    /// <summary>The environment's name as the user knows it, for messages.</summary>
    public required string EnvironmentEntry { get; init; }
}

/// <summary>The value of output <paramref name="output"/> of module <paramref name="module"/>, or null and why not (a sentence that ends the message).</summary>
public delegate string? ModuleOutputLookup(string module, string output, out string whyNot);
