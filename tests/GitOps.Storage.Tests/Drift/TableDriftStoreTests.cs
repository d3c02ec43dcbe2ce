using System.Text.Json.Nodes;
using GitOps.Engine.Drift.Comparison;
using GitOps.Engine.Drift.Sweep;
using GitOps.Engine.Status;
using GitOps.Kubernetes;
using GitOps.Storage.Drift;
using GitOps.Storage.Status;
using Azure.Data.Tables;
using GitOps.Testing.Azurite;

namespace GitOps.Storage.Tests.Drift;

public sealed class TableDriftStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 2, 0, 0, TimeSpan.Zero);
    private static readonly ObjectRef Web = new("apps", "Deployment", "shop", "web");

    private StorageAccount Account => StorageAccount.FromConnectionString(azurite.ConnectionString);

    private static AppDriftReport Report(DriftState state, int minutes, string app = "web", params DriftFinding[] findings) => new()
    {
        App = app,
        Source = "main",
        Cluster = "prod",
        State = state,
        SweptAt = T0.AddMinutes(minutes),
        Commit = "0123456789abcdef",
        Compared = 7,
        Findings = findings,
        Action = state == DriftState.Drifted ? "detect-only: left alone" : null,
        Error = state == DriftState.Error ? "list Deployment: 403 'forbidden'" : null,
    };

    private static DriftFinding Modified(string name, string path = "spec.replicas") =>
        new(Web with { Name = name }, DriftKind.Modified, [new FieldDrift(path, JsonValue.Create(3), JsonValue.Create(5), "kubectl-edit")], $"{path}: 3 → 5");

    [Fact]
    public async Task Record_ThenGetLatest_RoundTripsFindingsAndHeals()
    {
        var (store, _, _) = NewStore();
        var report = Report(DriftState.Drifted, 1, "web", Modified("web"), new DriftFinding(Web with { Name = "gone" }, DriftKind.Missing, [], "deleted live")) with
        {
            Heals = new Dictionary<string, HealRecord> { [Web.Key] = new(2, T0) },
        };

        await store.RecordAsync(report);
        var read = await store.GetLatestAsync("web");

        Assert.NotNull(read);
        Assert.Equal(DriftState.Drifted, read.State);
        Assert.Equal(report.SweptAt, read.SweptAt);
        Assert.Equal(report.Commit, read.Commit);
        Assert.Equal(report.Action, read.Action);
        Assert.Equal(7, read.Compared);
        Assert.Equal(2, read.Findings.Count);
        var field = Assert.Single(read.Findings[0].Fields);
        Assert.Equal(Web, read.Findings[0].Object);
        Assert.Equal("spec.replicas", field.Path);
        Assert.Equal(5, field.Live!.GetValue<int>());
        Assert.Equal("kubectl-edit", field.Manager);
        Assert.Equal(DriftKind.Missing, read.Findings[1].Kind);
        Assert.Equal(new HealRecord(2, T0), read.Heals[Web.Key]);
    }

    [Fact]
    public async Task GetLatest_NeverSwept_ReturnsNull()
    {
        var (store, _, _) = NewStore();

        Assert.Null(await store.GetLatestAsync("never"));
    }

    [Fact]
    public async Task GetHistory_MixedStates_NewestFirstOnlyDriftedAndError()
    {
        var (store, _, _) = NewStore();
        // Recorded out of order: the order must come from SweptAt, not insertion.
        await store.RecordAsync(Report(DriftState.Drifted, 1, "web", Modified("a")));
        await store.RecordAsync(Report(DriftState.Error, 5));
        await store.RecordAsync(Report(DriftState.InSync, 7));
        await store.RecordAsync(Report(DriftState.Drifted, 3, "web", Modified("b")));
        await store.RecordAsync(Report(DriftState.SyncPending, 9));
        await store.RecordAsync(Report(DriftState.Drifted, 4, "api", Modified("other-app")));

        var history = await store.GetHistoryAsync("web", 10);
        var top2 = await store.GetHistoryAsync("web", 2);

        Assert.Equal([T0.AddMinutes(5), T0.AddMinutes(3), T0.AddMinutes(1)], history.Select(r => r.SweptAt));
        Assert.Equal([DriftState.Error, DriftState.Drifted, DriftState.Drifted], history.Select(r => r.State));
        Assert.Equal("b", history[1].Findings[0].Object.Name);
        Assert.Equal([T0.AddMinutes(5), T0.AddMinutes(3)], top2.Select(r => r.SweptAt));
        // The latest is the last one recorded, whatever its state.
        Assert.Equal(DriftState.SyncPending, (await store.GetLatestAsync("web"))!.State);
    }

    [Fact]
    public async Task Record_AfterSyncStatus_MergesIntoSameRowKeepingBoth()
    {
        var (store, apps, _) = NewStore();
        var statuses = new TableAppStatusStore(apps);
        await statuses.UpsertAsync(new AppStatus
        {
            App = "web", Source = "main", Cluster = "prod", LastSyncedCommit = "feedface", Result = SyncResult.Succeeded,
            Health = "Healthy", Created = 3, Configured = 1, Duration = TimeSpan.FromMilliseconds(420), LastSyncAt = T0,
            Summary = "3 created, 1 configured", Errors = [], JobId = "job-1",
        });

        await store.RecordAsync(Report(DriftState.Drifted, 10, "web", Modified("web")));
        // A later sync must not wipe the drift columns either.
        await statuses.UpsertAsync((await statuses.GetAsync("web"))! with { JobId = "job-2", Configured = 2 });

        var status = await statuses.GetAsync("web");
        var drift = await store.GetLatestAsync("web");
        var row = (await apps.GetEntityAsync<TableEntity>("app", "web")).Value;
        Assert.NotNull(status);
        Assert.Equal("feedface", status.LastSyncedCommit);
        Assert.Equal(SyncResult.Succeeded, status.Result);
        Assert.Equal("Healthy", status.Health);
        Assert.Equal(3, status.Created);
        Assert.Equal(2, status.Configured);
        Assert.Equal("job-2", status.JobId);
        Assert.NotNull(drift);
        Assert.Equal(DriftState.Drifted, drift.State);
        Assert.Single(drift.Findings);
        Assert.Equal("Drifted", row!.GetString("DriftState"));
        Assert.Equal(1, Convert.ToInt32(row["DriftCount"], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Record_HugeReport_StaysUnder32KAndKeepsTotalCount()
    {
        var (store, apps, _) = NewStore();
        var bigValue = new string('x', 2_000);
        var findings = Enumerable.Range(0, 500)
            .Select(i => new DriftFinding(Web with { Name = $"web-{i:D4}" }, DriftKind.Modified,
                [new FieldDrift("data.blob", JsonValue.Create(bigValue), JsonValue.Create(bigValue + i), "someone")], $"blob changed {i}"))
            .ToArray();

        await store.RecordAsync(Report(DriftState.Drifted, 1, "huge", findings));

        var row = (await apps.GetEntityAsync<TableEntity>("app", "huge")).Value;
        var json = row!.GetString("DriftReport")!;
        Assert.InRange(json.Length, 1, 32 * 1024);
        Assert.Contains("\"TotalFindings\":500", json, StringComparison.Ordinal);
        Assert.InRange(row.GetString("DriftSummary")!.Length, 1, 1_000);
        var latest = await store.GetLatestAsync("huge");
        Assert.NotNull(latest);
        Assert.InRange(latest.Findings.Count, 1, 499);
        Assert.Equal("web-0000", latest.Findings[0].Object.Name);
        var stored = Assert.Single(await store.GetHistoryAsync("huge", 10));
        Assert.Equal(latest.Findings.Count, stored.Findings.Count);
    }

    private (TableDriftStore Store, TableClient Apps, TableClient History) NewStore()
    {
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var apps = Account.Tables.GetTableClient("Apps" + suffix);
        var history = Account.Tables.GetTableClient("DriftHistory" + suffix);
        return (new TableDriftStore(apps, history), apps, history);
    }
}
