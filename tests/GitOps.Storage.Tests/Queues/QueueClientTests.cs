using GitOps.Storage.Errors;
using GitOps.Storage.Queues;
using GitOps.Testing.Azurite;

namespace GitOps.Storage.Tests.Queues;

public sealed class QueueClientTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly TimeSpan Hidden = TimeSpan.FromMinutes(5);

    private QueueServiceClient Service => StorageAccount.FromConnectionString(azurite.ConnectionString).Queues;

    private async Task<QueueClient> NewQueueAsync()
    {
        var queue = Service.GetQueue("q" + Guid.NewGuid().ToString("N")[..20]);
        await queue.CreateIfNotExistsAsync();
        return queue;
    }

    [Fact]
    public async Task CreateIfNotExists_Twice_Succeeds()
    {
        var queue = await NewQueueAsync();
        await queue.CreateIfNotExistsAsync();
        Assert.Equal(0, await queue.GetApproximateMessageCountAsync());
    }

    [Theory]
    [InlineData("{\"a\":1,\"b\":\"x\"}")]
    [InlineData("<tag attr=\"v\">a & b 'quoted'</tag>")]
    [InlineData("unicode: żółć 日本語 emoji 🚀 and ]]> end")]
    [InlineData("line1\r\nline2\ttab")]
    [InlineData("   ")]
    [InlineData("")]
    public async Task SendThenReceive_SpecialText_RoundTripsExactly(string text)
    {
        var queue = await NewQueueAsync();
        var sent = await queue.SendMessageAsync(text);

        var received = Assert.Single(await queue.ReceiveMessagesAsync(1, Hidden));

        Assert.Equal(sent.MessageId, received.MessageId);
        Assert.Equal(text, received.Text);
        Assert.Equal(1, received.DequeueCount);
        Assert.True(received.NextVisibleOn > received.InsertedOn);
    }

    [Fact]
    public async Task Receive_HidesMessage_PeekSeesNothingUntilUpdateMakesItVisible()
    {
        var queue = await NewQueueAsync();
        await queue.SendMessageAsync("work");
        var received = Assert.Single(await queue.ReceiveMessagesAsync(32, Hidden));

        Assert.Empty(await queue.PeekMessagesAsync(32));
        Assert.Empty(await queue.ReceiveMessagesAsync(32, Hidden));

        var updated = await queue.UpdateMessageAsync(received.MessageId, received.PopReceipt, TimeSpan.Zero, "changed");
        Assert.NotEqual(received.PopReceipt, updated.PopReceipt);

        var peeked = Assert.Single(await queue.PeekMessagesAsync(1));
        Assert.Equal("changed", peeked.Text);
        Assert.Equal(1, peeked.DequeueCount);
        var again = Assert.Single(await queue.ReceiveMessagesAsync(1, Hidden));
        Assert.Equal(2, again.DequeueCount);
        Assert.Equal("changed", again.Text);
    }

    [Fact]
    public async Task Update_RenewsVisibilityWithoutText_KeepsTextAndReturnsUsableReceipt()
    {
        var queue = await NewQueueAsync();
        await queue.SendMessageAsync("keep me");
        var received = Assert.Single(await queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(30)));

        var renewed = await queue.UpdateMessageAsync(received.MessageId, received.PopReceipt, Hidden);

        Assert.True(renewed.NextVisibleOn > received.NextVisibleOn);
        Assert.Empty(await queue.PeekMessagesAsync(1));
        await queue.DeleteMessageAsync(received.MessageId, renewed.PopReceipt);
        Assert.Equal(0, await queue.GetApproximateMessageCountAsync());
    }

    [Fact]
    public async Task Delete_StalePopReceipt_ThrowsTypedError()
    {
        var queue = await NewQueueAsync();
        await queue.SendMessageAsync("m");
        var received = Assert.Single(await queue.ReceiveMessagesAsync(1, Hidden));
        await queue.UpdateMessageAsync(received.MessageId, received.PopReceipt, Hidden);

        var ex = await Assert.ThrowsAsync<StorageRequestException>(() => queue.DeleteMessageAsync(received.MessageId, received.PopReceipt));

        Assert.Equal(400, ex.Status);
        Assert.Equal("PopReceiptMismatch", ex.ErrorCode);
        Assert.Contains(queue.Name, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_ManyMessages_PopReceiptsWithReservedCharactersAreEncoded()
    {
        // Pop receipts are base64-like; over many messages some contain '+', '/' or '='. Each must survive URL encoding and signing.
        var queue = await NewQueueAsync();
        for (var i = 0; i < 40; i++)
        {
            await queue.SendMessageAsync($"m{i}");
        }

        var receipts = new List<string>();
        while (await queue.ReceiveMessagesAsync(32, Hidden) is { Count: > 0 } batch)
        {
            foreach (var m in batch)
            {
                var updated = await queue.UpdateMessageAsync(m.MessageId, m.PopReceipt, Hidden);
                receipts.Add(updated.PopReceipt);
                await queue.DeleteMessageAsync(m.MessageId, updated.PopReceipt);
            }
        }

        Assert.Equal(40, receipts.Count);
        Assert.Equal(0, await queue.GetApproximateMessageCountAsync());
    }

    [Fact]
    public async Task Send_WithVisibilityDelay_IsInvisibleButCounted()
    {
        var queue = await NewQueueAsync();
        var receipt = await queue.SendMessageAsync("later", visibilityDelay: TimeSpan.FromMinutes(10));

        Assert.True(receipt.NextVisibleOn >= receipt.InsertedOn.AddMinutes(9));
        Assert.Empty(await queue.ReceiveMessagesAsync(1, Hidden));
        Assert.Equal(1, await queue.GetApproximateMessageCountAsync());
    }

    [Fact]
    public async Task Send_WithTimeToLive_SetsExpiry_NegativeNeverExpires()
    {
        var queue = await NewQueueAsync();
        var shortLived = await queue.SendMessageAsync("ttl", timeToLive: TimeSpan.FromHours(1));
        var forever = await queue.SendMessageAsync("forever", timeToLive: TimeSpan.FromSeconds(-1));
        var standard = await queue.SendMessageAsync("default");

        Assert.Equal(shortLived.InsertedOn.AddHours(1), shortLived.ExpiresOn);
        Assert.True(forever.ExpiresOn > forever.InsertedOn.AddYears(100));
        Assert.Equal(standard.InsertedOn.AddDays(7), standard.ExpiresOn);
    }

    [Fact]
    public async Task Receive_Batch_ReturnsUpTo32()
    {
        var queue = await NewQueueAsync();
        for (var i = 0; i < 5; i++)
        {
            await queue.SendMessageAsync($"m{i}");
        }

        var batch = await queue.ReceiveMessagesAsync(3, Hidden);
        var rest = await queue.ReceiveMessagesAsync(32, Hidden);

        Assert.Equal(3, batch.Count);
        Assert.Equal(2, rest.Count);
        Assert.Equal(5, batch.Concat(rest).Select(m => m.Text).Distinct().Count());
    }

    [Fact]
    public async Task Operations_MissingQueue_ThrowQueueNotFound()
    {
        var queue = Service.GetQueue("missing-" + Guid.NewGuid().ToString("N")[..10]);

        var send = await Assert.ThrowsAsync<StorageRequestException>(() => queue.SendMessageAsync("x"));
        var count = await Assert.ThrowsAsync<StorageRequestException>(() => queue.GetApproximateMessageCountAsync());

        Assert.Equal((404, "QueueNotFound"), (send.Status, send.ErrorCode));
        Assert.Equal(404, count.Status);
        Assert.Contains(queue.Name, send.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(AzuriteInstance.AccountKey, send.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClearAndDelete_RemoveMessagesAndQueue()
    {
        var queue = await NewQueueAsync();
        await queue.SendMessageAsync("a");
        await queue.ClearMessagesAsync();
        Assert.Equal(0, await queue.GetApproximateMessageCountAsync());

        Assert.True(await queue.DeleteIfExistsAsync());
        Assert.False(await queue.DeleteIfExistsAsync());
    }

    [Fact]
    public async Task ListQueues_SmallPages_FollowsMarkersAndFiltersByPrefix()
    {
        var prefix = "list" + Guid.NewGuid().ToString("N")[..8];
        var expected = Enumerable.Range(0, 7).Select(i => $"{prefix}-{i}").ToList();
        foreach (var name in expected)
        {
            await Service.GetQueue(name).CreateIfNotExistsAsync();
        }

        await Service.GetQueue("other" + prefix).CreateIfNotExistsAsync();

        var paged = await Service.ListQueuesAsync(prefix, pageSize: 2);
        var all = await Service.ListQueuesAsync();

        Assert.Equal(expected, paged.Order(StringComparer.Ordinal));
        Assert.Superset(expected.Append("other" + prefix).ToHashSet(), all.ToHashSet());
    }

    [Theory]
    [InlineData("UPPER")]
    [InlineData("a")]
    [InlineData("double--hyphen")]
    [InlineData("-start")]
    public void GetQueue_InvalidName_Throws(string name)
    {
        Assert.Throws<ArgumentException>(() => Service.GetQueue(name));
    }
}
