namespace Opta.Planning;

/// <summary>Annotations the plan puts on objects for the Pulumi Kubernetes provider, so render and the Pulumi inputs are the same objects.</summary>
public static class PulumiAnnotations
{
    /// <summary>On every Ingress: Pulumi would otherwise wait for a load-balancer address, which local clusters often never report.</summary>
    public const string SkipAwait = "pulumi.com/skipAwait";
}
