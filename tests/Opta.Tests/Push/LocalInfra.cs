using System.Diagnostics;
using System.Formats.Tar;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Opta.Tests.Push;

/// <summary>
/// The real parts push talks to, started once for the collection: Debian's <c>docker-registry</c> on 127.0.0.1 at a
/// free port, and <c>podman system service</c> on a socket in a temporary folder (rootful, vfs storage, runc, file
/// locks and events, so nothing is shared with other podman instances). Both are stopped and the folder removed at the end.
/// </summary>
public sealed class LocalInfra : IAsyncLifetime
{
    private static readonly string[] Binaries = ["docker-registry", "podman"];
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly List<Service> services = [];
    private string? root;

    /// <summary>Why the infrastructure tests skip, or null when they run. <c>OPTA_INFRA_REQUIRED=1</c> (CI) never skips.</summary>
    public static string? SkipReason { get; } = FindSkipReason();

    /// <summary>The registry, <c>127.0.0.1:PORT</c>.</summary>
    public string Registry { get; private set; } = "";

    /// <summary><c>unix:///…/podman.sock</c>, for <c>DOCKER_HOST</c>.</summary>
    public string DockerHost { get; private set; } = "";

    /// <summary>A folder the tests may write into; removed at the end.</summary>
    public string Scratch => Path.Combine(root ?? throw new InvalidOperationException("not started"), "scratch");

    public async Task InitializeAsync()
    {
        if (SkipReason is not null)
        {
            return;
        }

        if (MissingBinaries() is { } missing)
        {
            throw new InvalidOperationException($"OPTA_INFRA_REQUIRED=1, but {missing}");
        }

        root = Directory.CreateTempSubdirectory("opta-push-").FullName;
        try
        {
            Directory.CreateDirectory(Scratch);
            await StartRegistryAsync();
            await StartPodmanAsync();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops what was started and removes the folder; safe to call twice.</summary>
    public async Task DisposeAsync()
    {
        foreach (var service in services)
        {
            await service.StopAsync();
        }

        services.Clear();
        if (root is not null)
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }

            root = null;
        }
    }

    public DockerClient Engine() => new DockerClientConfiguration(new Uri(DockerHost)).CreateClient();

