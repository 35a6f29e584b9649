using System.Text;
using Opta.Loading;
using Opta.Tests.Support;

namespace Opta.Tests.Loading;

/// <summary>ReadAllText decodes as a UTF-8 StreamReader that honours byte-order marks does, whatever the bytes.</summary>
public sealed class RegularFileTextTests
{
    public static TheoryData<string> Contents() => new()
    {
        "",
        "6E616D653A207765620A", // name: web
        "EFBBBF6E616D653A207765620A", // UTF-8 byte-order mark
        "FFFE6E0061006D006500", // UTF-16 LE mark
        "FEFF006E0061006D0065", // UTF-16 BE mark
        "FFFE00006E000000", // UTF-32 LE mark
        "0000FEFF0000006E", // UTF-32 BE mark
        "00616263", // a NUL first, no mark
        "EF6162", // a mark's first byte alone
        "6E616D653A20C3A90A", // é
        "6E616D653A20C30A", // a truncated sequence
        "6E616D653A20FF0A", // a byte UTF-8 never uses
        "F09F9A80", // a four-byte character
        "EDA080", // an encoded surrogate
    };

    [Theory]
    [MemberData(nameof(Contents))]
    public void Text_is_what_a_UTF8_reader_honouring_byte_order_marks_reads(string hex)
    {
        var bytes = Convert.FromHexString(hex);
        using var project = new TempProject();
        var path = Path.Combine(project.Dir, "opta.yaml");
        File.WriteAllBytes(path, bytes);
        using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);

        Assert.Equal(reader.ReadToEnd(), RegularFile.ReadAllText(path, 1 << 20, out var whyNot));
        Assert.Null(whyNot);
    }

    [Fact]
    public void A_file_larger_than_the_first_buffer_is_read_whole()
    {
        var text = string.Concat(Enumerable.Range(0, 20_000).Select(i => $"line {i}\n"));
        using var project = new TempProject().Write("big.yaml", text);

        Assert.Equal(text, RegularFile.ReadAllText(Path.Combine(project.Dir, "big.yaml"), 1 << 22, out _));
    }
}
