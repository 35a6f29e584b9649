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
