using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using k8s.Models;

namespace Opta.Spec;

/// <summary>
/// One <see cref="ResourceQuantity"/> per distinct text, and its canonical text worked out once. ResourceQuantity
/// canonicalizes with decimal arithmetic on every <c>ToString</c>, which the API-server rules and the YAML writer
/// both call, and a fleet repeats a handful of quantities thousands of times. Quantities are never changed once planned, so
/// objects can share one.
/// </summary>
internal static class Quantities
{
    private static readonly ConcurrentDictionary<string, ResourceQuantity> ByText = new(StringComparer.Ordinal);
    private static readonly ConditionalWeakTable<ResourceQuantity, string> Canonical = new();

    /// <summary>The quantity <paramref name="text"/> names; the same instance for the same text.</summary>
    public static ResourceQuantity Of(string text) => ByText.GetOrAdd(text, static t => new ResourceQuantity(t));

    /// <summary><paramref name="quantity"/>'s canonical text (its <c>ToString</c>), computed once per instance.</summary>
    public static string Text(ResourceQuantity quantity) => Canonical.GetValue(quantity, static q => q.ToString());
}
