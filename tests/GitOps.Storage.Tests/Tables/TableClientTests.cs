using GitOps.Storage.Errors;
using GitOps.Storage.Tables;
using GitOps.Testing.Azurite;

namespace GitOps.Storage.Tests.Tables;

public sealed class TableClientTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private TableServiceClient Service => StorageAccount.FromConnectionString(azurite.ConnectionString).Tables;

    private async Task<TableClient> NewTableAsync()
    {
        var table = Service.GetTable("t" + Guid.NewGuid().ToString("N")[..20]);
        await table.CreateIfNotExistsAsync();
        return table;
    }

    [Fact]
    public async Task CreateIfNotExists_Twice_SucceedsAndDeleteRemovesIt()
    {
        var table = await NewTableAsync();
        await table.CreateIfNotExistsAsync();

        Assert.True(await table.DeleteIfExistsAsync());
        Assert.False(await table.DeleteIfExistsAsync());
    }

    [Fact]
    public async Task AddThenGet_TypedProperties_RoundTrip()
    {
        var table = await NewTableAsync();
        var when = new DateTimeOffset(2026, 11, 22, 1, 2, 3, 456, TimeSpan.Zero);
        var id = Guid.NewGuid();
        var entity = new TableEntity("p", "r")
        {
            ["Text"] = "żółć <&> 'q' \"d\"",
            ["Int"] = 42,
            ["Long"] = 9_007_199_254_740_993L,
            ["Double"] = 2.0,
            ["Fraction"] = 0.25,
            ["Flag"] = true,
            ["When"] = when,
            ["Id"] = id,
            ["Bytes"] = new byte[] { 0, 1, 254, 255 },
        };

        var etag = await table.AddEntityAsync(entity);
        var read = await table.GetEntityAsync("p", "r");

        Assert.NotNull(read);
        Assert.Equal(etag, read.ETag);
        Assert.NotNull(read.Timestamp);
        Assert.Equal("żółć <&> 'q' \"d\"", read["Text"]);
        Assert.Equal(42, read["Int"]);
        Assert.Equal(9_007_199_254_740_993L, read["Long"]);
        Assert.Equal(2.0, read["Double"]);
        Assert.Equal(0.25, read["Fraction"]);
        Assert.Equal(true, read["Flag"]);
        Assert.Equal(when, read["When"]);
        Assert.Equal(id, read["Id"]);
        Assert.Equal(new byte[] { 0, 1, 254, 255 }, read["Bytes"]);
    }

    [Theory]
    [InlineData("simple", "row")]
    [InlineData("with space", "it's quoted")]
    [InlineData("unicode żółć", "plus+equals=amp&pct%")]
    [InlineData("(parens)", "comma,colon:semi;")]
    public async Task Keys_WithSpecialCharacters_AreEscapedAndSigned(string partitionKey, string rowKey)
    {
        var table = await NewTableAsync();
        await table.AddEntityAsync(new TableEntity(partitionKey, rowKey) { ["V"] = 1 });

        var read = await table.GetEntityAsync(partitionKey, rowKey);
        var queried = await table.QueryAsync(TableFilter.Equal("PartitionKey", partitionKey)).ToListAsync();
        await table.DeleteEntityAsync(partitionKey, rowKey);

        Assert.Equal((partitionKey, rowKey), (read!.PartitionKey, read.RowKey));
        Assert.Equal(rowKey, Assert.Single(queried).RowKey);
        Assert.Null(await table.GetEntityAsync(partitionKey, rowKey));
    }

    [Fact]
    public async Task Add_Existing_ThrowsEntityAlreadyExists()
    {
        var table = await NewTableAsync();
        await table.AddEntityAsync(new TableEntity("p", "r"));

        var ex = await Assert.ThrowsAsync<StorageRequestException>(() => table.AddEntityAsync(new TableEntity("p", "r")));

        Assert.Equal((409, "EntityAlreadyExists"), (ex.Status, ex.ErrorCode));
        Assert.Contains(table.Name, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upsert_MergeKeepsOtherProperties_ReplaceDropsThem()
    {
        var table = await NewTableAsync();
        await table.UpsertEntityAsync(new TableEntity("p", "r") { ["A"] = "a", ["B"] = "b" });

        await table.UpsertEntityAsync(new TableEntity("p", "r") { ["B"] = "b2" }, TableUpdateMode.Merge);
        var merged = await table.GetEntityAsync("p", "r");
        await table.UpsertEntityAsync(new TableEntity("p", "r") { ["C"] = "c" }, TableUpdateMode.Replace);
        var replaced = await table.GetEntityAsync("p", "r");

        Assert.Equal(("a", "b2"), (merged!.GetString("A"), merged.GetString("B")));
        Assert.False(replaced!.ContainsKey("A"));
        Assert.Equal("c", replaced.GetString("C"));
    }

    [Fact]
    public async Task Update_StaleETag_Throws412_CurrentETagSucceeds()
    {
        var table = await NewTableAsync();
        var first = await table.AddEntityAsync(new TableEntity("p", "r") { ["N"] = 1 });
        var second = await table.UpdateEntityAsync(new TableEntity("p", "r") { ["N"] = 2 }, first);

        var ex = await Assert.ThrowsAsync<StorageRequestException>(() => table.UpdateEntityAsync(new TableEntity("p", "r") { ["N"] = 3 }, first, TableUpdateMode.Replace));
        var third = await table.UpdateEntityAsync(new TableEntity("p", "r") { ["N"] = 4 }, second, TableUpdateMode.Replace);

        Assert.Equal((412, "UpdateConditionNotSatisfied"), (ex.Status, ex.ErrorCode));
        Assert.NotEqual(second, third);
        Assert.Equal(4, (await table.GetEntityAsync("p", "r"))!["N"]);
    }

    [Fact]
    public async Task Update_Missing_ThrowsResourceNotFound()
    {
        var table = await NewTableAsync();

        var ex = await Assert.ThrowsAsync<StorageRequestException>(() => table.UpdateEntityAsync(new TableEntity("p", "missing"), "*"));

        Assert.Equal(404, ex.Status);
        Assert.Equal("ResourceNotFound", ex.ErrorCode);
    }

    [Fact]
    public async Task Delete_StaleETag_Throws412_MissingIsNotAnError()
    {
        var table = await NewTableAsync();
        var first = await table.AddEntityAsync(new TableEntity("p", "r"));
        await table.UpsertEntityAsync(new TableEntity("p", "r") { ["X"] = 1 });

        var ex = await Assert.ThrowsAsync<StorageRequestException>(() => table.DeleteEntityAsync("p", "r", first));
        await table.DeleteEntityAsync("p", "r");
        await table.DeleteEntityAsync("p", "r");

        Assert.Equal(412, ex.Status);
        Assert.Null(await table.GetEntityAsync("p", "r"));
    }

    [Fact]
    public async Task Query_SmallPages_FollowsContinuationAcrossPartitions()
    {
        var table = await NewTableAsync();
        for (var p = 0; p < 3; p++)
        {
            for (var r = 0; r < 4; r++)
            {
                await table.AddEntityAsync(new TableEntity($"p{p}", $"r{r}") { ["N"] = p * 10 + r });
            }
        }

        var all = await table.QueryAsync(maxPerPage: 5).ToListAsync();
        var filtered = await table.QueryAsync("PartitionKey eq 'p1' and N ge 12", maxPerPage: 1).ToListAsync();

        Assert.Equal(12, all.Count);
        Assert.Equal(12, all.Select(e => (e.PartitionKey, e.RowKey)).Distinct().Count());
        Assert.All(all, e => Assert.NotNull(e.ETag));
        Assert.Equal(["r2", "r3"], filtered.Select(e => e.RowKey));
    }

    [Fact]
    public async Task Query_MissingTable_ThrowsTableNotFound()
    {
        var table = Service.GetTable("missing" + Guid.NewGuid().ToString("N")[..10]);

        var ex = await Assert.ThrowsAsync<StorageRequestException>(async () => await table.QueryAsync().ToListAsync());

        Assert.Equal(404, ex.Status);
        Assert.Equal("TableNotFound", ex.ErrorCode);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("1abc")]
    [InlineData("has-dash")]
    public void GetTable_InvalidName_Throws(string name)
    {
        Assert.Throws<ArgumentException>(() => Service.GetTable(name));
    }

    [Fact]
    public async Task Add_UnsupportedPropertyType_ThrowsNamingProperty()
    {
        var table = await NewTableAsync();

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => table.AddEntityAsync(new TableEntity("p", "r") { ["Bad"] = new object() }));

        Assert.Contains("'Bad'", ex.Message, StringComparison.Ordinal);
    }
}
