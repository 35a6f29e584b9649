using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Pulumi;

namespace Opta.Infra.Mapping;

/// <summary>
/// Turns the engine's <c>k8s.Models</c> objects into Pulumi.Kubernetes input args, field for field.
/// </summary>
/// <remarks>
/// One generic mapping rather than one per kind, because:
/// <list type="bullet">
/// <item>both libraries are generated from the same Kubernetes OpenAPI schema and agree on the JSON wire
/// names (<c>[JsonPropertyName]</c> in k8s.Models, <c>[Input("…")]</c> in Pulumi), while their C# names
/// differ in places (<c>V1ContainerPort.ContainerPort</c> is <c>ContainerPortArgs.ContainerPortValue</c>);</item>
/// <item>going through the object's JSON (KubernetesClient's own serializer, the one <c>render</c> uses via
/// YAML) gets IntOrString, quantities and base64 Secret data exactly as the API server receives them;</item>
/// <item>it cannot fall behind the engine: a field the engine starts emitting is mapped without a code
/// change here, and a field with no Pulumi counterpart throws instead of being dropped.</item>
/// </list>
/// The price is reflection; it is confined to this class and exercised field by field by the tests.
/// </remarks>
public sealed class KubernetesArgsMapper
{
    private static readonly ConcurrentDictionary<Type, IReadOnlyDictionary<string, MemberInfo>> InputMembers = new();

    private static readonly MethodInfo InputMethod = Method(nameof(MakeInput));
    private static readonly MethodInfo ListMethod = Method(nameof(MakeList));
    private static readonly MethodInfo MapMethod = Method(nameof(MakeMap));
    private static readonly MethodInfo UnionT0Method = Method(nameof(MakeUnionT0));
    private static readonly MethodInfo UnionT1Method = Method(nameof(MakeUnionT1));

    private readonly IReadOnlyDictionary<string, Input<string>> _images;

    private readonly IReadOnlyDictionary<string, Input<string>> _generated;

    /// <param name="images">
    /// Container images to replace: a container whose <c>image</c> equals a key gets the value instead
    /// (the planned <c>repo:tag</c> of a build becomes the pushed image's digest).
    /// </param>
    /// <param name="generated">
    /// Generated credentials: a string equal to a key (the plan's placeholder) gets the value instead.
    /// </param>
    public KubernetesArgsMapper(IReadOnlyDictionary<string, Input<string>>? images = null, IReadOnlyDictionary<string, Input<string>>? generated = null)
    {
        _images = images ?? new Dictionary<string, Input<string>>();
        _generated = generated ?? new Dictionary<string, Input<string>>();
    }

    /// <summary>The object as the Kubernetes API sees it: KubernetesClient's JSON, nulls omitted.</summary>
    public static JsonObject ToJson(IKubernetesObject<V1ObjectMeta> obj) =>
        JsonNode.Parse(k8s.KubernetesJson.Serialize(obj))?.AsObject()
        ?? throw new InvalidOperationException($"{obj.Kind} {obj.Metadata?.Name} serialized to nothing");

    /// <summary>Builds <typeparamref name="TArgs"/> from an object's JSON; throws on any field it cannot place.</summary>
    public TArgs Map<TArgs>(JsonObject json)
        where TArgs : ResourceArgs, new()
    {
        var where = $"{json["kind"]}/{json["metadata"]?["name"]}";
        return (TArgs)MapObject(json, typeof(TArgs), where);
    }

    private object MapObject(JsonObject json, Type argsType, string path)
    {
        var args = Activator.CreateInstance(argsType)
            ?? throw new InvalidOperationException($"cannot create {argsType.Name}");
        var members = MembersOf(argsType);
        foreach (var (name, node) in json)
        {
            if (node is null)
            {
                continue;
            }

            var fieldPath = $"{path}.{name}";
            if (!members.TryGetValue(name, out var member))
            {
                throw new KubernetesMappingException(
                    $"{fieldPath}: {argsType.FullName} has no input '{name}', so Pulumi would not deploy it");
            }

            switch (member)
            {
                case PropertyInfo property:
                    property.SetValue(args, ToInput(node, property.PropertyType, fieldPath, name));
                    break;
                case FieldInfo field:
                    field.SetValue(args, ToInput(node, field.FieldType, fieldPath, name));
                    break;
            }
        }

        return args;
    }

    /// <summary>A value of one of Pulumi's input shapes: Input, InputList, InputMap or InputUnion.</summary>
    private object ToInput(JsonNode node, Type inputType, string path, string name)
    {
        if (inputType.IsGenericType)
        {
            var definition = inputType.GetGenericTypeDefinition();
            var arguments = inputType.GetGenericArguments();
            if (definition == typeof(Input<>))
            {
                return ToSingleInput(node, arguments[0], path, name);
            }

            if (definition == typeof(InputList<>))
            {
                var items = node.AsArray()
                    .Select((item, i) => ToSingleInput(Require(item, $"{path}[{i}]"), arguments[0], $"{path}[{i}]", name))
                    .ToList();
                return ListMethod.MakeGenericMethod(arguments[0]).Invoke(null, [items])!;
            }

            if (definition == typeof(InputMap<>))
            {
                var entries = node.AsObject()
                    .Select(e => KeyValuePair.Create(e.Key, ToSingleInput(Require(e.Value, $"{path}.{e.Key}"), arguments[0], $"{path}.{e.Key}", e.Key)))
                    .ToList();
                return MapMethod.MakeGenericMethod(arguments[0]).Invoke(null, [entries])!;
            }

            if (definition == typeof(InputUnion<,>))
            {
                return ToUnion(node, arguments[0], arguments[1], path);
            }
        }

