using System.CommandLine;
using Opta.Cli.Commands;

namespace Opta.Tests.Push;

/// <summary>Runs <c>opta-infra push …</c> in-process through System.CommandLine, with a given environment.</summary>
public static class PushCli
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    public static async Task<Result> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var root = new RootCommand("opta-infra") { PushCommand.Create(name => environment.GetValueOrDefault(name)) };
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await root.Parse(["push", .. args]).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return new Result(exit, output.ToString().Replace("\r\n", "\n"), error.ToString().Replace("\r\n", "\n"));
    }
}

/// <summary>A service file (opta.yaml) and its environment file in a fresh folder.</summary>
public sealed class ServiceFolder : IDisposable
{
    public ServiceFolder(string layer, string modules)
    {
        Dir = Directory.CreateTempSubdirectory("opta-push-svc-").FullName;
        File.WriteAllText(Path.Combine(Dir, "env.yaml"), "name: dev\norg_name: test\nproviders:\n  local: {}\n");
        File.WriteAllText(ServiceFile, $"name: {layer}\nenvironments:\n  - name: dev\n    path: env.yaml\nmodules:\n{modules}");
    }

    public string Dir { get; }

    public string ServiceFile => Path.Combine(Dir, "opta.yaml");

    /// <summary>Two modules: <c>web</c> (AUTO) and <c>proxy</c> (nginx); <c>proxy</c>'s image is on line 13.</summary>
    public static ServiceFolder WebAndProxy(string layer = "hello") => new(layer, """
          - type: k8s-service
            name: web
            port:
              http: 8080
            image: AUTO
          - type: k8s-service
            name: proxy
            port:
              http: 80
            image: nginx:1.27

        """);

    public void Dispose() => Directory.Delete(Dir, recursive: true);
}
