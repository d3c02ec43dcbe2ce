using System.Net;
using System.Text;
using System.Text.Json;
using GitOps.Engine.Jobs;
using GitOps.Functions.Jobs;
using GitOps.Functions.Tests.Support;

namespace GitOps.Functions.Tests.CustomHandler;

/// <summary>POST /sync with the host's documented queue-trigger payload (PLATFORM.md §A).</summary>
public sealed class SyncInvocationContractTests
{
    private static string Payload(string dataJobJson, string dequeueCount = "1", string id = "800ae4b3-bdd2-4c08-badd-f08e5a34b865") =>
        "{\"Data\":{\"job\":" + dataJobJson + "},\"Metadata\":{\"DequeueCount\":" + dequeueCount + ",\"ExpirationTime\":\"2019-10-16T17:58:31+00:00\"," +
        "\"Id\":\"" + id + "\",\"InsertionTime\":\"2019-10-09T17:58:31+00:00\",\"NextVisibleTime\":\"2019-10-09T18:08:32+00:00\"," +
        "\"PopReceipt\":\"AgAAAAMAAAAAAAAAAgtnj8x+1QE=\",\"sys\":{\"MethodName\":\"QueueTrigger\",\"UtcNow\":\"2019-10-09T17:58:32.2205399Z\",\"RandGuid\":\"24ad4c06-0000\"}}}";

    private static string AsJsonString(string text) => JsonSerializer.Serialize(text);

