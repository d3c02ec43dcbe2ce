using System.Text;
using GitOps.Engine.Configuration;

namespace GitOps.Engine.Sources;

/// <summary>The environment for one git call against a source: isolated config, no prompts, and credentials passed only through the environment or 0600 files.</summary>
/// <remarks>
/// HTTPS tokens go in an <c>http.extraHeader</c> given through GIT_CONFIG_COUNT/KEY/VALUE variables,
/// which other users cannot read (unlike command lines). SSH keys are written to a private temp
/// folder for the duration of the call. URL userinfo is moved out of the URL the same way.
/// </remarks>
internal sealed class GitAuth : IDisposable
{
    private readonly DirectoryInfo? sshFolder;

    private GitAuth(string url, Dictionary<string, string?> environment, List<string> secrets, DirectoryInfo? sshFolder)
    {
        Url = url;
        UsesProtocolV0 = url.StartsWith("git://", StringComparison.OrdinalIgnoreCase);
        Environment = environment;
        Secrets = secrets;
        this.sshFolder = sshFolder;
    }

    /// <summary>The URL to pass to git (userinfo removed).</summary>
    public string Url { get; }

    /// <summary>Whether git speaks protocol v0 to this URL (git://), which serves only advertised branch tips by id.</summary>
    public bool UsesProtocolV0 { get; }

    /// <summary>Variables for the git process.</summary>
    public Dictionary<string, string?> Environment { get; }

    /// <summary>Values to scrub from any output.</summary>
    public List<string> Secrets { get; }

    public static GitAuth Create(string sourceName, SourceOptions source)
    {
        var url = source.Url;
        if (url.StartsWith('-'))
        {
            throw new SourceException($"source '{sourceName}': GitOps:Sources:{sourceName}:Url must not start with '-'");
        }

        var secrets = new List<string>();
        var config = new List<(string Key, string Value)>
        {
            ("protocol.ext.allow", "never"),
            ("credential.helper", ""),
            ("core.hooksPath", "/dev/null"),
            ("core.symlinks", "true"),
            ("core.fsmonitor", "false"),
            ("advice.detachedHead", "false"),

            // The cache's size is bounded by GitSourceFetcher (packs, checkouts): no background gc or maintenance processes.
            ("maintenance.auto", "false"),
            ("gc.auto", "0"),
        };
        if (url.StartsWith("git://", StringComparison.OrdinalIgnoreCase))
        {
            // Kept in step with UsesProtocolV0.
            // Over the bare git:// transport, protocol v2's extra request/response turns each stall on TCP delayed ACKs
            // (about 40 ms per turn on Linux); v0 answers ls-remote in one turn. HTTPS and SSH keep v2 (ref filtering).
            config.Add(("protocol.version", "0"));
        }

        if (url.StartsWith("file://", StringComparison.OrdinalIgnoreCase) || Path.IsPathFullyQualified(url))
        {
            // A local repository named in the host's settings (never in a payload): allow git's file transport
            // for this fetch only; GIT_PROTOCOL_FROM_USER=0 below keeps every other user-level protocol off.
            config.Add(("protocol.file.allow", "always"));
        }

        string? user = source.Username;
        string? password = source.Token;
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0 && uri.Scheme is "https" or "http")
        {
            var parts = uri.UserInfo.Split(':', 2);
            var infoUser = Uri.UnescapeDataString(parts[0]);
            var infoPassword = parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : null;
            secrets.Add(uri.UserInfo);
            secrets.Add(infoUser);
            if (infoPassword is not null)
            {
                secrets.Add(infoPassword);
            }

            if (password is null)
            {
                (user, password) = infoPassword is null ? ("x-access-token", infoUser) : (infoUser, infoPassword);
            }

            url = new UriBuilder(uri) { UserName = "", Password = "" }.Uri.ToString();
        }

        if (password is not null && url.StartsWith("http", StringComparison.OrdinalIgnoreCase))
        {
            var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user ?? "x-access-token"}:{password}"));
            secrets.Add(password);
            secrets.Add(basic);
            config.Add(("http.extraHeader", "Authorization: Basic " + basic));
        }

        var environment = new Dictionary<string, string?>
        {
            ["GIT_TERMINAL_PROMPT"] = "0",
            ["GIT_CONFIG_NOSYSTEM"] = "1",
            ["GIT_CONFIG_GLOBAL"] = "/dev/null",
            ["GIT_ASKPASS"] = null,
            ["SSH_ASKPASS"] = null,
            ["GCM_INTERACTIVE"] = "never",
            ["GIT_PROTOCOL_FROM_USER"] = "0",
            ["LC_ALL"] = "C",
        };
        for (var i = 0; i < config.Count; i++)
        {
            environment[$"GIT_CONFIG_KEY_{i}"] = config[i].Key;
            environment[$"GIT_CONFIG_VALUE_{i}"] = config[i].Value;
        }

        environment["GIT_CONFIG_COUNT"] = config.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);

        DirectoryInfo? folder = null;
        if (!string.IsNullOrEmpty(source.SshPrivateKey))
        {
            secrets.Add(source.SshPrivateKey);
            folder = Directory.CreateTempSubdirectory("gitops-ssh-");
            if (!OperatingSystem.IsWindows())
            {
                folder.UnixFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
            }

            var key = Path.Combine(folder.FullName, "id");
            var knownHosts = Path.Combine(folder.FullName, "known_hosts");
            WritePrivate(key, source.SshPrivateKey.ReplaceLineEndings("\n").TrimEnd('\n') + "\n");
            WritePrivate(knownHosts, source.SshKnownHosts ?? "");
            var checking = string.IsNullOrWhiteSpace(source.SshKnownHosts) ? "accept-new" : "yes";
            environment["GIT_SSH_COMMAND"] = $"ssh -F /dev/null -i '{key}' -o IdentitiesOnly=yes -o BatchMode=yes -o UserKnownHostsFile='{knownHosts}' -o StrictHostKeyChecking={checking}";
        }

        return new GitAuth(url, environment, secrets, folder);
    }

    public string Scrub(string text) => SecretScrubber.Scrub(text, Secrets);

    public void Dispose()
    {
        try
        {
            sshFolder?.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the folder is private (0700) and in the temp directory.
        }
    }

    private static void WritePrivate(string path, string content)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        stream.Write(Encoding.UTF8.GetBytes(content));
    }
}
