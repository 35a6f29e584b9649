using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.EventEmitters;
using YamlDotNet.Serialization.NamingConventions;

namespace Opta.Output;

/// <summary>
/// Writes <c>k8s.Models</c> objects exactly as <see cref="KubernetesYaml.Serialize"/> does, several times faster.
/// </summary>
/// <remarks>
/// KubernetesYaml's serializer spends most of its time re-reading property attributes through reflection on
/// every value it visits. This writer reads each type's properties and YAML names once, then sends the same
/// events through the same pieces KubernetesYaml configures: KubernetesClient's <see cref="StringQuotingEmitter"/>
/// and its IntOrString and quantity converters, YamlDotNet's <see cref="TypeAssigningEventEmitter"/> and its
/// <see cref="Emitter"/>. So quoting, styles and layout are decided by the same code, and tests compare the two
/// byte for byte. A value this writer does not know (a float, a date, a null list item...) makes
/// <see cref="TryWrite"/> return false, and the caller uses KubernetesYaml itself.
/// </remarks>
internal sealed class ModelYamlWriter
{
    private static readonly IEventEmitter Events = new StringQuotingEmitter(new TypeAssigningEventEmitter(
        new WriterEventEmitter(),
        new Dictionary<Type, TagName>(),
        quoteNecessaryStrings: false,
        quoteYaml1_1Strings: false,
        ScalarStyle.Any,
        YamlFormatter.Default,
        NullNamingConvention.Instance,
        new SerializerBuilder().BuildTypeInspector()));

    private static readonly IntOrStringYamlConverter IntOrStringConverter = new();
    private static readonly ResourceQuantityYamlConverter QuantityConverter = new();
    private static readonly ConcurrentDictionary<Type, ModelProperty[]?> Properties = new();
    private static readonly string ModelNamespace = typeof(V1ObjectMeta).Namespace!;
    private static readonly Assembly ModelAssembly = typeof(V1ObjectMeta).Assembly;
    private static readonly string[] TypeMetaOrder = ["ApiVersion", "Kind", "Metadata"];

    // Scalars repeat a lot (labels, names, ports): each distinct value goes through the event emitters once.
    private readonly Dictionary<object, Scalar> scalars = new();
    private readonly LastEvent last = new();

    /// <summary>Appends <paramref name="value"/> as one YAML document; false (and nothing appended) if a value is not supported.</summary>
    public bool TryWrite(object value, StringBuilder output)
    {
        var start = output.Length;
        try
        {
            var emitter = new Emitter(new StringWriter(output));
            emitter.Emit(new StreamStart());
            emitter.Emit(new DocumentStart());
            WriteValue(emitter, value);
            return true;
        }
        catch (UnsupportedValueException)
        {
            output.Length = start;
            return false;
        }
    }

    private void WriteValue(IEmitter emitter, object value)
    {
        switch (value)
        {
            case string or bool or int or long:
                if (!scalars.TryGetValue(value, out var scalar))
                {
                    Events.Emit(new ScalarEventInfo(new ObjectDescriptor(value, value.GetType(), value.GetType())), last);
                    scalar = scalars[value] = (Scalar)last.Event!;
                }

                emitter.Emit(scalar);
                break;
            case IntOrString:
                IntOrStringConverter.WriteYaml(emitter, value, typeof(IntOrString), null!);
                break;
            case ResourceQuantity:
                QuantityConverter.WriteYaml(emitter, value, typeof(ResourceQuantity), null!);
                break;
            case IDictionary dictionary:
                WriteDictionary(emitter, dictionary);
                break;
            case IEnumerable list:
                WriteList(emitter, list);
                break;
            default:
                WriteObject(emitter, value);
                break;
        }
    }

    private void WriteDictionary(IEmitter emitter, IDictionary dictionary)
    {
        var descriptor = new ObjectDescriptor(dictionary, dictionary.GetType(), dictionary.GetType());
        Events.Emit(new MappingStartEventInfo(descriptor), emitter);
        foreach (DictionaryEntry entry in dictionary)
        {
            if (entry.Key is not string || entry.Value is null)
            {
                throw new UnsupportedValueException();
            }

            WriteValue(emitter, entry.Key);
            WriteValue(emitter, entry.Value);
        }

        Events.Emit(new MappingEndEventInfo(descriptor), emitter);
    }

    private void WriteList(IEmitter emitter, IEnumerable list)
    {
        var descriptor = new ObjectDescriptor(list, list.GetType(), list.GetType());
        Events.Emit(new SequenceStartEventInfo(descriptor), emitter);
        foreach (var item in list)
        {
            WriteValue(emitter, item ?? throw new UnsupportedValueException());
        }

        Events.Emit(new SequenceEndEventInfo(descriptor), emitter);
    }

    private void WriteObject(IEmitter emitter, object value)
    {
        var type = value.GetType();
        var properties = Properties.GetOrAdd(type, Describe) ?? throw new UnsupportedValueException();
        var descriptor = new ObjectDescriptor(value, type, type);
        Events.Emit(new MappingStartEventInfo(descriptor), emitter);
        foreach (var property in properties)
        {
            // KubernetesYaml omits nulls (DefaultValuesHandling.OmitNull).
            if (property.Info.GetValue(value) is { } propertyValue)
            {
                emitter.Emit(property.Key);
                WriteValue(emitter, propertyValue);
            }
        }

        Events.Emit(new MappingEndEventInfo(descriptor), emitter);
    }

    /// <summary>The properties YamlDotNet would visit, in KubernetesYaml's order and with its names; null if the type is not a model.</summary>
    private static ModelProperty[]? Describe(Type type)
    {
        // KubernetesYaml configures only the model types; YamlDotNet would also visit public fields (first).
        if (type.Assembly != ModelAssembly || type.Namespace != ModelNamespace || type.IsAbstract
            || type.GetFields(BindingFlags.Instance | BindingFlags.Public).Length > 0)
        {
            return null;
        }

        var properties = type.GetProperties(BindingFlags.Instance | BindingFlags.Public)
            .Where(p => p.CanRead && p.GetGetMethod(true)!.GetParameters().Length == 0 && p.GetCustomAttribute<YamlIgnoreAttribute>() is null)
            .ToList();

        // KubernetesYaml puts the type meta first (apiVersion, kind, metadata) in objects that have it,
        // and keeps declaration order for the rest.
        if (properties.Any(p => p.Name is "ApiVersion" or "Kind"))
        {
            properties = properties
                .OrderBy(p => Array.IndexOf(TypeMetaOrder, p.Name) is var i and >= 0 ? i : TypeMetaOrder.Length)
                .ThenBy(p => p.MetadataToken)
                .ToList();
        }

        return properties
            .Select(p => new ModelProperty(p, KeyScalar(p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? CamelCaseNamingConvention.Instance.Apply(p.Name))))
            .ToArray();
    }

    /// <summary>A property name as YamlDotNet emits it: a plain-style string scalar through the event emitters.</summary>
    private static Scalar KeyScalar(string name)
    {
        var last = new LastEvent();
        Events.Emit(new ScalarEventInfo(new ObjectDescriptor(name, typeof(string), typeof(string), ScalarStyle.Plain)), last);
        return (Scalar)last.Event!;
    }

    private sealed record ModelProperty(PropertyInfo Info, Scalar Key);

    /// <summary>Keeps the event the emitters produced, so it can be replayed.</summary>
    private sealed class LastEvent : IEmitter
    {
        public ParsingEvent? Event { get; private set; }

        public void Emit(ParsingEvent @event) => Event = @event;
    }

    private sealed class UnsupportedValueException : Exception;
}
