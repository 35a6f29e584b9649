using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Opta.Tests.Support;

namespace Opta.Tests.Editor;

/// <summary>
/// The real yaml-language-server (the npm package VS Code's YAML extension, Neovim's yamlls and others run), started
/// over stdio and spoken to as an editor does: LSP JSON-RPC with Content-Length framing. Every wait is bounded; a
/// server that does not answer is killed and the test fails with its stderr.
/// </summary>
public sealed class YamlLanguageServer : IAsyncDisposable
{
    /// <summary>The version <c>.ci/yaml-language-server/package.json</c> pins; a test checks they agree.</summary>
    public const string Version = "2.0.0";

    /// <summary>Where <c>.ci/install-yaml-language-server</c> puts it (git-ignored).</summary>
    public const string InstallFolder = ".ci/yaml-language-server";

    /// <summary>Overrides the server to run: the path of its <c>bin/yaml-language-server</c> script.</summary>
    public const string EnvironmentVariable = "OPTA_YAML_LANGUAGE_SERVER";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly Process process;
    private readonly Stream input;
    private readonly JsonObject yamlSettings;
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonNode?>> pending = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonArray>> diagnostics = new();
    private readonly StringBuilder stderr = new();
    private readonly SemaphoreSlim writeLock = new(1, 1);
    private readonly Task reader;
    private int nextId;