    /// <summary>Builds a <c>FROM scratch</c> image holding one small file, through the engine's API; returns its ID.</summary>
    public async Task<string> BuildImageAsync(string name, string fileContent)
    {
        using var context = new MemoryStream();
        await using (var tar = new TarWriter(context, TarEntryFormat.Pax, leaveOpen: true))
        {
            await AddFileAsync(tar, "Containerfile", "FROM scratch\nCOPY hello.txt /hello.txt\n");
            await AddFileAsync(tar, "hello.txt", fileContent);
        }

        context.Position = 0;
        var messages = new List<JSONMessage>();
        using var engine = Engine();
        await engine.Images.BuildImageFromDockerfileAsync(
            new ImageBuildParameters { Tags = [name], Dockerfile = "Containerfile" }, context, null, null, new ListProgress(messages));
        var errors = messages.Select(m => m.Error?.Message ?? m.ErrorMessage).Where(e => !string.IsNullOrEmpty(e)).ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"building {name} failed: {string.Join("; ", errors)}");
        }

        return (await engine.Images.InspectImageAsync(name)).ID;
    }

    /// <summary>A TCP port on 127.0.0.1 where nothing listens (at the time of asking).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task AddFileAsync(TarWriter tar, string name, string content)
    {
        var entry = new PaxTarEntry(TarEntryType.RegularFile, name)
        {
            DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)),
            Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
        };
        await tar.WriteEntryAsync(entry);
    }

    private async Task StartRegistryAsync()
    {
        // The port is free when asked but could be taken before the registry binds it; try a few.
        var failures = new List<string>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var port = FreePort();
            var config = Path.Combine(root!, $"registry-{port}.yml");
            await File.WriteAllTextAsync(config, $"""
                version: 0.1
                log:
                  level: warn
                storage:
                  filesystem:
                    rootdirectory: {Path.Combine(root!, "registry")}
                  delete:
                    enabled: true
                http:
                  addr: 127.0.0.1:{port}
                """);
            var service = Service.Start("docker-registry", ["serve", config], new() { ["REGISTRY_HTTP_SECRET"] = Guid.NewGuid().ToString("N") });
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            if (await service.WaitUntilAsync(async () => (await http.GetAsync($"http://127.0.0.1:{port}/v2/")).StatusCode == HttpStatusCode.OK, StartTimeout))
            {
                services.Add(service);
                Registry = $"127.0.0.1:{port}";
                return;
            }

            failures.Add(service.Log);
            await service.StopAsync();
        }

        throw new InvalidOperationException($"docker-registry did not start:\n{string.Join("\n---\n", failures)}");
    }

    private async Task StartPodmanAsync()
    {
        var dir = Path.Combine(root!, "podman");
        Directory.CreateDirectory(dir);
        var containersConf = Path.Combine(dir, "containers.conf");
        // No CAP_SYS_RESOURCE and hybrid cgroups (local-infra.md 2c): runc and lowered ulimits; no systemd: cgroupfs and
        // file events; file locks instead of the shared /dev/shm/libpod_lock, so other podman instances are untouched.
        await File.WriteAllTextAsync(containersConf, $"""
            [containers]
            default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]
            [engine]
            runtime = "runc"
            cgroup_manager = "cgroupfs"
            events_logger = "file"
            events_logfile_path = "{Path.Combine(dir, "events.log")}"
            lock_type = "file"
            """);
        var registriesConf = Path.Combine(dir, "registries.conf");
        // The registry speaks plain HTTP; only names listed here may use it.
        await File.WriteAllTextAsync(registriesConf, $"""
            unqualified-search-registries = []
            [[registry]]
            location = "{Registry}"
            insecure = true
            """);

        var socket = Path.Combine(dir, "podman.sock");
        var service = Service.Start(
            "podman",
            [
                "--root", Path.Combine(dir, "storage"), "--runroot", Path.Combine(dir, "run"), "--tmpdir", Path.Combine(dir, "tmp"),
                "--storage-driver", "vfs", "system", "service", "--time=0", $"unix://{socket}",
            ],
            new() { ["CONTAINERS_CONF"] = containersConf, ["CONTAINERS_REGISTRIES_CONF"] = registriesConf });
        services.Add(service);
        DockerHost = $"unix://{socket}";
        if (!await service.WaitUntilAsync(
                async () =>
                {
                    if (!File.Exists(socket))
                    {
                        return false;
                    }

                    using var engine = Engine();
                    await engine.System.PingAsync();
                    return true;
                },
                StartTimeout))
        {
            throw new InvalidOperationException($"podman system service did not answer on {socket}:\n{service.Log}");
        }
    }

    private static string? FindSkipReason()
    {
        if (Environment.GetEnvironmentVariable("OPTA_INFRA_REQUIRED") == "1")
        {
            return null;
        }

        if (!OperatingSystem.IsLinux())
        {
            return "needs Linux (docker-registry and podman system service); run .ci/install-infra on Debian";
        }

        return MissingBinaries();
    }

    private static string? MissingBinaries()
    {
        var missing = Binaries.Where(b => FindOnPath(b) is null).ToList();
        return missing.Count == 0 ? null : $"{string.Join(" and ", missing)} not on PATH; run .ci/install-infra (sets up the registry and podman)";
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(dir => Path.Combine(dir, name))
        .FirstOrDefault(File.Exists);

    private sealed class ListProgress(List<JSONMessage> messages) : IProgress<JSONMessage>
    {
        public void Report(JSONMessage value) => messages.Add(value);
    }

    /// <summary>A child process whose output is kept for error messages, stopped with SIGTERM (then SIGKILL).</summary>
    private sealed class Service
    {
        private readonly Process process;
        private readonly StringBuilder log = new();

        private Service(Process process) => this.process = process;

        public string Log
        {
            get
            {
                lock (log)
                {
                    return log.ToString();
                }
            }
        }

        public static Service Start(string file, IEnumerable<string> arguments, Dictionary<string, string> environment)
        {
            var info = new ProcessStartInfo(file)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            foreach (var argument in arguments)
            {
                info.ArgumentList.Add(argument);
            }

            foreach (var (key, value) in environment)
            {
                info.Environment[key] = value;
            }

            var service = new Service(new Process { StartInfo = info });
            service.process.OutputDataReceived += (_, e) => service.Append(e.Data);
            service.process.ErrorDataReceived += (_, e) => service.Append(e.Data);
            service.process.Start();
            service.process.BeginOutputReadLine();
            service.process.BeginErrorReadLine();
            return service;
        }

        /// <summary>Polls <paramref name="ready"/> until it holds, the process exits, or the time is up.</summary>
        public async Task<bool> WaitUntilAsync(Func<Task<bool>> ready, TimeSpan timeout)
        {
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < timeout && !process.HasExited)
            {
                try
                {
                    if (await ready())
                    {
                        return true;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or IOException or SocketException or TaskCanceledException or DockerApiException)
                {
                }

                await Task.Delay(50);
            }

            return false;
        }

        public async Task StopAsync()
        {
            if (!process.HasExited)
            {
                _ = Kill(process.Id, 15);
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                try
                {
                    await process.WaitForExitAsync(grace.Token);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync();
                }
            }

            process.Dispose();
        }

        private void Append(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (log)
            {
                log.AppendLine(line);
            }
        }

        [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
        private static extern int Kill(int pid, int signal);
    }
}

[CollectionDefinition(Name)]
public sealed class LocalInfraCollection : ICollectionFixture<LocalInfra>
{
    public const string Name = "local registry and podman";
}

/// <summary>A fact that needs <see cref="LocalInfra"/>; skipped, with the reason, where its binaries are missing.</summary>
public sealed class InfraFactAttribute : FactAttribute
{
    public InfraFactAttribute()
    {
        if (LocalInfra.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}
