using System.Text;
using Opta.Planning;

namespace Opta.Tests.Planning;

/// <summary>The managed SHA-256 behind Ingress names gives the platform's digest for every length around the block edges.</summary>
public sealed class Sha256Tests
{
    [Theory]
    [InlineData("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")]
    public void Known_answers(string input, string digest) =>
        Assert.Equal(digest, Convert.ToHexStringLower(Sha256.HashData(Encoding.ASCII.GetBytes(input))));

    [Fact]
    public void Equals_the_platform_digest_for_every_length_up_to_four_blocks()
    {
        var random = new Random(20261203);
        for (var length = 0; length <= 260; length++)
        {
            var data = new byte[length];
            random.NextBytes(data);
            Assert.Equal(System.Security.Cryptography.SHA256.HashData(data), Sha256.HashData(data));
        }
    }

    [Fact]
    public void Equals_the_platform_digest_for_a_large_input()
    {
        var data = new byte[1_000_003];
        new Random(7).NextBytes(data);
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(data), Sha256.HashData(data));
    }
}
