using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Opta.Loading;

/// <summary>
/// An environment file kept in another git repository, written as Opta wrote it:
/// <c>git@github.com:org/infra.git//staging/opta.yml?ref=main</c> (the part after <c>//</c> is the file in the
/// repository, <c>ref</c> a branch, tag or full commit hash, <c>main</c> when left out), or the same with an
/// <c>ssh://</c>, <c>https://</c> or <c>file://</c> URL. The ref is fetched shallowly with the user's own git
/// (credentials, SSH configuration) into a cache folder kept per URL, and the file is read from that commit.
/// </summary>
public sealed partial class RemoteEnvironmentFile(string cacheDirectory, TimeSpan timeout)
{
    /// <summary>Seconds a fetch may take before it is stopped (default <see cref="DefaultTimeout"/>).</summary>
    public const string TimeoutVariable = "OPTA_INFRA_GIT_TIMEOUT";

    public const string DefaultRef = "main";

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    private const int MaxReasonLength = 300;

    private string? configurationProblem;

    /// <summary>Where fetched repositories are kept, one folder per URL.</summary>
    public string CacheDirectory { get; } = cacheDirectory;

    public TimeSpan Timeout { get; } = timeout;

    /// <summary>What a remote path names: the repository's URL, the file in it and the ref.</summary>
    public sealed record Location(string Url, string File, string Ref)
    {
        /// <summary>The URL as messages show it (see <see cref="Display"/>).</summary>
        public string Shown => Display(Url);
    }

