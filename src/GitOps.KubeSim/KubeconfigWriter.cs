using System.Text;

namespace GitOps.KubeSim;

/// <summary>Writes a kubeconfig for a running simulator: server, CA data when HTTPS, and a token or a client certificate.</summary>
internal static class KubeconfigWriter
{
    public static string Render(Uri server, string? caPem, string token, (string CertPem, string KeyPem)? client, string? @namespace)
    {
        static string B64(string pem) => Convert.ToBase64String(Encoding.UTF8.GetBytes(pem));
        var text = new StringBuilder();
        text.AppendLine("apiVersion: v1");
        text.AppendLine("kind: Config");
        text.AppendLine("clusters:");
        text.AppendLine("- name: kubesim");
        text.AppendLine("  cluster:");
        text.AppendLine($"    server: {server.GetLeftPart(UriPartial.Authority)}");
        if (caPem is not null)
        {
            text.AppendLine($"    certificate-authority-data: {B64(caPem)}");
        }

        text.AppendLine("contexts:");
        text.AppendLine("- name: kubesim");
        text.AppendLine("  context:");
        text.AppendLine("    cluster: kubesim");
        text.AppendLine("    user: kubesim");
        text.AppendLine($"    namespace: {@namespace ?? "default"}");
        text.AppendLine("current-context: kubesim");
        text.AppendLine("preferences: {}");
        text.AppendLine("users:");
        text.AppendLine("- name: kubesim");
        text.AppendLine("  user:");
        if (client is { } c)
        {
            text.AppendLine($"    client-certificate-data: {B64(c.CertPem)}");
            text.AppendLine($"    client-key-data: {B64(c.KeyPem)}");
        }
        else
        {
            text.AppendLine($"    token: {token}");
        }

        return text.ToString();
    }
}
