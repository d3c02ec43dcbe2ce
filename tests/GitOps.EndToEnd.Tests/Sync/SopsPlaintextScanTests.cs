using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using GitOps.EndToEnd.Tests.Support;
using GitOps.Testing;
using GitOps.Testing.Azurite;
using GitOps.Testing.KubeSim;
using GitOps.Testing.Sops;
using GitOps.Testing.Webhooks;

namespace GitOps.EndToEnd.Tests.Sync;

/// <summary>
/// Through `gitops serve`: a pushed SOPS-encrypted Secret is live decrypted, a sweep compares it without drift, a hand
/// edit is found and healed; and neither the plaintext, nor the edited value, nor the key is in any log, table, queue
/// message, CLI output, status API answer or dashboard page.
/// </summary>
public sealed class SopsPlaintextScanTests
{
    private const string Token = "gl-token";
    private const string ApiToken = "status-token";
    private const string Plaintext = "scan-plaintext-Hk2w9";
    private const string EditedLive = "scan-edited-live-Pq7x3";

    [Fact]
    public async Task Serve_EncryptedSecret_SyncedSweptHealed_PlaintextNowhereAUserOrOperatorLooks()
    {
        var (keys, recipient) = AgeCli.NewIdentity();
        await using var azurite = await AzuriteInstance.StartAsync();
        await using var sim = await KubeSimInstance.StartAsync();
        await using var repo = await GitDaemonRepo.StartAsync();
        repo.Write(".gitops/web.yaml", "apiVersion: gitops-functions.io/v1\nkind: App\nmetadata: { name: web }\nspec:\n  path: apps/web\n  cluster: sim\n  namespace: web\n");
        repo.Write("apps/web/namespace.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: web\n");
        var secret = new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "Secret", ["metadata"] = new JsonObject { ["name"] = "db", ["namespace"] = "web" }, ["type"] = "Opaque",
            ["stringData"] = new JsonObject { ["password"] = Plaintext },
        };
        repo.Write("apps/web/db.enc.json", SopsTestWriter.Encrypt(secret, new SopsWriteOptions { AgeRecipients = [recipient], EncryptedRegex = "^stringData$" }).ToJsonString());
        var head = await repo.CommitAsync("an encrypted Secret");
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["GitOps__Sources__platform__Url"] = repo.Url,
            ["GitOps__Sources__platform__Provider"] = "gitlab",
            ["GitOps__Sources__platform__Repository"] = "group/shop",
            ["GitOps__Sources__platform__WebhookSecrets__0"] = Token,
            ["GitOps__Sources__platform__Decryption__AgeKeys"] = keys,
            ["GitOps__Clusters__sim__Auth"] = "kubeconfig",
            ["GitOps__Clusters__sim__Kubeconfig"] = sim.KubeconfigPath,
            ["GitOps__Git__CacheDirectory"] = Path.Combine(repo.Root, "cache"),
            ["GitOps__Api__Token"] = ApiToken,
            ["GitOps__DriftSchedule"] = "0 0 0 1 1 *",
            ["AzureFunctionsJobHost__extensions__queues__maxPollingInterval"] = "00:00:00.500",
            ["Logging__LogLevel__Default"] = "Debug",
        };
        await using var serve = ServeProcess.Start(settings);
        await serve.WaitUntilReadyAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{serve.Port}/api/"), Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiToken);
        var seen = new Dictionary<string, string>();

        // The push: the Secret is live with the decrypted value.
        await ServeApi.AllSucceededAsync(http, await ServeApi.GitLabPushAsync(http, Token, new string('0', 40), head, ".gitops/web.yaml", "apps/web/db.enc.json"));
        Assert.Equal(Plaintext, await LiveAsync(sim));

        // A sweep compares the decrypted Secret with the live one: no drift.
        seen["sweep (in sync)"] = await CliAsync(settings, "sweep", "web");
        Assert.Equal("InSync", await DriftStateAsync(http));

        // A hand edit: the diff and the sweep see it, and the heal puts the Git value back.
        await sim.KubectlAsync("-n", "web", "patch", "secret", "db", "--type=merge", "-p", $"{{\"stringData\":{{\"password\":\"{EditedLive}\"}}}}");
        seen["diff"] = await CliAsync(settings, exit: 1, "diff", "web"); // 1: differences found, as kubectl diff
        Assert.Contains("Secret/web/db", seen["diff"], StringComparison.Ordinal);
        seen["sweep (drifted)"] = await CliAsync(settings, "sweep", "web");
        Assert.Equal("Healed", await Eventually.ValueAsync(async () => await DriftStateAsync(http) is "Healed" ? "Healed" : null, "the heal to succeed", TimeSpan.FromMinutes(3)));
        Assert.Equal(Plaintext, await LiveAsync(sim));

        // Everything a user or an operator can read.
        seen["status"] = await CliAsync(settings, "status", "web");
        seen["jobs"] = await CliAsync(settings, "jobs");
        foreach (var path in new[] { "status", "status/web", "jobs", "ui", "ui/apps/web", "ui/jobs" })
        {
            seen["GET /api/" + path] = await http.GetStringAsync(path);
        }

        Assert.Contains("Secret/web/db", seen["GET /api/ui/apps/web"], StringComparison.Ordinal);
        seen["tables"] = await TablesAsync(azurite.ConnectionString);
        seen["queues"] = await QueuesAsync(azurite.ConnectionString);
        seen["serve logs"] = serve.Output;
        Assert.Contains("web", seen["tables"], StringComparison.Ordinal);

        foreach (var forbidden in new[] { Plaintext, B64(Plaintext), EditedLive, B64(EditedLive), "AGE-SECRET-KEY" })
        {
            foreach (var (name, text) in seen)
            {
                Assert.False(text.Contains(forbidden, StringComparison.Ordinal), $"{name} holds '{forbidden}'");
            }
        }
    }

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static async Task<string> LiveAsync(KubeSimInstance sim)
    {
        var live = await sim.KubectlAsync("get", "secret", "db", "-n", "web", "-o", "jsonpath={.data.password}");
        return Encoding.UTF8.GetString(Convert.FromBase64String(live.StandardOutput.Trim()));
    }

    private static Task<string> CliAsync(IReadOnlyDictionary<string, string?> settings, params string[] args) => CliAsync(settings, 0, args);

    private static async Task<string> CliAsync(IReadOnlyDictionary<string, string?> settings, int exit, params string[] args)
    {
        var (actual, output) = await ServeProcess.RunAsync(settings, args);
        Assert.True(actual == exit, $"gitops {string.Join(' ', args)} exited {actual}:\n{output}");
        return output;
    }

    private static async Task<string?> DriftStateAsync(HttpClient http)
    {
        using var status = JsonDocument.Parse(await http.GetStringAsync("status/web"));
        return status.RootElement.TryGetProperty("driftState", out var state) ? state.GetString() : null;
    }

    // Every entity of every table, as Storage Explorer would show it.
    private static async Task<string> TablesAsync(string connectionString)
    {
        var service = new TableServiceClient(connectionString);
        var text = new StringBuilder();
        await foreach (var table in service.QueryAsync())
        {
            await foreach (var entity in service.GetTableClient(table.Name).QueryAsync<TableEntity>())
            {
                text.AppendLine($"{table.Name} {string.Join(' ', entity.Select(p => $"{p.Key}={p.Value}"))}");
            }
        }

        return text.ToString();
    }

    // Every message still in a queue (the sync queue and its poison queue included).
    private static async Task<string> QueuesAsync(string connectionString)
    {
        var service = new QueueServiceClient(connectionString);
        var text = new StringBuilder();
        await foreach (var queue in service.GetQueuesAsync())
        {
            foreach (var message in (await service.GetQueueClient(queue.Name).PeekMessagesAsync(32)).Value)
            {
                text.AppendLine($"{queue.Name} {message.MessageText}");
            }
        }

        return text.ToString();
    }
}
