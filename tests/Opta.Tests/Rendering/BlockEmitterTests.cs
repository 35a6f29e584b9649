using CsCheck;
using Opta.Output;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Opta.Tests.Rendering;

/// <summary>The block emitter writes a scalar as it is only where YamlDotNet's emitter would write it so.</summary>
public sealed class BlockEmitterTests
{
    /// <summary>Short texts over the characters YAML gives meaning to, and a few it does not.</summary>
    private static readonly Gen<string> Texts = Gen.String[Gen.Char[" az09-_./:()$|*%=+~;<>^!&@?#,[]{}'\"`\\\t\né"], 1, 9];

    [Fact]
    public void A_text_written_as_it_is_is_what_YamlDotNets_emitter_writes()
    {
        var taken = 0;
        Texts.Sample(value =>
        {
            foreach (var key in new[] { false, true })
            {
                var scalar = new Scalar(AnchorName.Empty, TagName.Empty, value, ScalarStyle.Any, true, false);
                if (BlockEmitter.IsPlainAsIs(scalar, key))
                {
                    Interlocked.Increment(ref taken);
                    Assert.Equal(value, BlockEmitter.Alone(scalar, key));
                }
            }
        }, iter: 100_000);
        Assert.True(taken > 1_000, $"only {taken} texts were written as they are");
    }

    [Theory]
    [InlineData("ghcr.io/acme/api:1.2.3", true)]
    [InlineData("test -f /var/run/healthy", true)]
    [InlineData("-c", true)]
    [InlineData("--port", true)]
    [InlineData("/api(/|$)(.*)", true)]
    [InlineData("25%", true)]
    [InlineData("- a", false)]
    [InlineData("---x", false)]
    [InlineData("a: b", false)]
    [InlineData("a:", false)]
    [InlineData("a #b", false)]
    [InlineData(" a", false)]
    [InlineData("a ", false)]
    [InlineData("*a", false)]
    public void Common_texts(string value, bool asItIs)
    {
        Assert.Equal(asItIs, BlockEmitter.IsPlainAsIs(new Scalar(AnchorName.Empty, TagName.Empty, value, ScalarStyle.Any, true, false), key: false));
    }
}
