using System.Text.RegularExpressions;

namespace Opta.Cli.Push;

/// <summary>A local image named as <c>IMAGE:TAG</c>, the only form <c>push</c> accepts (as <c>opta push</c> did).</summary>
public sealed partial record TaggedImage(string Repository, string Tag)
{
    public override string ToString() => $"{Repository}:{Tag}";

    /// <summary>Splits <c>IMAGE:TAG</c>; a colon before the last <c>/</c> is a registry port, not a tag.</summary>
    public static bool TryParse(string text, out TaggedImage? image, out string? problem)
    {
        image = null;
        problem = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = "the image name is empty; pass IMAGE:TAG, e.g. myapp:v1";
            return false;
        }

        if (text.Contains('@'))
        {
            problem = $"image '{text}' is a digest reference; pass IMAGE:TAG, e.g. myapp:v1";
            return false;
        }

        var colon = text.LastIndexOf(':');
        if (colon <= text.LastIndexOf('/') || colon == text.Length - 1 || colon == 0)
        {
            problem = $"image '{text}' has no tag; pass IMAGE:TAG, e.g. {text.TrimEnd(':')}:v1 (tag it first with `docker tag`)";
            return false;
        }

        var repository = text[..colon];
        var tag = text[(colon + 1)..];
        if (repository == "sha256")
        {
            problem = $"'{text}' is an image ID, not IMAGE:TAG; tag the image first (`docker tag {text} myapp:v1`)";
            return false;
        }

        if (!IsValidTag(tag))
        {
            problem = $"image '{text}' has an invalid tag '{tag}'; {TagRule}";
            return false;
        }

        image = new TaggedImage(repository, tag);
        return true;
    }

    /// <summary>Docker's rule for tags, also used for <c>--tag</c>.</summary>
    public const string TagRule = Opta.Images.ImageTag.Rule;

    public static bool IsValidTag(string tag) => Opta.Images.ImageTag.IsValid(tag);
}
