using Opta.Diagnostics;
using Opta.Yaml;
using static Opta.Spec.FieldValues;

namespace Opta.Spec;

/// <summary>What the user wrote for one in-cluster database module, interpolated and shape-checked, with defaults applied.</summary>
public sealed record CompanionSpec
{
    public required string Name { get; init; }

    public required int Index { get; init; }

    /// <summary>The module's map (interpolated), for positions of its fields.</summary>
    public required YamlMap Node { get; init; }

    public required CompanionFields Fields { get; init; }

    public CompanionKind Kind => Fields.Kind;

    public required string Image { get; init; }

    public required int StorageSizeGi { get; init; }

    public string? StorageClass { get; init; }

    /// <summary>The database created on first start; null for redis.</summary>
    public string? DatabaseName { get; init; }

    public required Quantity CpuRequest { get; init; }

    public required Quantity MemoryRequest { get; init; }

    public SourcePosition PositionOf(string field) => Node.KeyOf(field)?.Position ?? Node.Position;

    public string PathOf(string field) => $"modules[{Index}].{field}";

    /// <summary>Reads a shape-checked database module, taking every default from <paramref name="fields"/>.</summary>
    public static CompanionSpec Read(YamlMap module, int index, string name, CompanionFields fields)
    {
        var request = module["resource_request"] as YamlMap;
        return new CompanionSpec
        {
            Name = name,
            Index = index,
            Node = module,
            Fields = fields,
            Image = Str(module, fields.Image),
            StorageSizeGi = Int(module, fields.StorageSize),
            StorageClass = Str(module[fields.StorageClass.Name]),
            DatabaseName = fields.DatabaseName is { } db ? Str(module, db) : null,
            CpuRequest = K8sServiceReader.ReadQuantity(request, fields.CpuRequest, QuantityKind.Cpu),
            MemoryRequest = K8sServiceReader.ReadQuantity(request, fields.MemoryRequest, QuantityKind.Memory),
        };
    }
}