    private YamlLanguageServer(Process process, JsonObject yamlSettings)
    {
        this.process = process;
        this.yamlSettings = yamlSettings;
        input = process.StandardInput.BaseStream;
        process.ErrorDataReceived += (_, e) =>
        {
            lock (stderr)
            {
                stderr.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
        reader = Task.Run(ReadAsync);
    }

    /// <summary>Why the editor tests skip, or null when they run. <c>OPTA_INFRA_REQUIRED=1</c> (CI) never skips.</summary>
    public static string? SkipReason { get; } = FindSkipReason();

    /// <summary>The server's script, from <see cref="EnvironmentVariable"/> or <see cref="InstallFolder"/>.</summary>
    public static string Script => Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } given
        ? given
        : Path.Combine(Repo.Root, InstallFolder, "node_modules", "yaml-language-server", "bin", "yaml-language-server");

    /// <summary>
    /// Starts the server and configures it as an editor would: <paramref name="schemas"/> is the <c>yaml.schemas</c>
    /// setting (schema URI to glob patterns); files with a modeline need none. Returns once the settings are applied.
    /// </summary>
    public static async Task<YamlLanguageServer> StartAsync(JsonObject? schemas = null)
    {
        if (!File.Exists(Script))
        {
            throw new InvalidOperationException($"yaml-language-server is not installed at {Script}; run .ci/install-yaml-language-server (or set {EnvironmentVariable})");
        }

        var info = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Script);
        info.ArgumentList.Add("--stdio");
        var settings = new JsonObject
        {
            ["validate"] = true,
            ["hover"] = true,
            ["completion"] = true,
            // No catalogues from the network: the test's schema is the only one.
            ["schemaStore"] = new JsonObject { ["enable"] = false },
            ["kubernetesCRDStore"] = new JsonObject { ["enable"] = false },
            ["schemas"] = schemas ?? new JsonObject(),
        };
        var server = new YamlLanguageServer(Process.Start(info) ?? throw new InvalidOperationException("node did not start"), settings);
        try
        {
            await server.RequestAsync("initialize", new JsonObject
            {
                ["processId"] = Environment.ProcessId,
                ["rootUri"] = null,
                ["capabilities"] = new JsonObject
                {
                    ["workspace"] = new JsonObject { ["configuration"] = true },
                    ["textDocument"] = new JsonObject
                    {
                        ["completion"] = new JsonObject { ["completionItem"] = new JsonObject { ["snippetSupport"] = true, ["documentationFormat"] = new JsonArray("markdown", "plaintext") } },
                        ["hover"] = new JsonObject { ["contentFormat"] = new JsonArray("markdown", "plaintext") },
                        ["publishDiagnostics"] = new JsonObject(),
                    },
                },
            });
            await server.NotifyAsync("initialized", new JsonObject());
            await server.NotifyAsync("workspace/didChangeConfiguration", new JsonObject { ["settings"] = new JsonObject { ["yaml"] = settings.DeepClone() } });
            // The code-lens handler waits for the settings the server pulls; its answer means they are applied, so a
            // document opened next is validated once, with them.
            await server.RequestAsync("textDocument/codeLens", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = "file:///settings-applied.yaml" } });
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Opens <paramref name="path"/> (written by the test) and returns the diagnostics the server publishes for it.</summary>
    public async Task<IReadOnlyList<EditorDiagnostic>> OpenAsync(string path)
    {
        var uri = new Uri(path).AbsoluteUri;
        var published = diagnostics.GetOrAdd(uri, _ => new TaskCompletionSource<JsonArray>(TaskCreationOptions.RunContinuationsAsynchronously));
        await NotifyAsync("textDocument/didOpen", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri, ["languageId"] = "yaml", ["version"] = 1, ["text"] = await File.ReadAllTextAsync(path) },
        });
        var list = await Wait(published.Task, $"diagnostics for {path}");
        return [.. list.Select(d => new EditorDiagnostic(
            (int)d!["range"]!["start"]!["line"]! + 1,
            (int)d["range"]!["start"]!["character"]! + 1,
            (int)d["range"]!["end"]!["line"]! + 1,
            (int)d["range"]!["end"]!["character"]! + 1,
            (string)d["message"]!))
            .OrderBy(d => d.Line).ThenBy(d => d.Column)];
    }

    /// <summary>The completion labels at a 1-based line and column of an opened document, as the server orders them.</summary>
    public async Task<IReadOnlyList<string>> CompletionAsync(string path, int line, int column)
    {
        var result = await RequestAsync("textDocument/completion", Position(path, line, column));
        var items = result is JsonObject list ? list["items"]!.AsArray() : result?.AsArray() ?? [];
        return [.. items.Select(i => (string)i!["label"]!)];
    }

    /// <summary>The hover text (markdown) at a 1-based line and column of an opened document, or null.</summary>
    public async Task<string?> HoverAsync(string path, int line, int column)
    {
        var result = await RequestAsync("textDocument/hover", Position(path, line, column));
        return (string?)result?["contents"]?["value"];
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            try
            {
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await RequestAsync("shutdown", null).WaitAsync(grace.Token);
                await NotifyAsync("exit", null);
                await process.WaitForExitAsync(grace.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or TimeoutException or IOException or InvalidOperationException)
            {
            }

            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }

        try
        {
            await reader.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is TimeoutException or IOException or ObjectDisposedException)
        {
        }

        process.Dispose();
        writeLock.Dispose();
    }

    private static JsonObject Position(string path, int line, int column) => new()
    {
        ["textDocument"] = new JsonObject { ["uri"] = new Uri(path).AbsoluteUri },
        ["position"] = new JsonObject { ["line"] = line - 1, ["character"] = column - 1 },
    };

    private async Task<JsonNode?> RequestAsync(string method, JsonNode? parameters)
    {
        var id = Interlocked.Increment(ref nextId);
        var answer = new TaskCompletionSource<JsonNode?>(TaskCreationOptions.RunContinuationsAsynchronously);
        pending[id] = answer;
        await SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters });
        return await Wait(answer.Task, method);
    }

    private Task NotifyAsync(string method, JsonNode? parameters) =>
        SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters });

    private async Task SendAsync(JsonObject message)
    {
        var body = Encoding.UTF8.GetBytes(message.ToJsonString());
        var header = Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n");
        await writeLock.WaitAsync();
        try
        {
            await input.WriteAsync(header);
            await input.WriteAsync(body);
            await input.FlushAsync();
        }
        finally
        {
            writeLock.Release();
        }
    }

    private async Task<T> Wait<T>(Task<T> task, string what)
    {
        try
        {
            return await task.WaitAsync(Timeout);
        }
        catch (TimeoutException)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            throw new TimeoutException($"yaml-language-server gave no {what} within {Timeout.TotalSeconds} s; it was stopped. Its stderr:\n{Stderr()}");
        }
    }

    private string Stderr()
    {
        lock (stderr)
        {
            return stderr.ToString();
        }
    }

    /// <summary>Reads framed messages until the server exits: answers, its own requests, diagnostics.</summary>
    private async Task ReadAsync()
    {
        var output = process.StandardOutput.BaseStream;
        try
        {
            while (await ReadMessageAsync(output) is { } message)
            {
                if (message["id"] is { } id && message["method"] is null)
                {
                    if (pending.TryRemove((int)id, out var answer))
                    {
                        if (message["error"] is { } error)
                        {
                            answer.TrySetException(new InvalidOperationException($"yaml-language-server answered with an error: {error.ToJsonString()}"));
                        }
                        else
                        {
                            answer.TrySetResult(message["result"]?.DeepClone());
                        }
                    }
                }
                else if (message["id"] is { } requestId)
                {
                    await SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = requestId.DeepClone(), ["result"] = Answer(message) });
                }
                else if ((string?)message["method"] == "textDocument/publishDiagnostics")
                {
                    var uri = (string)message["params"]!["uri"]!;
                    diagnostics.GetOrAdd(uri, _ => new TaskCompletionSource<JsonArray>(TaskCreationOptions.RunContinuationsAsynchronously))
                        .TrySetResult(message["params"]!["diagnostics"]!.AsArray().DeepClone().AsArray());
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
        }

        foreach (var answer in pending.Values)
        {
            answer.TrySetException(new IOException($"yaml-language-server exited ({(process.HasExited ? process.ExitCode : -1)}). Its stderr:\n{Stderr()}"));
        }
    }

    /// <summary>What an editor answers the server's own requests: the settings it pulls, nothing for the rest.</summary>
    private JsonNode? Answer(JsonObject request)
    {
        if ((string?)request["method"] != "workspace/configuration")
        {
            return null;
        }

        return new JsonArray([.. request["params"]!["items"]!.AsArray().Select(item => (string?)item!["section"] == "yaml" ? yamlSettings.DeepClone() : null)]);
    }

    private static async Task<JsonObject?> ReadMessageAsync(Stream output)
    {
        var length = -1;
        var line = new StringBuilder();
        while (true)
        {
            var b = output.ReadByte();
            if (b < 0)
            {
                return null;
            }

            if (b == '\n')
            {
                var header = line.ToString().TrimEnd('\r');
                line.Clear();
                if (header.Length == 0)
                {
                    break;
                }

                if (header.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                {
                    length = int.Parse(header["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
                }
            }
            else
            {
                line.Append((char)b);
            }
        }

        if (length < 0)
        {
            throw new IOException("a message from yaml-language-server had no Content-Length");
        }

        var body = new byte[length];
        await output.ReadExactlyAsync(body);
        return JsonNode.Parse(body)!.AsObject();
    }

    private static string? FindSkipReason()
    {
        if (Environment.GetEnvironmentVariable("OPTA_INFRA_REQUIRED") == "1")
        {
            return null;
        }

        if (!File.Exists(Script))
        {
            return $"yaml-language-server is not installed at {Script}; run .ci/install-yaml-language-server (CI does)";
        }

        return FindOnPath("node") is null ? "node is not on PATH" : null;
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(dir => Path.Combine(dir, name))
        .FirstOrDefault(File.Exists);
}

/// <summary>A diagnostic as an editor shows it: 1-based start and end (end exclusive) and the message.</summary>
public sealed record EditorDiagnostic(int Line, int Column, int EndLine, int EndColumn, string Message)
{
    public override string ToString() => $"{Line}:{Column}-{EndLine}:{EndColumn} {Message}";
}

/// <summary>A fact that drives the real yaml-language-server; skipped, with the reason, only outside CI when it is missing.</summary>
public sealed class EditorFactAttribute : FactAttribute
{
    public EditorFactAttribute()
    {
        if (YamlLanguageServer.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>A theory that drives the real yaml-language-server; see <see cref="EditorFactAttribute"/>.</summary>
public sealed class EditorTheoryAttribute : TheoryAttribute
{
    public EditorTheoryAttribute()
    {
        if (YamlLanguageServer.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}
