namespace Opta.Diffing;

/// <summary>
/// What makes two manifests the same object: apiVersion, kind, namespace and name. A changed apiVersion is a
/// different object (a delete and a create), as it is for Pulumi.
/// </summary>
public sealed record ObjectKey(string ApiVersion, string Kind, string Namespace, string Name) : IComparable<ObjectKey>
{
    /// <summary><c>Kind namespace/name (apiVersion)</c>, or <c>Kind name (apiVersion)</c> for cluster-scoped objects.</summary>
    public override string ToString() =>
        Namespace.Length == 0 ? $"{Kind} {Name} ({ApiVersion})" : $"{Kind} {Namespace}/{Name} ({ApiVersion})";

    public int CompareTo(ObjectKey? other)
    {
        if (other is null)
        {
            return 1;
        }

        var c = string.CompareOrdinal(Namespace, other.Namespace);
        c = c != 0 ? c : string.CompareOrdinal(Kind, other.Kind);
        c = c != 0 ? c : string.CompareOrdinal(Name, other.Name);
        return c != 0 ? c : string.CompareOrdinal(ApiVersion, other.ApiVersion);
    }
}
