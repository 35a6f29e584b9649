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
/// (<see cref="ModelProperties.Of"/>, no reflection, so the native build keeps them), then sends the same events
/// through the same pieces KubernetesYaml configures: KubernetesClient's string quoting (<see cref="QuotingEmitter"/>,
/// its decision with the pattern compiled ahead of time) and its IntOrString converter, the scalars its quantity and byte array converters emit, YamlDotNet's
/// <see cref="TypeAssigningEventEmitter"/>; the
/// <see cref="BlockEmitter"/> lays them out as YamlDotNet's <see cref="Emitter"/> does, and hands that emitter the
/// documents it does not lay out. So quoting and styles are decided by the same code, and tests compare the two
/// byte for byte. A value this writer does not know (a float, a date, a null list item...) makes
/// <see cref="TryWrite"/> return false, and the caller uses KubernetesYaml itself.
/// </remarks>
internal sealed class ModelYamlWriter
{
    private static readonly IEventEmitter Events = new QuotingEmitter(new TypeAssigningEventEmitter(
        new WriterEventEmitter(),
        new Dictionary<Type, TagName>(), // no tag for any type: see CollectionEvents
        quoteNecessaryStrings: false,
        quoteYaml1_1Strings: false,
        ScalarStyle.Any,
        YamlFormatter.Default,
        NullNamingConvention.Instance,
        new NoTypeInspector()));

    private static readonly IntOrStringYamlConverter IntOrStringConverter = new();

    // Scalars repeat a lot (labels, names, ports): each distinct value goes through the event emitters once.
    private readonly Dictionary<string, BlockEmitter.CachedScalar> stringScalars = new();
    private readonly Dictionary<object, BlockEmitter.CachedScalar> scalars = new();
    private readonly Dictionary<ResourceQuantity, BlockEmitter.CachedScalar> quantityScalars = new(ReferenceEqualityComparer.Instance);
    private (ParsingEvent Start, ParsingEvent End)? mappingEvents;
    private (ParsingEvent Start, ParsingEvent End)? sequenceEvents;
    private readonly LastEvent last = new();
    private readonly BlockEmitter.ScalarTexts texts = new();
    private readonly Dictionary<string, BlockEmitter.CachedScalar> keys = new();
    private readonly Dictionary<Type, Model> models = new();

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
            case string text:
                // Its own table: string keys hash faster than object keys.
                if (!stringScalars.TryGetValue(text, out var scalar))
                {
                    scalar = stringScalars[text] = new(ValueScalar(text));
                }

                Emit(emitter, scalar);
                break;
            case bool or int or long:
                if (!scalars.TryGetValue(value, out scalar))
                {
                    scalar = scalars[value] = new(ValueScalar(value));
                }

                Emit(emitter, scalar);
                break;
            case IntOrString:
                IntOrStringConverter.WriteYaml(emitter, value, typeof(IntOrString), null!);
                break;
            case ResourceQuantity quantity:
                // What KubernetesClient's quantity converter emits (its canonical text), worked out once per quantity.
                if (!quantityScalars.TryGetValue(quantity, out scalar))
                {
                    scalar = quantityScalars[quantity] = new(new Scalar(Quantities.Text(quantity)));
                }

                Emit(emitter, scalar);
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

    /// <summary>A reused scalar: the block emitter keeps its text on it; YamlDotNet's emitter gets the event.</summary>
    private static void Emit(IEmitter emitter, BlockEmitter.CachedScalar scalar)
    {
        if (emitter is BlockEmitter block)
        {
            block.Emit(scalar);
        }
        else
        {
            emitter.Emit(scalar.Event);
        }
    }