        throw new KubernetesMappingException($"{path}: unsupported input type {inputType}");
    }

    /// <summary>An <c>Input&lt;T&gt;</c> for one JSON value.</summary>
    private object ToSingleInput(JsonNode node, Type valueType, string path, string name)
    {
        if (valueType == typeof(string) && name == "image" && _images.TryGetValue(Scalar<string>(node, path), out var image))
        {
            return image;
        }

        if (valueType == typeof(string) && node is JsonValue value && value.TryGetValue<string>(out var text) && _generated.TryGetValue(text, out var credential))
        {
            return credential;
        }

        return InputMethod.MakeGenericMethod(valueType).Invoke(null, [ToValue(node, valueType, path)])!;
    }

    private object ToValue(JsonNode node, Type valueType, string path)
    {
        if (valueType == typeof(string))
        {
            return Scalar<string>(node, path);
        }

        if (valueType == typeof(int))
        {
            return Scalar<int>(node, path);
        }

        if (valueType == typeof(bool))
        {
            return Scalar<bool>(node, path);
        }

        if (valueType == typeof(double))
        {
            return Scalar<double>(node, path);
        }

        if (typeof(ResourceArgs).IsAssignableFrom(valueType))
        {
            if (node is not JsonObject obj)
            {
                throw new KubernetesMappingException($"{path}: expected an object for {valueType.Name}, got {node.ToJsonString()}");
            }

            return MapObject(obj, valueType, path);
        }

        throw new KubernetesMappingException($"{path}: unsupported value type {valueType}");
    }

    /// <summary>IntOrString and the like: the JSON value's kind picks the side.</summary>
    private object ToUnion(JsonNode node, Type t0, Type t1, string path)
    {
        var isString = node is JsonValue v && v.TryGetValue<string>(out _);
        var wanted = isString ? typeof(string) : typeof(int);
        var method = t0 == wanted ? UnionT0Method : t1 == wanted ? UnionT1Method : null;
        if (method is null)
        {
            throw new KubernetesMappingException($"{path}: {node.ToJsonString()} fits neither {t0.Name} nor {t1.Name}");
        }

        return method.MakeGenericMethod(t0, t1).Invoke(null, [ToValue(node, wanted, path)])!;
    }

    private static T Scalar<T>(JsonNode node, string path) =>
        node is JsonValue value && value.TryGetValue<T>(out var result)
            ? result
            : throw new KubernetesMappingException($"{path}: expected a {typeof(T).Name}, got {node.ToJsonString()}");

    private static JsonNode Require(JsonNode? node, string path) =>
        node ?? throw new KubernetesMappingException($"{path}: null inside a list or map");

    /// <summary>The members Pulumi serializes, by wire name. Lists and maps carry the attribute on a private field.</summary>
    private static IReadOnlyDictionary<string, MemberInfo> MembersOf(Type argsType) =>
        InputMembers.GetOrAdd(argsType, type =>
        {
            const BindingFlags flags = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
            var members = new Dictionary<string, MemberInfo>();
            foreach (var member in type.GetFields(flags).Cast<MemberInfo>().Concat(type.GetProperties(flags)))
            {
                // InputAttribute.Name is internal to the SDK; its first constructor argument is the wire name.
                var input = member.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType == typeof(InputAttribute));
                if (input?.ConstructorArguments.FirstOrDefault().Value is string wireName)
                {
                    members[wireName] = member;
                }
            }

            return members;
        });

    private static MethodInfo Method(string name) =>
        typeof(KubernetesArgsMapper).GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static)
        ?? throw new InvalidOperationException($"missing {name}");

    // The generic helpers below let the compiler pick Pulumi's implicit conversions; reflection only chooses T.
    private static Input<T> MakeInput<T>(T value) => value;

    private static InputList<T> MakeList<T>(List<object> items)
    {
        var list = new InputList<T>();
        foreach (var item in items)
        {
            list.Add((Input<T>)item);
        }

        return list;
    }

    private static InputMap<T> MakeMap<T>(List<KeyValuePair<string, object>> entries)
    {
        var map = new InputMap<T>();
        foreach (var (key, value) in entries)
        {
            map.Add(key, (Input<T>)value);
        }

        return map;
    }

    private static InputUnion<T0, T1> MakeUnionT0<T0, T1>(T0 value) => Union<T0, T1>.FromT0(value);

    private static InputUnion<T0, T1> MakeUnionT1<T0, T1>(T1 value) => Union<T0, T1>.FromT1(value);
}

/// <summary>An engine object that cannot be expressed as Pulumi inputs: a bug to fix here or in the engine.</summary>
public sealed class KubernetesMappingException(string message) : Exception(message);