    private static async Task<(HttpStatusCode Status, string Body)> PostAsync(CustomHandlerHost host, string payload)
    {
        using var content = new StringContent(payload, Encoding.UTF8, "application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/sync") { Content = content };
        request.Headers.Add("X-Azure-Functions-InvocationId", "5c0d6f0e-1111-2222-3333-444455556666");
        request.Headers.Add("X-Azure-Functions-HostVersion", "4.1041.200");
        request.Headers.UserAgent.ParseAdd("Azure-Functions-Host/4.1041.200");
        using var response = await host.Client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Sync_DocumentedPayloadThatSucceeds_Returns200WithExactResponseShape()
    {
        await using var host = await CustomHandlerHost.StartAsync();
        var job = TestJobs.Create();

        var (status, body) = await PostAsync(host, Payload(AsJsonString(SyncJobCodec.Serialize(job))));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("{\"Outputs\":{},\"Logs\":[\"", body, StringComparison.Ordinal);
        Assert.EndsWith("],\"ReturnValue\":null}", body, StringComparison.Ordinal);
        var (received, delivery) = Assert.Single(host.Handler.Calls);
        Assert.Equal(job, received with { Objects = job.Objects });
        Assert.Equal(new JobDelivery("800ae4b3-bdd2-4c08-badd-f08e5a34b865", 1, 5), delivery);
        var record = await host.Jobs.GetAsync(job.JobId);
        Assert.Equal(JobState.Succeeded, record!.State);
        Assert.Equal(1, record.Attempts);
    }

    [Fact]
    public async Task Sync_DataIsJsonEncodedTwice_ParsesTheJob()
    {
        await using var host = await CustomHandlerHost.StartAsync();
        var job = TestJobs.Create();

        var (status, _) = await PostAsync(host, Payload(AsJsonString(AsJsonString(SyncJobCodec.Serialize(job)))));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(job.JobId, Assert.Single(host.Handler.Calls).Job.JobId);
    }

    [Fact]
    public async Task Sync_DataIsAnObjectAndDequeueCountAString_ParsesBoth()
    {
        await using var host = await CustomHandlerHost.StartAsync();
        var job = TestJobs.Create();

        var (status, _) = await PostAsync(host, Payload(SyncJobCodec.Serialize(job), dequeueCount: "\"3\""));

        Assert.Equal(HttpStatusCode.OK, status);
        var call = Assert.Single(host.Handler.Calls);
        Assert.Equal(job.JobId, call.Job.JobId);
        Assert.Equal(3, call.Delivery.DequeueCount);
    }

    [Fact]
    public async Task Sync_HandlerFailsBeforeLastAttempt_Returns500AndRecordsRetryingWithReason()
    {
        await using var host = await CustomHandlerHost.StartAsync((_, _, _) => throw new InvalidOperationException("cluster dev unreachable"));
        var job = TestJobs.Create();

        var (status, body) = await PostAsync(host, Payload(AsJsonString(SyncJobCodec.Serialize(job)), dequeueCount: "2"));

        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Contains("cluster dev unreachable", body, StringComparison.Ordinal);
        var record = await host.Jobs.GetAsync(job.JobId);
        Assert.Equal(JobState.Retrying, record!.State);
        Assert.Equal(2, record.Attempts);
        Assert.Contains("will retry: cluster dev unreachable", record.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_HandlerFailsOnLastAttempt_Returns500AndRecordsPoisonedWithReason()
    {
        await using var host = await CustomHandlerHost.StartAsync((_, _, _) => throw new InvalidOperationException("render failed: kustomization.yaml missing"));
        var job = TestJobs.Create();

        var (status, _) = await PostAsync(host, Payload(AsJsonString(SyncJobCodec.Serialize(job)), dequeueCount: "5"));

        Assert.Equal(HttpStatusCode.InternalServerError, status);
        var record = await host.Jobs.GetAsync(job.JobId);
        Assert.Equal(JobState.Poisoned, record!.State);
        Assert.Equal(5, record.Attempts);
        Assert.Contains("Attempt 5 of 5 failed, moved to the poison queue: render failed: kustomization.yaml missing", record.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("this is not json", "not valid JSON")]
    [InlineData("{\"schemaVersion\":99,\"jobId\":\"j-99\",\"source\":\"s\",\"app\":\"a\"}", "Unknown schema version 99")]
    public async Task Sync_BadMessage_Returns200WithPoisonOutputHoldingMessageAndReason(string message, string expectedReason)
    {
        await using var host = await CustomHandlerHost.StartAsync();

        var (status, body) = await PostAsync(host, Payload(AsJsonString(message), id: "msg-1"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(host.Handler.Calls);
        using var doc = JsonDocument.Parse(body);
        Assert.Equal(["Outputs", "Logs", "ReturnValue"], doc.RootElement.EnumerateObject().Select(p => p.Name));
        var poisonText = doc.RootElement.GetProperty("Outputs").GetProperty("poison").GetString()!;
        Assert.False(Convert.TryFromBase64String(poisonText, new byte[poisonText.Length], out _), "the host would base64-decode this output");
        var envelope = PoisonEnvelope.TryParse(poisonText);
        Assert.NotNull(envelope);
        Assert.Equal(message, envelope.Message);
        Assert.Equal("msg-1", envelope.MessageId);
        Assert.Contains(expectedReason, envelope.Reason, StringComparison.Ordinal);
        var record = Assert.Single(await host.Jobs.ListRecentAsync(10));
        Assert.Equal(JobState.Poisoned, record.State);
        Assert.Contains(expectedReason, record.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_HandlerThrowsBadJobMessage_PoisonsWithoutRetry()
    {
        await using var host = await CustomHandlerHost.StartAsync((_, _, _) => throw new BadJobMessageException("app 'x' names no configured source"));
        var job = TestJobs.Create();

        var (status, body) = await PostAsync(host, Payload(AsJsonString(SyncJobCodec.Serialize(job))));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("\"poison\":", body, StringComparison.Ordinal);
        var record = await host.Jobs.GetAsync(job.JobId);
        Assert.Equal(JobState.Poisoned, record!.State);
        Assert.Contains("names no configured source", record.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_PayloadIsNotJson_Returns400()
    {
        await using var host = await CustomHandlerHost.StartAsync();

        var (status, body) = await PostAsync(host, "{not json");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("not valid JSON", body, StringComparison.Ordinal);
    }
}
