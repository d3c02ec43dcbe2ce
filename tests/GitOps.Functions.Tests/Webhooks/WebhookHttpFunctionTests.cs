using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using GitOps.Engine.Apps;
using GitOps.Engine.Configuration;
using GitOps.Engine.Webhooks.Receiving;
using GitOps.Functions.Hosting;
using GitOps.Functions.Webhooks;
using GitOps.Testing;
using GitOps.Testing.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace GitOps.Functions.Tests.Webhooks;

public sealed class WebhookHttpFunctionTests
{
    private const string Secret = "function-secret";

    private static GitOpsOptions Options() => new()
    {
        Sources = { ["mono"] = new SourceOptions { Url = "https://github.com/org/mono.git", Branch = "main", Provider = "github", WebhookSecrets = [Secret] } },
    };

    private static FixtureAppCatalog Catalog() => new(
        new AppDefinition { Name = "web", Source = "mono", Path = "apps/web", Cluster = "local" },
        new AppDefinition { Name = "api", Source = "mono", Path = "apps/api", Cluster = "local" });

    private static HttpRequestMessage Post(string provider, byte[] body, string contentType = "application/json", string? secret = Secret, string delivery = "d-1", string @event = "push")
    {
        var message = new HttpRequestMessage(HttpMethod.Post, $"/api/webhooks/{provider}") { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        message.Headers.Add("X-GitHub-Event", @event);
        message.Headers.Add("X-GitHub-Delivery", delivery);
        if (secret is not null)
        {
            message.Headers.Add("X-Hub-Signature-256", "sha256=" + ProviderPayloads.HexHmac(secret, body));
        }

        return message;
    }

    private static byte[] PushTouching(params string[] paths) => Encoding.UTF8.GetBytes(ProviderPayloads.GitHubPush(
        "org/mono", "refs/heads/main", new string('1', 40), new string('2', 40), [new(Modified: paths)]));

    private static async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(WebhookTestHost host, HttpRequestMessage message)
    {
        using var response = await host.Client.SendAsync(message);
        var text = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    [Fact]
    public async Task Post_SignedPush_202WithJobIds()
    {
        var queue = new InMemoryJobQueue();
        await using var host = await WebhookTestHost.StartAsync(Options(), Catalog(), queue: queue);

        var (status, body) = await SendAsync(host, Post("github", PushTouching("apps/api/x.yaml")));

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("queued", body.GetProperty("status").GetString());
        var job = Assert.Single(queue.Jobs);
        Assert.Equal(job.JobId, body.GetProperty("jobs")[0].GetString());
        Assert.Equal("api", job.App);
    }

    [Fact]
    public async Task Post_EveryOctokitSignedPushExample_Accepted()
    {
        var examples = GitHubExamples.Load("push");
        var signatures = await GitHubSigner.SignAsync(examples.Select(e => (Secret, e)).ToList());
        var options = new GitOpsOptions { Sources = { ["hello"] = new SourceOptions { Url = "https://github.com/Codertocat/Hello-World", Branch = "master", WebhookSecrets = [Secret] } } };
        await using var host = await WebhookTestHost.StartAsync(options, new FixtureAppCatalog(new AppDefinition { Name = "readme", Source = "hello", Path = "docs", Cluster = "c" }));

        for (var i = 0; i < examples.Count; i++)
        {
            var message = Post("github", Encoding.UTF8.GetBytes(examples[i]), secret: null, delivery: $"ex-{i}");
            message.Headers.Add("X-Hub-Signature-256", signatures[i]);
            var (status, _) = await SendAsync(host, message);
            Assert.Equal(HttpStatusCode.Accepted, status);
        }
    }

    [Fact]
    public async Task Post_Redelivery_202WithOriginalJobsAndNothingNew()
    {
        var queue = new InMemoryJobQueue();
        await using var host = await WebhookTestHost.StartAsync(Options(), Catalog(), queue: queue);
        var body = PushTouching("apps/api/x.yaml", "apps/web/y.yaml");

        var (_, first) = await SendAsync(host, Post("github", body, delivery: "again"));
        var (status, second) = await SendAsync(host, Post("github", body, delivery: "again"));

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("duplicate", second.GetProperty("status").GetString());
        Assert.Equal(first.GetProperty("jobs").EnumerateArray().Select(j => j.GetString()), second.GetProperty("jobs").EnumerateArray().Select(j => j.GetString()));
        Assert.Equal(2, queue.Jobs.Count);
    }

    [Fact]
    public async Task StartAsync_InvalidWebhookOptions_FailsNamingTheSetting()
    {
        var ex = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(
            () => WebhookTestHost.StartAsync(Options(), Catalog(), new WebhookOptions { MaxBodyBytes = 0 }));
        Assert.Contains("GitOps:Webhooks:MaxBodyBytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_BadSignature_401CountedAndNothingQueued()
    {
        var queue = new InMemoryJobQueue();
        await using var host = await WebhookTestHost.StartAsync(Options(), Catalog(), queue: queue);

        var (status, body) = await SendAsync(host, Post("github", PushTouching("apps/api/x.yaml"), secret: "not-the-secret"));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("rejected", body.GetProperty("status").GetString());
        Assert.Empty(queue.Jobs);
        Assert.Equal(1, host.Rejections("signature_mismatch"));
    }

    [Theory]
    [InlineData("gitbucket", "application/json", HttpStatusCode.NotFound, "unknown_provider")]
    [InlineData("github", "text/plain", HttpStatusCode.UnsupportedMediaType, "unsupported_media_type")]
    [InlineData("github", "application/xml", HttpStatusCode.UnsupportedMediaType, "unsupported_media_type")]
    public async Task Post_WrongProviderOrContentType_RejectedAndCounted(string provider, string contentType, HttpStatusCode expected, string reason)
    {
        await using var host = await WebhookTestHost.StartAsync(Options(), Catalog());

        var (status, _) = await SendAsync(host, Post(provider, PushTouching("apps/api/x.yaml"), contentType));

        Assert.Equal(expected, status);
        Assert.Equal(1, host.Rejections(reason));
    }

    [Fact]
    public async Task Post_InvalidUtf8Signed_400WithReason()
    {
        await using var host = await WebhookTestHost.StartAsync(Options(), Catalog());
        byte[] body = [.. "{\"ref\":\"refs/heads/main\",\"x\":\""u8, 0xFF, 0xFE, .. "\"}"u8];

        var (status, json) = await SendAsync(host, Post("github", body));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("UTF-8", json.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, host.Rejections("invalid_body"));
    }

    [Fact]
    public async Task Post_TruncatedJsonSigned_400()
    {
        await using var host = await WebhookTestHost.StartAsync(Options(), Catalog());
        var full = PushTouching("apps/web/a");

        var (status, json) = await SendAsync(host, Post("github", full[..(full.Length - 5)]));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("not a valid", json.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_DeeplyNestedJsonSigned_400()
    {
        await using var host = await WebhookTestHost.StartAsync(Options(), Catalog());
        var body = Encoding.UTF8.GetBytes("{\"ref\":\"refs/heads/main\",\"x\":" + new string('[', 100_000) + new string(']', 100_000) + "}");

        var (status, _) = await SendAsync(host, Post("github", body));

        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    [Fact]
    public async Task Post_DeclaredLengthOverCap_413()
    {
        await using var host = await WebhookTestHost.StartAsync(Options(), Catalog(), new WebhookOptions { MaxBodyBytes = 1024 });

        var (status, _) = await SendAsync(host, Post("github", new byte[4096]));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal(1, host.Rejections("body_too_large"));
    }

    [Fact]
    public async Task Post_HugeChunkedBody_413WithoutReadingItAll()
    {
        const long total = 256L * 1024 * 1024;
        await using var host = await WebhookTestHost.StartAsync(Options(), Catalog(), new WebhookOptions { MaxBodyBytes = 1024 * 1024 }, kestrel: true);
        var content = new EndlessContent(total);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
        using var message = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/github") { Content = content };
        message.Headers.TransferEncodingChunked = true;
        message.Headers.Add("X-GitHub-Event", "push");
        message.Headers.Add("X-Hub-Signature-256", WrongSignature);

        HttpStatusCode? status = null;
        try
        {
            using var response = await host.Client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead);
            status = response.StatusCode;
        }
        catch (HttpRequestException)
        {
            // The server may close the connection before the client finishes sending; the response was already decided.
        }

        Assert.True(status is null or HttpStatusCode.RequestEntityTooLarge, $"status {status}");
        Assert.True(content.Produced < total, $"the client sent all {total} bytes");
        Assert.Equal(1, host.Rejections("body_too_large"));
    }

    private const string WrongSignature = "sha256=0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>Calls the webhook function directly, as the server would, with <paramref name="body"/> as the request body.</summary>
    private static (HttpContext Context, Task Handled) Invoke(WebhookTestHost host, string provider, Stream body, long? contentLength, params (string Name, string Value)[] headers)
    {
        var context = new DefaultHttpContext { RequestServices = host.Services };
        context.Request.Method = "POST";
        context.Request.ContentType = "application/json";
        context.Request.ContentLength = contentLength;
        context.Request.RouteValues["provider"] = provider;
        context.Request.Body = body;
        foreach (var (name, value) in headers)
        {
            context.Request.Headers[name] = value;
        }

        context.Response.Body = new MemoryStream();
        var function = host.Services.GetServices<IHttpFunction>().Single(f => f.Name == "webhook");
        return (context, function.HandleAsync(context));
    }

    private static JsonElement ResponseBody(HttpContext context) => JsonDocument.Parse(((MemoryStream)context.Response.Body).ToArray()).RootElement.Clone();

    [Fact]
    public async Task Post_ConcurrentUnauthenticatedBodiesBeyondTheBound_503WithRetryAfter_AndTheBoundIsGivenBack()
    {
        var webhook = new WebhookOptions { MaxBodyBytes = 1024 * 1024, MaxUnauthenticatedBytes = 1024 * 1024, BusyRetryAfter = TimeSpan.FromSeconds(7) };
        await using var host = await WebhookTestHost.StartAsync(Options(), Catalog(), webhook);
        var budget = host.Services.GetRequiredService<UnauthenticatedBodyBudget>();
        (string, string)[] headers = [("X-GitHub-Event", "push"), ("X-GitHub-Delivery", "d"), ("X-Hub-Signature-256", WrongSignature)];

        // A sends 768 KiB of its body and holds the rest back: its bytes are held while unauthenticated.
        var pipe = new System.IO.Pipelines.Pipe(new System.IO.Pipelines.PipeOptions(pauseWriterThreshold: 0));
        await pipe.Writer.WriteAsync(new byte[768 * 1024]);
        var (first, firstHandled) = Invoke(host, "github", pipe.Reader.AsStream(), null, headers);
        await Eventually.TrueAsync(() => Task.FromResult(budget.Held >= 768 * 1024), "the first body to be held");

        // Beyond the bound: refused while reading (no declared length), and at once when the declared length does not fit.
        var (streamed, streamedHandled) = Invoke(host, "github", new MemoryStream(new byte[512 * 1024]), null, headers);
        await streamedHandled;
        var (declared, declaredHandled) = Invoke(host, "github", new UnreadableStream(), 512 * 1024, headers);
        await declaredHandled;

        foreach (var refused in new[] { streamed, declared })
        {
            Assert.Equal(503, refused.Response.StatusCode);
            Assert.Equal("7", refused.Response.Headers.RetryAfter.ToString());
            Assert.Equal("unavailable", ResponseBody(refused).GetProperty("status").GetString());
        }

        Assert.True(budget.Held <= webhook.MaxUnauthenticatedBytes, $"held {budget.Held}");
        Assert.Equal(2, host.Rejections("busy"));

        // A finishes and fails verification; everything it held is given back, and the next body fits again.
        await pipe.Writer.WriteAsync(new byte[256 * 1024]);
        await pipe.Writer.CompleteAsync();
        await firstHandled;
        var (after, afterHandled) = Invoke(host, "github", new MemoryStream(new byte[512 * 1024]), null, headers);
        await afterHandled;

        Assert.Equal(401, first.Response.StatusCode);
        Assert.Equal(401, after.Response.StatusCode);
        Assert.Equal(0, budget.Held);
    }

    [Fact]
    public async Task Post_GitLabWrongToken_401WithoutReadingTheBody()
    {
        var options = new GitOpsOptions
        {
            Sources = { ["mono"] = new SourceOptions { Url = "https://gitlab.example.com/org/mono.git", Branch = "main", Provider = "gitlab", WebhookSecrets = ["gl-token"] } },
        };
        await using var host = await WebhookTestHost.StartAsync(options, Catalog());

        var (context, handled) = Invoke(host, "gitlab", new UnreadableStream(), 25L * 1024 * 1024, ("X-Gitlab-Event", "Push Hook"), ("X-Gitlab-Token", "wrong"));
        await handled;

        Assert.Equal(401, context.Response.StatusCode);
        Assert.Equal(1, host.Rejections("signature_mismatch"));
        Assert.Equal(0, host.Services.GetRequiredService<UnauthenticatedBodyBudget>().Held);
    }

    [Fact]
    public void WebhookOptions_UnauthenticatedBoundSmallerThanOneBody_IsInvalidNamingTheSetting()
    {
        var errors = new WebhookOptions { MaxBodyBytes = 2048, MaxUnauthenticatedBytes = 1024, BusyRetryAfter = TimeSpan.FromMilliseconds(1500) }.Validate();

        Assert.Contains(errors, e => e.StartsWith("GitOps:Webhooks:MaxUnauthenticatedBytes must be at least MaxBodyBytes", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("GitOps:Webhooks:BusyRetryAfter must be whole seconds", StringComparison.Ordinal));
    }

    /// <summary>A request body that must never be read.</summary>
    private sealed class UnreadableStream : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => 0; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new InvalidOperationException("the body was read");
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => throw new InvalidOperationException("the body was read");
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>A chunked body of <c>total</c> bytes that counts what the server pulled.</summary>
    private sealed class EndlessContent(long total) : HttpContent
    {
        private long _produced;

        public long Produced => Interlocked.Read(ref _produced);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var chunk = new byte[64 * 1024];
            Array.Fill(chunk, (byte)' ');
            while (Produced < total)
            {
                await stream.WriteAsync(chunk);
                Interlocked.Add(ref _produced, chunk.Length);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
