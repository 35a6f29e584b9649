using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.EventEmitters;

namespace Opta.Output;

/// <summary>
/// KubernetesClient's <c>StringQuotingEmitter</c> decision, with its pattern compiled ahead of time: a string that
/// YAML would read as null, a boolean or a number is double-quoted, another string with a line break is literal.
/// </summary>
/// <remarks>
/// KubernetesClient builds that pattern as an ordinary <see cref="Regex"/>, which the native build can only
/// interpret; parsing it at start-up and interpreting it for every distinct scalar cost a small <c>render</c> more
/// than a tenth of its work. This is the same pattern through the regex source generator. Tests hold it to
/// KubernetesClient's: the same pattern text, and the same style as its emitter for a table of strings.
/// </remarks>
internal sealed partial class QuotingEmitter(IEventEmitter next) : ChainedEventEmitter(next)
{
    /// <summary>KubernetesClient 21.0.8's <c>StringQuotingEmitter.QuotedRegex</c>, character for character.</summary>
    internal const string QuotedPattern =
        @"^(\~|null|Null|NULL|true|True|TRUE|false|False|FALSE|y|Y|yes|Yes|YES|on|On|ON|n|N|no|No|NO|off|Off|OFF|-?(0|[0-9]*)(\.[0-9]*)?([eE][-+]?[0-9]+)?)?$";

    public override void Emit(ScalarEventInfo eventInfo, IEmitter emitter)
    {
        switch (eventInfo.Source.Value)
        {
            case string text when Type.GetTypeCode(eventInfo.Source.Type) == TypeCode.String:
                if (Quoted().IsMatch(text))
                {
                    eventInfo.Style = ScalarStyle.DoubleQuoted;
                }
                else if (text.Contains('\n'))
                {
                    eventInfo.Style = ScalarStyle.Literal;
                }

                break;
            case char c when Type.GetTypeCode(eventInfo.Source.Type) == TypeCode.Char && char.IsDigit(c):
                eventInfo.Style = ScalarStyle.DoubleQuoted;
                break;
        }

        base.Emit(eventInfo, emitter);
    }

    [GeneratedRegex(QuotedPattern)]
    private static partial Regex Quoted();
}
