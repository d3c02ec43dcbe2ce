using GitOps.KubeSim.Faults;
using GitOps.Kubernetes.Client;
using GitOps.Kubernetes.Tests.Support;

namespace GitOps.Kubernetes.Tests.Integration;

/// <summary>Retries, Retry-After, dropped connections, timeouts and cancellation, with faults injected by the simulator.</summary>
public sealed class ResilienceTests
{
    private static readonly ApplyOptions Apply = new("gitops-functions");

    [Fact]
    public async Task Apply_429WithRetryAfter_WaitsTheServersDelayThenSucceeds()
    {
        var clock = new RecordingTimeProvider();
        await using var sim = await SimCluster.StartAsync(timeProvider: clock);
        using var metrics = new MetricsRecorder(sim.Client.ClusterName);
        sim.Server.Faults.Add(new FaultRule { Kind = FaultKind.TooManyRequests, Verb = "apply", MaxCount = 1, RetryAfterSeconds = 1 });

        await sim.Client.ApplyAsync(SimCluster.ConfigMap("throttled"), Apply);

        Assert.Contains(TimeSpan.FromSeconds(1), clock.Delays);
        Assert.Equal(1, metrics.Count("apply configmaps 429"));
        Assert.Equal(1, metrics.Count("apply configmaps 200") + metrics.Count("apply configmaps 201"));
        Assert.NotNull(await sim.Client.GetAsync(SimCluster.ConfigMapKind, "default", "throttled"));
    }

    [Fact]
    public async Task Create_429_IsRetriedBecauseTheServerDidNotProcessIt()
    {
        await using var sim = await SimCluster.StartAsync();
        sim.Server.Faults.Add(new FaultRule { Kind = FaultKind.TooManyRequests, Verb = "create", MaxCount = 1, RetryAfterSeconds = 1 });

        await sim.Client.CreateAsync(SimCluster.ConfigMap("created-after-429"));

        Assert.Equal(2, sim.Server.Requests.Count("create", "configmaps"));
    }

    [Theory]
    [InlineData(FaultKind.InternalError)]
    [InlineData(FaultKind.ServiceUnavailable)]
    public async Task Get_5xx_IsRetriedUntilSuccess(FaultKind kind)
    {
        await using var sim = await SimCluster.StartAsync();
        await sim.Client.ApplyAsync(SimCluster.ConfigMap("flaky"), Apply);
        sim.Server.Requests.Reset();
        sim.Server.Faults.Add(new FaultRule { Kind = kind, Verb = "get", MaxCount = 2, RetryAfterSeconds = 0 });

        var fetched = await sim.Client.GetAsync(SimCluster.ConfigMapKind, "default", "flaky");

        Assert.NotNull(fetched);
        Assert.Equal(3, sim.Server.Requests.Count("get", "configmaps"));
    }

    [Fact]
    public async Task List_504_IsRetried()
    {
        await using var sim = await SimCluster.StartAsync();
        await sim.Client.ApplyAsync(SimCluster.ConfigMap("listed"), Apply);
        sim.Server.Requests.Reset();
        sim.Server.Faults.Add(new FaultRule { Kind = FaultKind.Timeout, Verb = "list", MaxCount = 1, Delay = TimeSpan.FromMilliseconds(1) });

        var list = await sim.Client.ListAsync(SimCluster.ConfigMapKind, "default");

        Assert.Single(list.Items);
        Assert.Equal(2, sim.Server.Requests.Count("list", "configmaps"));
    }

    [Fact]
    public async Task List_410Expired_RestartsTheList()
    {
        await using var sim = await SimCluster.StartAsync();
        foreach (var name in new[] { "a", "b", "c" })
        {
            await sim.Client.ApplyAsync(SimCluster.ConfigMap(name), Apply);
        }

        sim.Server.Requests.Reset();
        sim.Server.Faults.Add(new FaultRule { Kind = FaultKind.Expired, Verb = "list", MaxCount = 1 });

        var list = await sim.Client.ListAsync(SimCluster.ConfigMapKind, "default");

        Assert.Equal(3, list.Items.Count);
        Assert.Equal(2, sim.Server.Requests.Count("list", "configmaps"));
    }

    [Fact]
    public async Task List_410ExpiredEveryTime_ThrowsInsteadOfReturningPartialList()
    {
        await using var sim = await SimCluster.StartAsync();
        await sim.Client.ApplyAsync(SimCluster.ConfigMap("only"), Apply);
        sim.Server.Requests.Reset();
        sim.Server.Faults.Add(new FaultRule { Kind = FaultKind.Expired, Verb = "list" });

        var error = await Assert.ThrowsAsync<KubernetesApiException>(() => sim.Client.ListAsync(SimCluster.ConfigMapKind, "default"));

        Assert.True(error.IsExpired);
        Assert.Equal(4, sim.Server.Requests.Count("list", "configmaps"));
    }

