using System.Reflection;
using System.Text.RegularExpressions;
using CsCheck;
using k8s;
using Opta.Output;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.EventEmitters;

namespace Opta.Tests.Rendering;

/// <summary>The writer's quoting decision is KubernetesClient's, its regular expression written as a loop.</summary>
public sealed class QuotingEmitterTests
{
    [Fact]
    public void The_pattern_is_KubernetesClients_character_for_character()
    {
        var field = typeof(StringQuotingEmitter).GetField("QuotedRegex", BindingFlags.NonPublic | BindingFlags.Static);
        var regex = Assert.IsType<Regex>(field?.GetValue(null));

        Assert.Equal(QuotingEmitter.QuotedPattern, regex.ToString());
        Assert.Equal(RegexOptions.None, regex.Options);
    }

    [Fact]
    public void The_loop_matches_what_the_pattern_matches()
    {
        var pattern = new Regex(QuotingEmitter.QuotedPattern);
        Gen.String[Gen.Char["0189.-+eEnNulLtrRUfFaAsSyYoO~ \n"], 0, 7].Sample(
            text => Assert.Equal(pattern.IsMatch(text), QuotingEmitter.LooksLikeNullBoolOrNumber(text)), iter: 50_000);
    }

    public static TheoryData<string> Strings()
    {
        string[] words =
        [
            "", "~", "null", "Null", "NULL", "nULL", "true", "True", "TRUE", "tRUE", "false", "False", "FALSE", "y", "Y",
            "yes", "Yes", "YES", "yEs", "on", "On", "ON", "oN", "n", "N", "no", "No", "NO", "nO", "off", "Off", "OFF",
            "0", "7", "-0", "-", "+1", "007", "8080", "1.", ".5", "-.5", "1.5", "1e3", "1E+3", "1e-3", "1e", "e3", "1.5.2",
            "0x1F", "0o17", "1_000", ".inf", "-.inf", ".nan", "1:30", "v1", "1a", "a1", "name", "nulls", "yes!", "truth",
            "two\nlines", "trailing\n", "\n", "8080\n", "true\n", "\ntrue", " 1", "1 ", "\u0661\u0662", "١",
        ];
        var data = new TheoryData<string>();
        foreach (var word in words)
        {
            data.Add(word);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Strings))]
    public void A_string_gets_the_style_KubernetesClients_emitter_gives_it(string value)
    {
        Assert.Equal(StyleFrom(new StringQuotingEmitter(new Recorder()), value), StyleFrom(new QuotingEmitter(new Recorder()), value));
    }

    [Theory]
    [InlineData('5')]
    [InlineData('a')]
    [InlineData('\u0661')]
    public void A_char_gets_the_style_KubernetesClients_emitter_gives_it(char value)
    {
        Assert.Equal(StyleFrom(new StringQuotingEmitter(new Recorder()), value), StyleFrom(new QuotingEmitter(new Recorder()), value));
    }

    [Fact]
    public void Numbers_and_booleans_keep_the_style_they_were_given()
    {
        foreach (var value in new object[] { 8080, true, 12L })
        {
            Assert.Equal(ScalarStyle.Any, StyleFrom(new QuotingEmitter(new Recorder()), value));
            Assert.Equal(StyleFrom(new StringQuotingEmitter(new Recorder()), value), StyleFrom(new QuotingEmitter(new Recorder()), value));
        }
    }

    private static ScalarStyle StyleFrom(IEventEmitter emitter, object value)
    {
        var info = new ScalarEventInfo(new ObjectDescriptor(value, value.GetType(), value.GetType()));
        emitter.Emit(info, new NoEmitter());
        return info.Style;
    }

    private sealed class Recorder : IEventEmitter
    {
        public void Emit(AliasEventInfo eventInfo, IEmitter emitter) { }

        public void Emit(ScalarEventInfo eventInfo, IEmitter emitter) { }

        public void Emit(MappingStartEventInfo eventInfo, IEmitter emitter) { }

        public void Emit(MappingEndEventInfo eventInfo, IEmitter emitter) { }

        public void Emit(SequenceStartEventInfo eventInfo, IEmitter emitter) { }

        public void Emit(SequenceEndEventInfo eventInfo, IEmitter emitter) { }
    }

    private sealed class NoEmitter : IEmitter
    {
        public void Emit(ParsingEvent @event) => throw new InvalidOperationException("the recorder emits nothing");
    }
}
