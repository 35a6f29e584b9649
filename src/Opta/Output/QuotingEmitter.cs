using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.EventEmitters;

namespace Opta.Output;

/// <summary>
/// KubernetesClient's <c>StringQuotingEmitter</c> decision: a string that YAML would read as null, a boolean or a
/// number is double-quoted, another string with a line break is literal.
/// </summary>
/// <remarks>
/// KubernetesClient decides with a regular expression (<see cref="QuotedPattern"/>), which the native build can only
/// interpret; as a compiled regex it still cost a small <c>render</c> a tenth of its writing, once per distinct
/// scalar. <see cref="LooksLikeNullBoolOrNumber"/> is that expression as a loop. Tests hold it to KubernetesClient's:
/// the same pattern text, the loop equal to the pattern on generated strings, and the same style as its emitter for
/// a table of strings.
/// </remarks>
internal sealed class QuotingEmitter(IEventEmitter next) : ChainedEventEmitter(next)
{
    /// <summary>KubernetesClient 21.0.8's <c>StringQuotingEmitter.QuotedRegex</c>, character for character.</summary>
    internal const string QuotedPattern =
        @"^(\~|null|Null|NULL|true|True|TRUE|false|False|FALSE|y|Y|yes|Yes|YES|on|On|ON|n|N|no|No|NO|off|Off|OFF|-?(0|[0-9]*)(\.[0-9]*)?([eE][-+]?[0-9]+)?)?$";

    public override void Emit(ScalarEventInfo eventInfo, IEmitter emitter)
    {
        switch (eventInfo.Source.Value)
        {
            case string text when Type.GetTypeCode(eventInfo.Source.Type) == TypeCode.String:
                if (LooksLikeNullBoolOrNumber(text))
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

    /// <summary>Whether <see cref="QuotedPattern"/> matches <paramref name="text"/>, as .NET's regex engine matches it.</summary>
    internal static bool LooksLikeNullBoolOrNumber(ReadOnlySpan<char> text)
    {
        // .NET's `$` also matches before a newline that ends the text.
        if (text.EndsWith('\n'))
        {
            text = text[..^1];
        }

        if (text is "~" or "null" or "Null" or "NULL" or "true" or "True" or "TRUE" or "false" or "False" or "FALSE"
            or "y" or "Y" or "yes" or "Yes" or "YES" or "on" or "On" or "ON" or "n" or "N" or "no" or "No" or "NO"
            or "off" or "Off" or "OFF")
        {
            return true;
        }

        // -?[0-9]*(\.[0-9]*)?([eE][-+]?[0-9]+)?, every part optional (so "", "-" and "." match too).
        var i = 0;
        if (i < text.Length && text[i] == '-')
        {
            i++;
        }

        i = SkipDigits(text, i);
        if (i < text.Length && text[i] == '.')
        {
            i = SkipDigits(text, i + 1);
        }

        if (i < text.Length && text[i] is 'e' or 'E')
        {
            i++;
            if (i < text.Length && text[i] is '-' or '+')
            {
                i++;
            }

            var digits = i;
            i = SkipDigits(text, i);
            if (i == digits)
            {
                return false;
            }
        }

        return i == text.Length;
    }

    private static int SkipDigits(ReadOnlySpan<char> text, int i)
    {
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        return i;
    }
}
