using Opta.Spec;
using Opta.Diagnostics;
using Opta.Yaml;

namespace Opta.Loading;

/// <summary>The service file with its selected environment resolved: everything interpolation and planning need.</summary>
public sealed record LoadedProject
{
    /// <summary>The service file as diagnostics name it.</summary>
    public required string File { get; init; }

    /// <summary>Absolute folder of the service file (build contexts are relative to it).</summary>
    public required string Directory { get; init; }

    /// <summary>Where the files the service file names may be (build contexts, Dockerfiles).</summary>
    public required ProjectBoundary Boundary { get; init; }

    public required string Layer { get; init; }

    /// <summary>Where the layer name (the service file's <c>name</c>) was written.</summary>
    public SourcePosition LayerAt { get; init; }

    /// <summary>The <c>environments[].name</c> selected.</summary>
    public required string EnvironmentEntry { get; init; }

    /// <summary><c>{env}</c>: the environment file's <c>name</c>, or the entry's name without a separate file.</summary>
    public required string EnvironmentName { get; init; }

    /// <summary>Where <see cref="EnvironmentName"/> was written, and how messages name that field.</summary>
    public SourcePosition EnvironmentNameAt { get; init; }

    public string EnvironmentNameField { get; init; } = "name";

    public string? ParentDomain { get; init; }

    /// <summary>The name of the environment's dns module, for <c>{module.&lt;name&gt;.domain}</c>.</summary>
    public string? DnsModuleName { get; init; }

    /// <summary>The cloud the environment's <c>providers</c> name (<c>aws</c>, <c>google</c>, <c>azurerm</c>); null when local or none.</summary>
    public string? Cloud { get; init; }

    /// <summary>True when the file given with <c>-c</c> is an environment file deploying its own modules.</summary>
    public bool IsEnvironmentFile { get; init; }

    public IReadOnlyList<YamlMap> VariableMaps { get; init; } = [];

    public IReadOnlyDictionary<string, string> InputVariables { get; init; } = new Dictionary<string, string>();

    /// <summary>Every module of a known type with its index in <c>modules</c>, and the file it is in.</summary>
    public required IReadOnlyList<ModuleSource> Modules { get; init; }
}

/// <summary>A module as written in <paramref name="File"/> (<c>modules[Index]</c>), and the module type its <c>type</c> names.</summary>
public sealed record ModuleSource(YamlMap Node, int Index, string File, ModuleTypeDefinition Type)
{
    /// <summary>The type after Opta's provider aliases (<c>postgres</c> under <c>aws</c> is <c>aws-postgres</c>).</summary>
    public string ResolvedType { get; init; } = Type.Name;

    /// <summary>The <c>type</c> as written.</summary>
    public string WrittenType => FieldValues.Str(Node["type"]) ?? Type.Name;
}
