// Fully qualified: Pulumi.Deployment would clash with Pulumi.Kubernetes.Apps.V1.Deployment if that namespace were imported.
return await Pulumi.Deployment.RunAsync<Opta.Infra.Components.OptaStack>();
