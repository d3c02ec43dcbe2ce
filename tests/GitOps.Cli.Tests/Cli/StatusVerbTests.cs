using System.Text.Json;
using GitOps.Engine.Drift.Sweep;
using GitOps.Engine.Jobs;
using GitOps.Cli;
using GitOps.Kubernetes;
using GitOps.Testing.Azurite;

namespace GitOps.Cli.Tests.Cli;

/// <summary>`gitops status` against Azurite: table and JSON forms, one app, an unknown app.</summary>
[Collection(CliAzuriteCollection.Name)]
public sealed class StatusVerbTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Status_AllApps_TableShowsSyncHealthAndDrift()
    {
        var app = "web-" + Guid.NewGuid().ToString("N")[..8];
        await new StatusSeed(azurite.ConnectionString).AppAsync(app, DriftState.Drifted);

        var result = await CliRun.RunAsync(azurite.ConnectionString, "status");

        Assert.Equal(ExitCodes.Ok, result.Exit);
        var line = Assert.Single(result.Output.Split('\n'), l => l.Contains(app, StringComparison.Ordinal));
        Assert.Contains("dev", line, StringComparison.Ordinal);
        Assert.Contains("0123456789ab", line, StringComparison.Ordinal);
        Assert.Contains("Succeeded", line, StringComparison.Ordinal);
        Assert.Contains("Healthy", line, StringComparison.Ordinal);
        Assert.Contains("Drifted", line, StringComparison.Ordinal);
        Assert.Contains("2026-11-22 03:05:00Z", line, StringComparison.Ordinal);
        Assert.Contains("APP", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_Json_ListsAppsWithDriftSummary()
    {
        var app = "api-" + Guid.NewGuid().ToString("N")[..8];
        await new StatusSeed(azurite.ConnectionString).AppAsync(app, DriftState.InSync);

        var result = await CliRun.RunAsync(azurite.ConnectionString, "status", "--output", "json");

        Assert.Equal(ExitCodes.Ok, result.Exit);
        using var doc = JsonDocument.Parse(result.Output);
        var entry = Assert.Single(doc.RootElement.EnumerateArray(), e => e.GetProperty("app").GetString() == app);
        Assert.Equal("InSync", entry.GetProperty("driftState").GetString());
        Assert.Equal("in sync (3 object(s) compared)", entry.GetProperty("driftSummary").GetString());
        Assert.Equal("Succeeded", entry.GetProperty("syncResult").GetString());
        Assert.Equal("dev", entry.GetProperty("cluster").GetString());
        Assert.False(entry.TryGetProperty("changes", out _)); // one app's view has them; the list stays light
    }

    [Fact]
    public async Task Status_OneApp_ShowsSummaryAndJob()
    {
        var app = "one-" + Guid.NewGuid().ToString("N")[..8];
        await new StatusSeed(azurite.ConnectionString).AppAsync(app);

        var table = await CliRun.RunAsync(azurite.ConnectionString, "status", app);
        var json = await CliRun.RunAsync(azurite.ConnectionString, "status", app, "-o", "json");

        Assert.Equal(ExitCodes.Ok, table.Exit);
        Assert.Contains("Sync:  3 created, 0 configured, 0 pruned; Healthy", table.Output, StringComparison.Ordinal);
        Assert.Contains("Job:   job-" + app, table.Output, StringComparison.Ordinal);
        Assert.Contains("  created    Service/dev/web", table.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Namespace/dev", table.Output, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(json.Output);
        Assert.Equal(app, doc.RootElement.GetProperty("app").GetString());
        Assert.Equal(4, doc.RootElement.GetProperty("changes").GetArrayLength());
        Assert.False(doc.RootElement.TryGetProperty("driftState", out _));
    }

    [Fact]
    public async Task Status_OneDriftedApp_ShowsEveryFinding()
    {
        var app = "drift-" + Guid.NewGuid().ToString("N")[..8];
        var findings = Enumerable.Range(0, 4)
            .Select(i => new DriftFinding(new ObjectRef("", "ConfigMap", "web", $"cm-{i}"), DriftKind.Modified, [], $"data.key{i} changed"))
            .Append(new DriftFinding(new ObjectRef("apps", "Deployment", "web", "web"), DriftKind.Modified, [], "spec.replicas changed: 2 -> 5"))
            .ToList();
        await new StatusSeed(azurite.ConnectionString).AppAsync(app, DriftState.Drifted, findings);

        var result = await CliRun.RunAsync(azurite.ConnectionString, "status", app);

        Assert.Equal(ExitCodes.Ok, result.Exit);
        foreach (var finding in findings)
        {
            Assert.Contains(finding.ToString(), result.Output, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("…", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(JobState.Succeeded, "Healed")]
    [InlineData(JobState.Failed, "Drifted")]
    public async Task Status_DriftHealedByTheJobItQueued_ReadsHealed(JobState heal, string expected)
    {
        var app = "heal-" + Guid.NewGuid().ToString("N")[..8];
        var seed = new StatusSeed(azurite.ConnectionString);
        var job = await seed.JobAsync(app, heal, error: heal == JobState.Failed ? "apply failed" : null);
        await seed.AppAsync(app, DriftState.Drifted, sweepJob: job.JobId);

        var json = await CliRun.RunAsync(azurite.ConnectionString, "status", app, "-o", "json");

        using var doc = JsonDocument.Parse(json.Output);
        Assert.Equal(expected, doc.RootElement.GetProperty("driftState").GetString());
    }

    [Fact]
    public async Task Status_UnknownApp_ExitsThreeNamingKnownApps()
    {
        var known = "known-" + Guid.NewGuid().ToString("N")[..8];
        await new StatusSeed(azurite.ConnectionString).AppAsync(known);

        var result = await CliRun.RunAsync(azurite.ConnectionString, "status", "nope");

        Assert.Equal(ExitCodes.NotFound, result.Exit);
        Assert.Contains("app 'nope' not found; known apps: ", result.Error, StringComparison.Ordinal);
        Assert.Contains(known, result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Output);
    }
}