    /// <summary>
    /// The cache under <c>$XDG_CACHE_HOME/opta-infra/git</c> (or <c>~/.cache/opta-infra/git</c>) and the timeout
    /// from <see cref="TimeoutVariable"/>.
    /// </summary>
    public static RemoteEnvironmentFile FromEnvironment()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var home = Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } h ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var root = !string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg) ? xdg
            : !string.IsNullOrEmpty(home) ? Path.Combine(home, ".cache")
            : Path.GetTempPath();
        var cache = Path.Combine(root, "opta-infra", "git");

        var text = Environment.GetEnvironmentVariable(TimeoutVariable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return new RemoteEnvironmentFile(cache, DefaultTimeout);
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds is > 0 and <= 86_400)
        {
            return new RemoteEnvironmentFile(cache, TimeSpan.FromSeconds(seconds));
        }

        return new RemoteEnvironmentFile(cache, DefaultTimeout)
        {
            configurationProblem = $"{TimeoutVariable} is '{Escape(text, 40)}', but it must be a whole number of seconds from 1 to 86400 (unset, it is {DefaultTimeout.TotalSeconds:0})",
        };
    }

    /// <summary>Whether <paramref name="path"/> names a file in a git repository rather than on disk.</summary>
    public static bool IsRemote(string path) =>
        path.StartsWith("git@", StringComparison.Ordinal) || SchemePattern().IsMatch(path);

    /// <summary>
    /// The folder a <c>file://</c> path's repository is in, which reads from this machine and so must pass the
    /// project boundary like any local path; null for a network URL (or a path that does not parse).
    /// </summary>
    public static string? LocalRepository(string path) =>
        Parse(path, out _) is { } location && location.Url.StartsWith("file://", StringComparison.OrdinalIgnoreCase)
            ? Uri.UnescapeDataString(location.Url["file://".Length..])
            : null;

    /// <summary>The path as messages show it: a password or token in the URL is replaced by <c>***</c>.</summary>
    public static string Display(string path)
    {
        var scheme = SchemePattern().Match(path);
        if (!scheme.Success)
        {
            return path;
        }

        var start = scheme.Length;
        var end = path.IndexOfAny(['/', '?'], start);
        var authority = end < 0 ? path[start..] : path[start..end];
        var at = authority.LastIndexOf('@');
        if (at < 0)
        {
            return path;
        }

        var user = authority[..at];
        // An https user is often a token itself; an ssh user (git@) is a name, its password is not.
        var shown = scheme.Groups[1].Value.Equals("https", StringComparison.OrdinalIgnoreCase) || scheme.Groups[1].Value.Equals("http", StringComparison.OrdinalIgnoreCase)
            ? "***"
            : user.Contains(':', StringComparison.Ordinal) ? user[..user.IndexOf(':')] + ":***" : user;
        return path[..start] + shown + path[(start + at)..];
    }

    /// <summary>The URL, file and ref <paramref name="path"/> names, or null with what is wrong and how to write it.</summary>
    public static Location? Parse(string path, out string? problem)
    {
        var shown = Display(path);
        var example = "git@github.com:org/infra.git//staging/opta.yml?ref=main";
        int searchFrom;
        var scheme = SchemePattern().Match(path);
        if (scheme.Success)
        {
            if (scheme.Groups[1].Value.ToLowerInvariant() is not ("https" or "ssh" or "file"))
            {
                problem = $"'{shown}' is a {scheme.Groups[1].Value}:// URL; a remote environment file is read with git from git@HOST:ORG/REPO.git//FILE or an ssh://, https:// or file:// URL, as in '{example}'";
                return null;
            }

            searchFrom = scheme.Length;
        }
        else
        {
            searchFrom = 0;
        }

        var separator = path.IndexOf("//", searchFrom, StringComparison.Ordinal);
        if (separator < 0)
        {
            problem = $"'{shown}' names no file in the repository; write the file's path in the repository after '//', as in '{example}'";
            return null;
        }

        var url = path[..separator];
        var rest = path[(separator + 2)..];
        var question = rest.IndexOf('?');
        var file = question < 0 ? rest : rest[..question];
        var reference = DefaultRef;
        if (question >= 0)
        {
            foreach (var option in rest[(question + 1)..].Split(['&', ','], StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = option.IndexOf('=');
                var key = eq < 0 ? option : option[..eq];
                if (key != "ref" || eq < 0)
                {
                    problem = $"'{shown}': '{Escape(option, 60)}' after '?' is not understood; the only option is ref=BRANCH, ref=TAG or ref=COMMIT (default {DefaultRef})";
                    return null;
                }

                reference = option[(eq + 1)..];
            }
        }

        if (url.Length <= searchFrom || (!scheme.Success && !url.Contains(':', StringComparison.Ordinal)))
        {
            problem = $"'{shown}' has no repository before '//'; write it as in '{example}'";
            return null;
        }

        var segments = file.Split('/');
        if (file.Length == 0 || file.StartsWith('/') || segments.Any(s => s is ".." or "") || file.Any(char.IsControl))
        {
            problem = $"'{shown}': '{Escape(file, 120)}' is not a file path inside the repository; write it relative to the repository's top, without '..', as in 'staging/opta.yml'";
            return null;
        }

        if (!RefPattern().IsMatch(reference) || reference.Contains("..", StringComparison.Ordinal) || reference.EndsWith('/') || reference.EndsWith(".lock", StringComparison.Ordinal))
        {
            problem = $"'{shown}': ref '{Escape(reference, 80)}' is not a branch, tag or commit name; write ?ref=main, ?ref=v1.2 or a full commit hash";
            return null;
        }

        problem = null;
        return new Location(url, file, reference);
    }

    /// <summary>
    /// The text of the file <paramref name="path"/> names, at its ref, fetched now (a full commit hash already in
    /// the cache is not fetched again); null with a sentence naming the URL, the ref and what went wrong.
    /// </summary>
    public string? Read(string path, long maxBytes, out string? problem)
    {
        if (Parse(path, out problem) is not { } location)
        {
            return null;
        }

        var what = $"ref '{location.Ref}' of {location.Shown}";
        if (configurationProblem is not null)
        {
            problem = $"cannot fetch {what}: {configurationProblem}";
            return null;
        }

        var repository = Path.Combine(CacheDirectory, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(location.Url)))[..16]);
        string? commit;
        try
        {
            Directory.CreateDirectory(CacheDirectory);
            using var cacheLock = Lock(repository + ".lock", out problem);
            if (cacheLock is null)
            {
                problem = $"cannot fetch {what}: {problem}";
                return null;
            }

            commit = Fetch(location, repository, out problem);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problem = $"cannot fetch {what}: the cache folder {CacheDirectory} cannot be used ({ex.Message.TrimEnd('.')}); set XDG_CACHE_HOME to a folder you can write";
            return null;
        }

        if (commit is null)
        {
            var defaulted = !path.Contains("?ref=", StringComparison.Ordinal) && !path.Contains(",ref=", StringComparison.Ordinal) && !path.Contains("&ref=", StringComparison.Ordinal);
            problem = $"cannot fetch {what}: {problem}"
                + (defaulted && problem!.Contains("couldn't find remote ref", StringComparison.Ordinal) ? $"; the ref is {DefaultRef} when the path names none: add ?ref=BRANCH (for example ?ref=master)" : "");
            return null;
        }

        // The fetched commit is read like a revision of a local repository: its checkout is the cache folder, so
        // links that lead out of the repository are refused there.
        var inCheckout = Path.Combine(repository, location.File);
        var reader = GitSourceReader.Open(inCheckout, commit, out var error);
        var text = reader?.Read(inCheckout, maxBytes, out error);
        if (text is null)
        {
            problem = $"cannot read '{location.File}' from {location.Shown} at ref '{location.Ref}' (commit {commit[..7]}): {error}";
            return null;
        }

        problem = null;
        return text;
    }

    /// <summary>The commit the ref names, fetched into <paramref name="repository"/>; the caller holds its lock.</summary>
    private string? Fetch(Location location, string repository, out string? problem)
    {
        var created = false;
        if (!Directory.Exists(Path.Combine(repository, ".git")))
        {
            // A run stopped half-way may have left a partial folder; a fresh one is made aside and moved in whole.
            if (Directory.Exists(repository))
            {
                Directory.Delete(repository, recursive: true);
            }

            var fresh = repository + ".new-" + Guid.NewGuid().ToString("N")[..8];
            Directory.CreateDirectory(fresh);
            if (Git(fresh, null, out problem, "init", "--quiet") is null
                || Git(fresh, null, out problem, "config", "gc.auto", "0") is null)
            {
                Directory.Delete(fresh, recursive: true);
                return null;
            }

            Directory.Move(fresh, repository);
            created = true;
        }

        if (FullHashPattern().IsMatch(location.Ref) && GitProcess.Run(repository, "cat-file", "-e", location.Ref + "^{commit}") is { Ok: true })
        {
            problem = null;
            return location.Ref.ToLowerInvariant();
        }

        if (Git(repository, Timeout, out problem, "fetch", "--quiet", "--depth", "1", "--no-tags", "--end-of-options", location.Url, location.Ref) is null)
        {
            problem = problem!.Replace(location.Url, location.Shown, StringComparison.Ordinal);
            if (created)
            {
                // Nothing was ever fetched from this URL: a typo in it should not leave a folder behind.
                Directory.Delete(repository, recursive: true);
            }

            return null;
        }

        return Git(repository, null, out problem, "rev-parse", "--verify", "--quiet", "FETCH_HEAD^{commit}")?.Text.Trim();
    }

    private GitProcess.Result? Git(string directory, TimeSpan? limit, out string? problem, params string[] arguments)
    {
        var result = GitProcess.Run(directory, limit, arguments);
        if (result is null)
        {
            problem = "git was not found on PATH; install git to read an environment file from a git repository";
            return null;
        }

        if (result.TimedOut)
        {
            problem = $"git {arguments[0]} did not finish within {Timeout.TotalSeconds:0} s and was stopped; check that the host is reachable "
                + $"(set {TimeoutVariable} to allow a slow connection more seconds)" + (result.Error.Length > 0 ? $"; git said: {Reason(result.Error)}" : "");
            return null;
        }

        if (!result.Ok)
        {
            problem = $"git {arguments[0]} failed: {Reason(result.Error)}"
                + (arguments[0] == "fetch" ? "; check that the repository and the ref exist and that your git credentials reach it (`git ls-remote URL` shows its refs)" : "");
            return null;
        }

        problem = null;
        return result;
    }

    /// <summary>
    /// What git said, for quoting: its lines without hints and the generic access advice, joined, with control
    /// characters escaped and at most <see cref="MaxReasonLength"/> characters.
    /// </summary>
    internal static string Reason(string stderr)
    {
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.StartsWith("hint:", StringComparison.Ordinal)
                && !l.StartsWith("Please make sure you have the correct access rights", StringComparison.Ordinal)
                && l != "and the repository exists.")
            .ToList();
        return lines.Count == 0 ? "no message" : Escape(string.Join("; ", lines.Select(l => l.TrimEnd('.'))), MaxReasonLength);
    }

    private static string Escape(string text, int max)
    {
        var sb = new StringBuilder();
        foreach (var c in text)
        {
            if (sb.Length >= max)
            {
                sb.Append('…');
                break;
            }

            if (char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format)
            {
                sb.Append(c <= 0xff ? $"\\x{(int)c:x2}" : $"\\u{(int)c:x4}");
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>
    /// An exclusive lock on <paramref name="path"/> (an advisory lock on Unix), so that runs fetching the same URL
    /// at once take turns; null with why after waiting as long as a fetch may take.
    /// </summary>
    private FileStream? Lock(string path, out string? problem)
    {
        var deadline = DateTime.UtcNow + Timeout + TimeSpan.FromSeconds(5);
        while (true)
        {
            try
            {
                problem = null;
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(50);
            }
            catch (IOException)
            {
                problem = $"another run has held the cache lock {path} for over {Timeout.TotalSeconds:0} s; try again, or delete the lock file if no opta-infra is running";
                return null;
            }
        }
    }

    [GeneratedRegex("^([A-Za-z][A-Za-z0-9+.-]*)://")]
    private static partial Regex SchemePattern();

    // Branch and tag names as `git check-ref-format` allows them, minus the rare characters; never an option.
    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9._/+-]*$")]
    private static partial Regex RefPattern();

    [GeneratedRegex("^([0-9a-fA-F]{40}|[0-9a-fA-F]{64})$")]
    private static partial Regex FullHashPattern();
}
