using GitOps.Engine.Status;
using GitOps.Storage.Status;
using GitOps.Testing.Azurite;

namespace GitOps.Storage.Tests.Status;

public sealed class TableAppStatusStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static AppStatus Status(IReadOnlyList<ObjectChange>? changes) => new()
    {
        App = "web", Source = "main", Result = SyncResult.Succeeded, Health = "Healthy", LastSyncAt = DateTimeOffset.UnixEpoch, Changes = changes,
    };

    [Fact]
    public async Task Changes_RoundTrip_AndAStatusWithoutThemKeepsTheStoredList()
    {
        var store = NewStore();
        IReadOnlyList<ObjectChange> changes = [new("failed", "ConfigMap/shop/bad", "admission webhook denied it"), new("created", "Deployment/shop/web")];

        await store.UpsertAsync(Status(changes));
        await store.UpsertAsync(Status(null) with { Health = "Progressing" });
        var read = await store.GetAsync("web");

        Assert.Equal("Progressing", read!.Health);
        Assert.Equal(changes, read.Changes);
    }

    [Fact]
    public async Task Changes_TooManyForOneProperty_KeepTheFirstThatFit()
    {
        var store = NewStore();
        var changes = Enumerable.Range(0, ObjectChange.MaxObjects)
            .Select(i => new ObjectChange(i == 0 ? "failed" : "unchanged", $"ConfigMap/shop/{new string('c', 60)}-{i:D3}", i == 0 ? "denied" : null))
            .ToList();

        await store.UpsertAsync(Status(changes));
        var read = (await store.GetAsync("web"))!.Changes!;

        // 500 entries of ~100 characters do not fit the 32K-character property: the list is cut from its end, never dropped whole.
        Assert.InRange(read.Count, 200, ObjectChange.MaxObjects - 1);
        Assert.Equal(changes.Take(read.Count), read);
    }

    private TableAppStatusStore NewStore() =>
        new(StorageAccount.FromConnectionString(azurite.ConnectionString).Tables.GetTableClient("Apps" + Guid.NewGuid().ToString("N")[..10]));
}
