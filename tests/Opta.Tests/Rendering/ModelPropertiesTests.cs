using System.Reflection;
using System.Text;
using System.Text.Json.Serialization;
using k8s.Models;
using Opta.Bench;
using Opta.Output;
using Opta.Tests.Support;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Opta.Tests.Rendering;

/// <summary>
/// <c>src/Opta/Output/ModelProperties.g.cs</c>, the property table ModelYamlWriter walks instead of reflecting at run
/// time (reflection is slow to start and a trimmed native build drops what it reads), is generated here from the
/// model types by reflection, with the rules YamlDotNet applies for KubernetesYaml.
/// </summary>
public sealed class ModelPropertiesTests
{
    private const string GeneratedPath = "src/Opta/Output/ModelProperties.g.cs";
    private const string Regenerate = "OPTA_ACCEPT_SNAPSHOTS=1 dotnet test tests/Opta.Tests --filter FullyQualifiedName~ModelPropertiesTests";

    /// <summary>The kinds of objects the planner makes; the table covers them and every model type their properties reach.</summary>
    private static readonly Type[] Kinds =
    [
        typeof(V1CronJob),
        typeof(V1Deployment),
        typeof(V2HorizontalPodAutoscaler),
        typeof(V1Ingress),
        typeof(V1Namespace),
        typeof(V1PodDisruptionBudget),
        typeof(V1Secret),
        typeof(V1Service),
        typeof(V1ServiceAccount),
        typeof(V1StatefulSet),
    ];

    private static readonly string[] TypeMetaOrder = ["ApiVersion", "Kind", "Metadata"];

    [Fact]
    public void The_generated_table_is_current() =>
        GeneratedFile.AssertCurrent(GeneratedPath, Generate(), Regenerate);

    [Fact]
    public void Every_object_the_planner_makes_is_written_from_the_table_by_the_block_emitter()
    {
        using var fleet = new TempProject().Write("opta.yaml", ServiceFileGenerator.Generate(60));
        var objects = new[] { Repo.Example("hello"), Repo.Example("auto"), Repo.Example("shop") }
            .SelectMany(file => PlanAssert.Ok(OptaEngine.Plan(file)).AllObjects())
            .Concat(PlanAssert.Ok(fleet.Plan()).AllObjects())
            .ToList();
        Assert.Contains(objects, o => o is V1Secret);

        var writer = new ModelYamlWriter();
        foreach (var obj in objects)
        {
            Assert.True(Kinds.Contains(obj.GetType()), $"{obj.GetType().Name} is not in ModelPropertiesTests.Kinds; add it and regenerate the table");
            Assert.True(writer.TryWrite(obj, new StringBuilder()), $"{obj.Kind} {obj.Metadata.Name} fell back to KubernetesYaml");
        }

        Assert.Equal(0, writer.EmitterFallbacks);
    }

    /// <summary>The properties YamlDotNet visits when KubernetesYaml serializes <paramref name="type"/>, in its order, with its names.</summary>
    private static List<(PropertyInfo Property, string Name)> Visited(Type type)
    {
        var properties = type.GetProperties(BindingFlags.Instance | BindingFlags.Public)
            .Where(p => p.CanRead && p.GetGetMethod(true)!.GetParameters().Length == 0 && p.GetCustomAttribute<YamlIgnoreAttribute>() is null)
            .ToList();

        // KubernetesYaml puts the type meta first (apiVersion, kind, metadata) in objects that have it, and keeps
        // declaration order for the rest.
        if (properties.Any(p => p.Name is "ApiVersion" or "Kind"))
        {
            properties = properties
                .OrderBy(p => Array.IndexOf(TypeMetaOrder, p.Name) is var i and >= 0 ? i : TypeMetaOrder.Length)
                .ThenBy(p => p.MetadataToken)
                .ToList();
        }

        return properties
            .Select(p => (p, p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? CamelCaseNamingConvention.Instance.Apply(p.Name)))
            .ToList();
    }

    private static List<Type> Reachable()
    {
        var seen = new HashSet<Type>();
        var queue = new Queue<Type>(Kinds);
        while (queue.TryDequeue(out var type))
        {
            if (IsModel(type) && type.GetFields(BindingFlags.Instance | BindingFlags.Public).Length == 0 && !type.IsAbstract && seen.Add(type))
            {
                foreach (var (property, _) in Visited(type))
                {
                    foreach (var model in Models(property.PropertyType))
                    {
                        queue.Enqueue(model);
                    }
                }
            }
        }

        // IntOrString and ResourceQuantity have converters of their own.
        seen.Remove(typeof(IntOrString));
        seen.Remove(typeof(ResourceQuantity));
        return seen.OrderBy(t => t.FullName, StringComparer.Ordinal).ToList();
    }

    private static bool IsModel(Type type) => type.Assembly == typeof(V1ObjectMeta).Assembly && type.Namespace == typeof(V1ObjectMeta).Namespace;

    private static IEnumerable<Type> Models(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsGenericType)
        {
            return type.GetGenericArguments().SelectMany(Models);
        }

        // A property typed object (managedFields' fieldsV1) names no model; the planner never sets one.
        return IsModel(type) ? [type] : [];
    }

    private static string Generate()
    {
        var text = new StringBuilder();
        text.Append("// <auto-generated>\n");
        text.Append("// Generated by tests/Opta.Tests/Rendering/ModelPropertiesTests.cs from the k8s.Models types the planner's kinds reach:\n");
        text.Append("// the properties YamlDotNet visits when KubernetesYaml serializes each type, in its order, with its YAML names.\n");
        text.Append($"// Regenerate with `{Regenerate}`.\n");
        text.Append("// </auto-generated>\n");
        text.Append("#nullable enable\nusing k8s.Models;\n\nnamespace Opta.Output;\n\n");
        text.Append("internal static class ModelProperties\n{\n");
        text.Append("    /// <summary>The properties ModelYamlWriter writes for a model type, made when asked (a render meets a few dozen of these types); null for a type not in the table.</summary>\n");
        text.Append("    /// <remarks>Compared type by type: a type's name would cost the native build a reflection lookup.</remarks>\n");
        text.Append("    public static ModelProperty[]? Of(Type type)\n    {\n");
        foreach (var type in Reachable())
        {
            text.Append($"        if (type == typeof({type.Name}))\n        {{\n            return\n            [\n");
            foreach (var (property, name) in Visited(type))
            {
                text.Append($"                new(\"{name}\", o => (({type.Name})o).{property.Name}),\n");
            }

            text.Append("            ];\n        }\n\n");
        }

        text.Append("        return null;\n    }\n}\n");
        return text.ToString();
    }
}
