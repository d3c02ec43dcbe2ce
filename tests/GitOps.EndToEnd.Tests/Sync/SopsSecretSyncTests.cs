using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GitOps.Engine.Diff;
using GitOps.Engine.Jobs;
using GitOps.Testing.Sops;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GitOps.EndToEnd.Tests.Sync;

/// <summary>A push of a SOPS-encrypted Secret through the real sync: live decrypted in the simulator, plaintext nowhere else.</summary>
public sealed class SopsSecretSyncTests
{
    private const string Plaintext = "e2e-plaintext-Zq8v1";

    [Fact]
    public async Task Push_EncryptedSecret_LiveDecrypted_PlaintextInNoLogRecordStatusOrDiff()
    {
        var (keys, recipient) = AgeCli.NewIdentity();
        var logs = new CapturingLoggerProvider();
        await using var bed = await SyncTestbed.StartAsync(services: (collection, gitOps) =>
        {
            gitOps.Sources["platform"].Decryption.AgeKeys = keys;
            collection.AddSingleton<ILoggerFactory>(LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace)));
        });
        var secret = new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "Secret", ["metadata"] = new JsonObject { ["name"] = "db" }, ["type"] = "Opaque",
            ["data"] = new JsonObject { ["password"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(Plaintext)) },
            ["stringData"] = new JsonObject { ["token"] = Plaintext + "-token" },
        };
        bed.Repo.Write("apps/web/namespace.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: web\n");
        bed.Repo.Write("apps/web/db.enc.json", SopsTestWriter.Encrypt(secret, new SopsWriteOptions { AgeRecipients = [recipient], EncryptedRegex = "^(data|stringData)$" }).ToJsonString());
        await bed.Repo.CommitAsync("encrypted secret");
        var job = bed.Job();

        await bed.RunAsync(job);

        Assert.Equal(JobState.Succeeded, bed.Records.Records[job.JobId].State);
        var live = await bed.Sim.KubectlAsync("get", "secret", "db", "-n", "web", "-o", "json");
        var liveSecret = JsonNode.Parse(live.StandardOutput)!.AsObject();
        Assert.Equal(Plaintext, Encoding.UTF8.GetString(Convert.FromBase64String(liveSecret["data"]!["password"]!.GetValue<string>())));

        // Everything the engine recorded or would show: logs, job records, app status, the ApplySet parent, a diff.
        var parent = await bed.Sim.KubectlAsync("get", "secret", "applyset-web", "-n", "web", "-o", "json");
        var changed = liveSecret.DeepClone().AsObject();
        changed["data"]!["password"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("other"));
        var outputs = new Dictionary<string, string>
        {
            ["logs"] = string.Join('\n', logs.Lines),
            ["job records"] = JsonSerializer.Serialize(bed.Records.Records.Values.ToList()),
            ["app status"] = JsonSerializer.Serialize(await bed.Statuses.ListAsync()),
            ["applyset parent"] = parent.StandardOutput,
            ["diff"] = ObjectDiff.Unified(liveSecret, changed),
        };
        foreach (var forbidden in new[] { Plaintext, Convert.ToBase64String(Encoding.UTF8.GetBytes(Plaintext)), "AGE-SECRET-KEY" })
        {
            foreach (var (name, text) in outputs)
            {
                Assert.False(text.Contains(forbidden, StringComparison.Ordinal), $"{name} holds '{forbidden}'");
            }
        }

        Assert.NotEmpty(logs.Lines);
    }

    [Fact]
    public async Task Push_EncryptedSecretWithoutKey_FailsNamingTheFile_NothingApplied()
    {
        var (_, recipient) = AgeCli.NewIdentity();
        await using var bed = await SyncTestbed.StartAsync();
        var secret = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Secret", ["metadata"] = new JsonObject { ["name"] = "db" }, ["stringData"] = new JsonObject { ["p"] = Plaintext } };
        bed.Repo.Write("apps/web/namespace.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: web\n");
        bed.Repo.Write("apps/web/db.enc.json", SopsTestWriter.Encrypt(secret, new SopsWriteOptions { AgeRecipients = [recipient], EncryptedRegex = "^stringData$" }).ToJsonString());
        await bed.Repo.CommitAsync("encrypted secret, no key");
        var job = bed.Job();

        await bed.RunAsync(job);

        var record = bed.Records.Records[job.JobId];
        Assert.Equal(JobState.Failed, record.State);
        Assert.Contains("apps/web/db.enc.json (Secret db): cannot decrypt SOPS file", record.Error, StringComparison.Ordinal);
        Assert.Contains(recipient, record.Error, StringComparison.Ordinal);
        var live = await bed.Sim.KubectlAsync("get", "secret", "db", "-n", "web", "--ignore-not-found", "-o", "name");
        Assert.Equal("", live.StandardOutput.Trim());
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Lines.Enqueue($"{category} {logLevel} {formatter(state, exception)} {exception}");
        }
    }
}
