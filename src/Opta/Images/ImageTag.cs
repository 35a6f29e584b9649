using System.Text.RegularExpressions;

namespace Opta.Images;

/// <summary>Docker's rule for image tags, in one place for <c>--image-tag</c>, <c>push</c> and <c>--tag</c>.</summary>
public static partial class ImageTag
{
    public const string Rule = "a tag is 1 to 128 letters, digits, '_', '.' or '-', and does not start with '.' or '-'";

    public static bool IsValid(string tag) => Pattern().IsMatch(tag);

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex Pattern();
}
