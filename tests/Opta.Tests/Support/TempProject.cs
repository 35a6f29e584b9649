using Opta.Planning;

namespace Opta.Tests.Support;

/// <summary>A throwaway folder holding a service file (and whatever else a test writes next to it).</summary>
public sealed class TempProject : IDisposable
{
    public TempProject()
    {
        Dir = Path.Combine(Path.GetTempPath(), "opta-infra-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Dir);
    }

    public string Dir { get; }

    public string ServiceFile => Path.Combine(Dir, "opta.yaml");

    public TempProject Write(string relative, string content)
    {
        var path = Path.Combine(Dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content.Replace("\r\n", "\n"));
        return this;
    }

    /// <summary>A service file with one environment (no separate file) and the given module body.</summary>
    public static TempProject WithModule(string moduleBody, string layer = "shop", string? extraTop = null)
    {
        var indented = string.Join("\n", moduleBody.Trim('\n').Split('\n').Select(l => "    " + l));
        return new TempProject().Write("opta.yaml", $"""
            name: {layer}
            environments:
              - name: staging
                path: opta.yaml
            {extraTop ?? ""}
            modules:
              - type: k8s-service
            {indented}
            """);
    }

    /// <summary>
    /// A service file whose environment file has <paramref name="providers"/> and whose modules are
    /// <see cref="Companions"/> (lines 6 to 10) then a k8s-service <c>api</c> (lines 11 to 14) whose further fields are
    /// <paramref name="serviceBody"/>, from line 15, column 5.
    /// </summary>
    public static TempProject WithLinks(string serviceBody, string providers = "{local: {}}")
    {
        var indented = string.Join("\n", serviceBody.Trim('\n').Split('\n').Select(l => "    " + l));
        return new TempProject()
            .Write("env.yaml", $"name: staging\norg_name: acme\nproviders: {providers}\nmodules:\n  - {{type: dns, domain: acme.dev}}\n")
            .Write("opta.yaml", $"name: shop\nenvironments:\n  - name: staging\n    path: env.yaml\nmodules:\n{Companions}  - type: k8s-service\n    name: api\n    image: nginx:1.27\n    port: {{http: 80}}\n{indented}\n");
    }

    /// <summary>The modules <see cref="WithLinks"/> puts before the service, one a line from line 6.</summary>
    public const string Companions = "  - {type: postgres, name: db}\n  - {type: redis, name: cache}\n  - {type: aws-s3, name: bucket}\n  - {type: mongodb-atlas, name: atlas}\n  - {type: k8s-service, name: web, image: nginx, port: {http: 80}}\n";

    public PlanResult Plan(PlanOptions? options = null) => OptaEngine.Plan(ServiceFile, options);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