    private void WriteDictionary(IEmitter emitter, IDictionary dictionary)
    {
        var (start, end) = CollectionEvents(dictionary, mapping: true);
        emitter.Emit(start);
        if (dictionary is IDictionary<string, string> strings)
        {
            // Labels, annotations, config: enumerated without boxing every entry.
            foreach (var (key, text) in strings)
            {
                WriteValue(emitter, key);
                WriteValue(emitter, text ?? throw new UnsupportedValueException());
            }
        }
        else
        {
            foreach (DictionaryEntry entry in dictionary)
            {
                if (entry.Key is not string || entry.Value is null)
                {
                    throw new UnsupportedValueException();
                }

                WriteValue(emitter, entry.Key);
                WriteValue(emitter, entry.Value);
            }
        }

        emitter.Emit(end);
    }

    private void WriteList(IEmitter emitter, IEnumerable list)
    {
        var (start, end) = CollectionEvents(list, mapping: false);
        emitter.Emit(start);
        foreach (var item in list)
        {
            WriteValue(emitter, item ?? throw new UnsupportedValueException());
        }

        emitter.Emit(end);
    }

    /// <summary>
    /// The start and end events the event emitters make for a collection. They depend on its type only through the
    /// tag mappings, which are empty here (anchors and styles are not set), so every mapping gets the same pair and
    /// every sequence the same pair; events do not change, so each pair is made once, from the first collection met.
    /// </summary>
    private (ParsingEvent Start, ParsingEvent End) CollectionEvents(object collection, bool mapping)
    {
        if ((mapping ? mappingEvents : sequenceEvents) is { } known)
        {
            return known;
        }

        var type = collection.GetType();
        var descriptor = new ObjectDescriptor(collection, type, type);
        (ParsingEvent Start, ParsingEvent End) events;
        if (mapping)
        {
            Events.Emit(new MappingStartEventInfo(descriptor), last);
            var start = last.Event!;
            Events.Emit(new MappingEndEventInfo(descriptor), last);
            events = (start, last.Event!);
            mappingEvents = events;
        }
        else
        {
            Events.Emit(new SequenceStartEventInfo(descriptor), last);
            var start = last.Event!;
            Events.Emit(new SequenceEndEventInfo(descriptor), last);
            events = (start, last.Event!);
            sequenceEvents = events;
        }

        return events;
    }

    private void WriteObject(IEmitter emitter, object value)
    {
        var type = value.GetType();
        if (!models.TryGetValue(type, out var model))
        {
            model = models[type] = NewModel(value, type);
        }

        emitter.Emit(model.Start);
        var properties = model.Properties;
        for (var i = 0; i < properties.Length; i++)
        {
            // KubernetesYaml omits nulls (DefaultValuesHandling.OmitNull).
            if (properties[i].Get(value) is { } propertyValue)
            {
                Emit(emitter, model.Keys[i]);
                WriteValue(emitter, propertyValue);
            }
        }

        emitter.Emit(model.End);
    }

    /// <summary>A model type's properties, its mapping events and its property names' scalars, found once per type.</summary>
    private Model NewModel(object value, Type type)
    {
        var properties = ModelProperties.Of(type) ?? throw new UnsupportedValueException();
        var (start, end) = CollectionEvents(value, mapping: true);
        var names = new BlockEmitter.CachedScalar[properties.Length];
        for (var i = 0; i < properties.Length; i++)
        {
            var name = properties[i].Name;
            if (!keys.TryGetValue(name, out var key))
            {
                key = keys[name] = new(KeyScalar(name));
            }

            names[i] = key;
        }

        return new Model(properties, start, end, names);
    }

    private Scalar ValueScalar(object value)
    {
        Events.Emit(new ScalarEventInfo(new ObjectDescriptor(value, value.GetType(), value.GetType())), last);
        return (Scalar)last.Event!;
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

    /// <summary>What writing an object of one model type needs: its properties, in order, with their keys' scalars.</summary>
    private sealed record Model(ModelProperty[] Properties, ParsingEvent Start, ParsingEvent End, BlockEmitter.CachedScalar[] Keys);
}

/// <summary>A model property as KubernetesYaml writes it: its YAML name and its getter (ModelProperties.g.cs).</summary>
internal sealed record ModelProperty(string Name, Func<object, object?> Get);