    [Fact]
    public async Task Create_500_IsNotRetried()
    {
        await using var sim = await SimCluster.StartAsync();
        await sim.Client.GetResourceAsync(SimCluster.ConfigMapKind);
        sim.Server.Faults.Add(new FaultRule { Kind = FaultKind.InternalError, Verb = "create", MaxCount = 1 });

        var error = await Assert.ThrowsAsync<KubernetesApiException>(() => sim.Client.CreateAsync(SimCluster.ConfigMap("once")));

        Assert.Equal(500, error.Code);
        Assert.Equal(1, sim.Server.Requests.Count("create", "configmaps"));
    }

    [Theory]
    [InlineData("get")]
    [InlineData("list")]
    [InlineData("apply")]
    public async Task DroppedConnection_IdempotentRequest_IsRetried(string verb)
    {
        await using var sim = await SimCluster.StartAsync();
        await sim.Client.ApplyAsync(SimCluster.ConfigMap("dropped"), Apply);
        sim.Server.Requests.Reset();
        var rule = sim.Server.Faults.Add(new FaultRule { Kind = FaultKind.Abort, Verb = verb, MaxCount = 1 });

        Task task = verb switch
        {
            "get" => sim.Client.GetAsync(SimCluster.ConfigMapKind, "default", "dropped"),
            "list" => sim.Client.ListAsync(SimCluster.ConfigMapKind, "default"),
            _ => sim.Client.ApplyAsync(SimCluster.ConfigMap("dropped", value: "again"), Apply),
        };
        await task;

        Assert.Equal(1, sim.Server.Faults.Fired(rule));
        Assert.Equal(2, sim.Server.Requests.Count(verb, "configmaps"));
    }

    [Fact]
    public async Task DroppedConnection_Create_IsNeverRetried()
    {
        await using var sim = await SimCluster.StartAsync();
        // Warm the connection pool so the create goes out on a reused connection, the case where a handler might resend.
        await sim.Client.GetAsync(SimCluster.ConfigMapKind, "default", "warm");
        var rule = sim.Server.Faults.Add(new FaultRule { Kind = FaultKind.Abort, Verb = "create", MaxCount = 1 });

        var error = await Assert.ThrowsAsync<KubernetesApiException>(() => sim.Client.CreateAsync(SimCluster.ConfigMap("maybe")));

        Assert.True(error.IsTransportError);
        Assert.NotNull(error.InnerException);
        Assert.Equal(1, sim.Server.Faults.Fired(rule));
        Assert.Equal(1, sim.Server.Requests.Count("create", "configmaps"));
    }

    [Fact]
    public async Task Get_SlowerThanRequestTimeout_IsRetriedAfterTheTimeout()
    {
        await using var sim = await SimCluster.StartAsync(configure: o => o.RequestTimeout = TimeSpan.FromSeconds(1));
        await sim.Client.ApplyAsync(SimCluster.ConfigMap("slow"), Apply);
        sim.Server.Requests.Reset();
        sim.Server.Faults.Add(new FaultRule { Kind = FaultKind.Latency, Verb = "get", MaxCount = 1, Delay = TimeSpan.FromSeconds(30) });

        Assert.NotNull(await sim.Client.GetAsync(SimCluster.ConfigMapKind, "default", "slow"));
    }

    [Fact]
    public async Task Get_RetriesExhausted_ThrowsLastStatus()
    {
        await using var sim = await SimCluster.StartAsync(configure: o => o.MaxRetries = 2);
        await sim.Client.GetResourceAsync(SimCluster.ConfigMapKind);
        sim.Server.Faults.Add(new FaultRule { Kind = FaultKind.ServiceUnavailable, Verb = "get", RetryAfterSeconds = 0 });

        var error = await Assert.ThrowsAsync<KubernetesApiException>(() => sim.Client.GetAsync(SimCluster.ConfigMapKind, "default", "x"));

        Assert.Equal(503, error.Code);
        Assert.Equal(3, sim.Server.Requests.Count("get", "configmaps"));
    }

    [Fact]
    public async Task Get_Cancelled_ThrowsOperationCanceled()
    {
        await using var sim = await SimCluster.StartAsync();
        await sim.Client.GetResourceAsync(SimCluster.ConfigMapKind);
        sim.Server.Faults.Add(new FaultRule { Kind = FaultKind.Latency, Verb = "get", Delay = TimeSpan.FromSeconds(60) });
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sim.Client.GetAsync(SimCluster.ConfigMapKind, "default", "x", cts.Token));
    }
}
