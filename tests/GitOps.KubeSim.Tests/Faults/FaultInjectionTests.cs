using System.Net;
using GitOps.KubeSim.Faults;
using GitOps.KubeSim.Tests.Api;
using GitOps.Testing.KubeSim;

namespace GitOps.KubeSim.Tests.Faults;

/// <summary>Each fault mode happens as configured, and the request log counts exactly.</summary>
public sealed class FaultInjectionTests
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";

    [Fact]
    public async Task TooManyRequests_AnswersRetryAfterForMaxCountThenRecovers()
    {
        await using var sim = await KubeSimInstance.StartAsync();
        using var client = sim.CreateHttpClient();
        var rule = sim.Server.Faults.Add(new FaultRule { Kind = FaultKind.TooManyRequests, MaxCount = 2, RetryAfterSeconds = 3 });

        using var first = await client.GetAsync(ConfigMaps);
        using var second = await client.GetAsync(ConfigMaps);
        using var third = await client.GetAsync(ConfigMaps);

        Assert.Equal(HttpStatusCode.TooManyRequests, first.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), first.Headers.RetryAfter?.Delta);
        Assert.Contains("\"reason\":\"TooManyRequests\"", await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.Equal(2, sim.Server.Faults.Fired(rule));
    }

    [Theory]
    [InlineData(FaultKind.InternalError, HttpStatusCode.InternalServerError, "InternalError")]
    [InlineData(FaultKind.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, "ServiceUnavailable")]
    public async Task ServerErrors_AnswerStatusWithReason(FaultKind kind, HttpStatusCode expected, string reason)
    {
        await using var sim = await KubeSimInstance.StartAsync();
        using var client = sim.CreateHttpClient();
        sim.Server.Faults.Add(new FaultRule { Kind = kind, MaxCount = 1 });

        var (status, body) = await Http.SendAsync(client, HttpMethod.Get, ConfigMaps);

        Assert.Equal(expected, status);
        Assert.Equal(reason, (string?)body!["reason"]);
    }

    [Fact]
    public async Task ScopedFault_OnlyHitsMatchingVerbAndResource()
    {
        await using var sim = await KubeSimInstance.StartAsync();
        using var client = sim.CreateHttpClient();
        sim.Server.Faults.Add(new FaultRule { Kind = FaultKind.InternalError, Verb = "apply", Resource = "configmaps" });

        var (listed, _) = await Http.SendAsync(client, HttpMethod.Get, ConfigMaps);
        var (appliedSecret, _) = await Http.ApplyAsync(client, "/api/v1/namespaces/default/secrets/s", "t", """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"}}""");
        var (appliedConfigMap, _) = await Http.ApplyAsync(client, ConfigMaps + "/c", "t", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"}}""");

        Assert.Equal(HttpStatusCode.OK, listed);
        Assert.Equal(HttpStatusCode.Created, appliedSecret);
        Assert.Equal(HttpStatusCode.InternalServerError, appliedConfigMap);
    }

    [Fact]
    public async Task Fraction_AffectsSomeButNotAllRequests_Reproducibly()
    {
        async Task<int> FailuresAsync()
        {
            await using var sim = await KubeSimInstance.StartAsync(new KubeSimOptions { FaultSeed = 7 });
            using var client = sim.CreateHttpClient();
            sim.Server.Faults.Add(new FaultRule { Kind = FaultKind.ServiceUnavailable, Probability = 0.5 });
            var failures = 0;
            for (var i = 0; i < 40; i++)
            {
                using var response = await client.GetAsync(ConfigMaps);
                failures += response.StatusCode == HttpStatusCode.ServiceUnavailable ? 1 : 0;
            }

            return failures;
        }

        var first = await FailuresAsync();
        var second = await FailuresAsync();

        Assert.InRange(first, 5, 35);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Latency_DelaysButServes()
    {
        await using var sim = await KubeSimInstance.StartAsync();
        using var client = sim.CreateHttpClient();
        var rule = sim.Server.Faults.Add(new FaultRule { Kind = FaultKind.Latency, Delay = TimeSpan.FromMilliseconds(50), MaxCount = 1 });

        using var response = await client.GetAsync(ConfigMaps);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, sim.Server.Faults.Fired(rule));
    }

    [Fact]
    public async Task Timeout_HoldsTheRequestUntilTheClientGivesUp()
    {
        await using var sim = await KubeSimInstance.StartAsync();
        using var client = sim.CreateHttpClient();
        client.Timeout = TimeSpan.FromMilliseconds(300);
        var rule = sim.Server.Faults.Add(new FaultRule { Kind = FaultKind.Timeout, Delay = TimeSpan.FromMinutes(5), MaxCount = 1 });

        await Assert.ThrowsAsync<TaskCanceledException>(() => client.GetAsync(ConfigMaps));

        Assert.Equal(1, sim.Server.Faults.Fired(rule));
    }

    [Fact]
    public async Task Timeout_WithShortHold_Answers504()
    {
        await using var sim = await KubeSimInstance.StartAsync();
        using var client = sim.CreateHttpClient();
        sim.Server.Faults.Add(new FaultRule { Kind = FaultKind.Timeout, Delay = TimeSpan.FromMilliseconds(10), MaxCount = 1 });

        var (status, body) = await Http.SendAsync(client, HttpMethod.Get, ConfigMaps);

        Assert.Equal(HttpStatusCode.GatewayTimeout, status);
        Assert.Equal("Timeout", (string?)body!["reason"]);
    }

    [Fact]
    public async Task Abort_DropsTheConnection()
    {
        await using var sim = await KubeSimInstance.StartAsync();
        using var client = sim.CreateHttpClient();
        sim.Server.Faults.Add(new FaultRule { Kind = FaultKind.Abort, MaxCount = 1 });

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(ConfigMaps));
        using var after = await client.GetAsync(ConfigMaps);

        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Contains(sim.Server.Requests.Entries, e => e.StatusCode == 0 && e.Verb == "list");
    }

    [Fact]
    public async Task RequestLog_CountsPerVerbAndResource_AndResets()
    {
        await using var sim = await KubeSimInstance.StartAsync();
        using var client = sim.CreateHttpClient();
        for (var i = 0; i < 3; i++)
        {
            await Http.ApplyAsync(client, $"{ConfigMaps}/c{i}", "t", $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c{{{i}}}"}}""");
        }

        await Http.ApplyAsync(client, $"{ConfigMaps}/c0", "t", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c0"}}""", dryRun: true);
        await Http.SendAsync(client, HttpMethod.Get, ConfigMaps);
        await Http.SendAsync(client, HttpMethod.Get, ConfigMaps + "/c1");
        await Http.SendAsync(client, HttpMethod.Get, "/apis");

        Assert.Equal(4, sim.Server.Requests.Count("apply", "configmaps"));
        Assert.Equal(1, sim.Server.Requests.Entries.Count(e => e.DryRun));
        Assert.Equal(1, sim.Server.Requests.Count("list", "configmaps"));
        Assert.Equal(1, sim.Server.Requests.Count("get"));
        Assert.Equal(1, sim.Server.Requests.Counters["discovery discovery"]);
        Assert.Equal(7, sim.Server.Requests.Total);
        sim.Server.Requests.Reset();
        Assert.Equal(0, sim.Server.Requests.Total);
        Assert.Empty(sim.Server.Requests.Entries);
    }
}
