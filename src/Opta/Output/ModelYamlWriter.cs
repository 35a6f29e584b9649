using System.Collections;
using System.Text;
using k8s;
using k8s.Models;
using Opta.Spec;
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
/// every value it visits. This writer takes each type's properties and YAML names from a generated table
/// (<see cref="ModelProperties"/>, no reflection, so the native build keeps them), then sends the same events
/// through the same pieces KubernetesYaml configures: KubernetesClient's <see cref="StringQuotingEmitter"/> and its
/// IntOrString converter, the scalars its quantity and byte array converters emit, YamlDotNet's
/// <see cref="TypeAssigningEventEmitter"/>; the
/// <see cref="BlockEmitter"/> lays them out as YamlDotNet's <see cref="Emitter"/> does, and hands that emitter the
/// documents it does not lay out. So quoting and styles are decided by the same code, and tests compare the two
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
        new NoTypeInspector()));

    private static readonly IntOrStringYamlConverter IntOrStringConverter = new();

    // Scalars repeat a lot (labels, names, ports): each distinct value goes through the event emitters once.
    private readonly Dictionary<object, Scalar> scalars = new();
    private readonly LastEvent last = new();
    private readonly Dictionary<BlockEmitter.ScalarKey, string> texts = new();
    private readonly Dictionary<string, Scalar> keys = new();

    /// <summary>False: every document goes through YamlDotNet's emitter (for comparisons).</summary>
    internal bool UseBlockEmitter { get; init; } = true;

    /// <summary>How many documents the block emitter handed to YamlDotNet's emitter (tests check it is used).</summary>
    internal int EmitterFallbacks { get; private set; }

    /// <summary>Appends <paramref name="value"/> as one YAML document; false (and nothing appended) if a value is not supported.</summary>
    public bool TryWrite(object value, StringBuilder output)
    {
        var start = output.Length;
        try
        {
            // Most documents: the block emitter. A document it does not lay out goes through YamlDotNet's emitter.
            try
            {
                if (!UseBlockEmitter)
                {
                    throw new NotSupportedException("the block emitter is off");
                }

                Write(new BlockEmitter(output, texts), value);
            }
            catch (NotSupportedException)
            {
                output.Length = start;
                EmitterFallbacks++;
                Write(new Emitter(new StringWriter(output)), value);
            }

            return true;
        }
        catch (UnsupportedValueException)
        {
            output.Length = start;
            return false;
        }
    }

    private void Write(IEmitter emitter, object value)
    {
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart());
        WriteValue(emitter, value);
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
            case ResourceQuantity quantity:
                // What KubernetesClient's quantity converter emits (its canonical text), worked out once per quantity.
                emitter.Emit(new Scalar(Quantities.Text(quantity)));
                break;
            case byte[] bytes:
                // As KubernetesYaml's byte array converter writes them: base64, straight to the emitter.
                emitter.Emit(new Scalar(Convert.ToBase64String(bytes)));
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
        if (!ModelProperties.ByType.TryGetValue(type, out var properties))
        {
            throw new UnsupportedValueException();
        }

        var descriptor = new ObjectDescriptor(value, type, type);
        Events.Emit(new MappingStartEventInfo(descriptor), emitter);
        foreach (var property in properties)
        {
            // KubernetesYaml omits nulls (DefaultValuesHandling.OmitNull).
            if (property.Get(value) is { } propertyValue)
            {
                if (!keys.TryGetValue(property.Name, out var key))
                {
                    key = keys[property.Name] = KeyScalar(property.Name);
                }

                emitter.Emit(key);
                WriteValue(emitter, propertyValue);
            }
        }

        Events.Emit(new MappingEndEventInfo(descriptor), emitter);
    }

    /// <summary>A property name as YamlDotNet emits it: a plain-style string scalar through the event emitters.</summary>
    private static Scalar KeyScalar(string name)
    {
        var last = new LastEvent();
        Events.Emit(new ScalarEventInfo(new ObjectDescriptor(name, typeof(string), typeof(string), ScalarStyle.Plain)), last);
        return (Scalar)last.Event!;
    }

    /// <summary>
    /// The type inspector the event emitters are given. They consult it only for enums, which no model property is
    /// (the table holds strings, numbers, booleans and models), so it refuses every question rather than reflect.
    /// </summary>
    private sealed class NoTypeInspector : ITypeInspector
    {
        public string GetEnumName(Type enumType, string name) => throw new UnsupportedValueException();

        public string GetEnumValue(object enumValue) => throw new UnsupportedValueException();

        public IEnumerable<IPropertyDescriptor> GetProperties(Type type, object? container) => throw new UnsupportedValueException();

        public IPropertyDescriptor GetProperty(Type type, object? container, string name, bool ignoreUnmatched, bool caseInsensitivePropertyMatching) =>
            throw new UnsupportedValueException();

        public bool HasParseMethod(Type type) => throw new UnsupportedValueException();

        public object? Parse(string value, Type type) => throw new UnsupportedValueException();
    }

    /// <summary>Keeps the event the emitters produced, so it can be replayed.</summary>
    private sealed class LastEvent : IEmitter
    {
        public ParsingEvent? Event { get; private set; }

        public void Emit(ParsingEvent @event) => Event = @event;
    }

    private sealed class UnsupportedValueException : Exception;
}

/// <summary>A model property as KubernetesYaml writes it: its YAML name and its getter (ModelProperties.g.cs).</summary>
internal sealed record ModelProperty(string Name, Func<object, object?> Get);
