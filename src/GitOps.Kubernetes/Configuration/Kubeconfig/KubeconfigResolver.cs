using GitOps.Kubernetes.Authentication;

namespace GitOps.Kubernetes.Configuration.Kubeconfig;

/// <summary>Turns a kubeconfig context into a <see cref="ClusterConnection"/>; every error names the file, context, cluster or user.</summary>
public static class KubeconfigResolver
{
    private static readonly string[] ExecApiVersions = ["client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1"];

    /// <summary>Loads <paramref name="path"/> and resolves <paramref name="context"/> (its current-context when null).</summary>
    public static ClusterConnection Resolve(string path, string? context, TimeProvider timeProvider)
    {
        var fullPath = System.IO.Path.GetFullPath(path);
        return Resolve(KubeconfigLoader.Load(fullPath), fullPath, context, timeProvider);
    }

    /// <summary>Resolves a context of a parsed kubeconfig; relative paths are resolved against the file's folder.</summary>
    public static ClusterConnection Resolve(KubeconfigModel model, string path, string? context, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(model);
        var file = $"kubeconfig '{path}'";
        var baseDir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)) ?? Directory.GetCurrentDirectory();
        var contextName = string.IsNullOrWhiteSpace(context) ? model.CurrentContext : context;
        if (string.IsNullOrWhiteSpace(contextName))
        {
            throw new KubernetesConfigurationException($"{file} has no current-context and no context was configured");
        }

        var ctx = model.Contexts.FirstOrDefault(c => c.Name == contextName)?.Context
            ?? throw new KubernetesConfigurationException($"{file} has no context '{contextName}'");
        var where = $"{file} context '{contextName}'";
        if (string.IsNullOrWhiteSpace(ctx.Cluster))
        {
            throw new KubernetesConfigurationException($"{where} names no cluster");
        }

        var cluster = model.Clusters.FirstOrDefault(c => c.Name == ctx.Cluster)?.Cluster
            ?? throw new KubernetesConfigurationException($"{where} refers to cluster '{ctx.Cluster}', which {file} does not define");
        var clusterWhere = $"cluster '{ctx.Cluster}' in {file}";
        if (string.IsNullOrWhiteSpace(cluster.Server) || !Uri.TryCreate(cluster.Server, UriKind.Absolute, out var server)
            || (server.Scheme != Uri.UriSchemeHttps && server.Scheme != Uri.UriSchemeHttp))
        {
            throw new KubernetesConfigurationException($"{clusterWhere} has no valid server URL ('{cluster.Server}')");
        }

        var caPem = PemLoader.ReadPem(cluster.CertificateAuthorityData, Rooted(baseDir, cluster.CertificateAuthority),
            $"certificate-authority of {clusterWhere}");
        var cas = caPem is null ? [] : PemLoader.Certificates(caPem, $"certificate-authority of {clusterWhere}");

        KubeconfigUser? user = null;
        if (!string.IsNullOrWhiteSpace(ctx.User))
        {
            user = model.Users.FirstOrDefault(u => u.Name == ctx.User)?.User
                ?? throw new KubernetesConfigurationException($"{where} refers to user '{ctx.User}', which {file} does not define");
        }

        var userWhere = $"user '{ctx.User}' in {file}";
        var clusterInfo = new ExecClusterInfo(cluster.Server, cluster.CertificateAuthorityData ?? (caPem is null ? null : Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(caPem))),
            cluster.InsecureSkipTlsVerify, cluster.TlsServerName);
        return new ClusterConnection
        {
            Server = server,
            CertificateAuthorities = cas,
            InsecureSkipTlsVerify = cluster.InsecureSkipTlsVerify,
            TlsServerName = cluster.TlsServerName,
            ClientCertificate = user is null ? null : ClientCertificate(user, baseDir, userWhere),
            Credentials = user is null ? null : Credentials(user, ctx.User!, baseDir, userWhere, clusterInfo, timeProvider),
            Namespace = string.IsNullOrWhiteSpace(ctx.Namespace) ? null : ctx.Namespace,
            Source = where,
        };
    }

    private static System.Security.Cryptography.X509Certificates.X509Certificate2? ClientCertificate(KubeconfigUser user, string baseDir, string userWhere)
    {
        var certPem = PemLoader.ReadPem(user.ClientCertificateData, Rooted(baseDir, user.ClientCertificate), $"client-certificate of {userWhere}");
        var keyPem = PemLoader.ReadPem(user.ClientKeyData, Rooted(baseDir, user.ClientKey), $"client-key of {userWhere}");
        if (certPem is null && keyPem is null)
        {
            return null;
        }

        if (certPem is null || keyPem is null)
        {
            throw new KubernetesConfigurationException($"{userWhere} sets {(certPem is null ? "client-key but no client-certificate" : "client-certificate but no client-key")}");
        }

        return PemLoader.ClientCertificate(certPem, keyPem, userWhere);
    }

    private static IAccessTokenProvider? Credentials(KubeconfigUser user, string userName, string baseDir, string userWhere, ExecClusterInfo clusterInfo, TimeProvider timeProvider)
    {
        if (user.AuthProvider is { } provider)
        {
            var advice = provider.Name switch
            {
                "azure" => "use an exec plugin (kubelogin) or auth 'azure' in the cluster settings",
                "gcp" => "use the gke-gcloud-auth-plugin exec plugin",
                "oidc" => "use an exec plugin such as kubelogin (int128/kubelogin)",
                _ => "use an exec credential plugin instead",
            };
            throw new KubernetesConfigurationException($"{userWhere} uses auth-provider '{provider.Name}', which is not supported; {advice}");
        }

        if (!string.IsNullOrWhiteSpace(user.Username))
        {
            throw new KubernetesConfigurationException($"{userWhere} uses basic authentication (username/password), which Kubernetes no longer supports");
        }

        var methods = new[] { user.Token is not null, user.TokenFile is not null, user.Exec is not null }.Count(x => x);
        if (methods > 1)
        {
            throw new KubernetesConfigurationException($"{userWhere} sets more than one of token, tokenFile and exec");
        }

        if (!string.IsNullOrWhiteSpace(user.Token))
        {
            return new StaticTokenProvider(user.Token);
        }

        if (!string.IsNullOrWhiteSpace(user.TokenFile))
        {
            return new TokenFileProvider(Rooted(baseDir, user.TokenFile)!, timeProvider);
        }

        return user.Exec is { } exec ? new ExecCredentialProvider(ExecSpec(exec, userName, baseDir, userWhere, clusterInfo), timeProvider) : null;
    }

    private static ExecPluginSpec ExecSpec(KubeconfigExec exec, string userName, string baseDir, string userWhere, ExecClusterInfo clusterInfo)
    {
        if (string.IsNullOrWhiteSpace(exec.Command))
        {
            throw new KubernetesConfigurationException($"exec of {userWhere} has no command");
        }

        if (exec.ApiVersion is null || !ExecApiVersions.Contains(exec.ApiVersion))
        {
            throw new KubernetesConfigurationException($"exec of {userWhere} has apiVersion '{exec.ApiVersion}'; supported: {string.Join(", ", ExecApiVersions)}");
        }

        if (exec.InteractiveMode is not (null or "Never" or "IfAvailable" or "Always"))
        {
            throw new KubernetesConfigurationException($"exec of {userWhere} has interactiveMode '{exec.InteractiveMode}' (Never, IfAvailable or Always)");
        }

        if (exec.ApiVersion.EndsWith("/v1", StringComparison.Ordinal) && exec.InteractiveMode is null)
        {
            throw new KubernetesConfigurationException($"exec of {userWhere} must set interactiveMode with apiVersion {exec.ApiVersion}");
        }

        var env = new List<KeyValuePair<string, string>>();
        foreach (var variable in exec.Env)
        {
            if (string.IsNullOrWhiteSpace(variable.Name))
            {
                throw new KubernetesConfigurationException($"exec of {userWhere} has an env entry without a name");
            }

            env.Add(new(variable.Name, variable.Value ?? ""));
        }

        // Like kubectl: a command with a directory part is relative to the kubeconfig; a bare name is looked up on PATH.
        var command = exec.Command.Contains('/', StringComparison.Ordinal) || exec.Command.Contains('\\', StringComparison.Ordinal)
            ? Rooted(baseDir, exec.Command)!
            : exec.Command;
        return new ExecPluginSpec
        {
            ApiVersion = exec.ApiVersion,
            Command = command,
            Args = [.. exec.Args],
            Env = env,
            InstallHint = exec.InstallHint,
            UserName = userName,
            ClusterInfo = exec.ProvideClusterInfo ? clusterInfo : null,
            InteractiveMode = exec.InteractiveMode ?? "IfAvailable",
        };
    }

    private static string? Rooted(string baseDir, string? path) =>
        string.IsNullOrWhiteSpace(path) ? null : System.IO.Path.GetFullPath(path, baseDir);
}
