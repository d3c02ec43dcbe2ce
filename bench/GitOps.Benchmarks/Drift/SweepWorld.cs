using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using GitOps.Engine.Apps;
using GitOps.Engine.Drift.Sweep;
using GitOps.Engine.Inventory;
using GitOps.Engine.Rendering;
using GitOps.Engine.Sources;
using GitOps.Engine.Sync;
using GitOps.Kubernetes.Client;

namespace GitOps.Benchmarks.Drift;

/// <summary>
/// The apps of the sweep benchmark: their rendered objects in memory (and on disk for kubectl), and the
/// engine ports the sweeper reads them through. The cluster is seeded exactly as a sync leaves it.
/// </summary>
internal sealed class SweepWorld : ISourceFetcher, IAppCatalog, IAppRenderer
{
    public const string Source = "bench";
    public const string Cluster = "sim";
    public const string Commit = "0123456789abcdef0123456789abcdef01234567";

    private readonly Dictionary<string, IReadOnlyList<JsonObject>> rendered = new(StringComparer.Ordinal);

    public SweepWorld(int apps, int objectsPerApp, string directory)
    {
        Directory = directory;
        ObjectsPerApp = objectsPerApp;
        Apps = [.. Enumerable.Range(0, apps).Select(i => new AppDefinition
        {
            Name = AppName(i), Source = Source, Path = AppName(i), Cluster = Cluster, Namespace = AppName(i), DriftMode = DriftMode.Heal,
        })];
        foreach (var app in Apps)
        {
            rendered[app.Name] = [.. Enumerable.Range(0, objectsPerApp).Select(j => AppObject(app.Name, j))];
        }
    }

    public IReadOnlyList<AppDefinition> Apps { get; }

    /// <summary>Desired objects per app.</summary>
    public int ObjectsPerApp { get; }

    /// <summary>Where the app folders (one JSON file per object, as the sync applies them) are written for kubectl.</summary>
    public string Directory { get; }

    /// <summary>Renders counted, to prove the measured sweep renders nothing.</summary>
    public int Renders => renders;

    /// <summary>Distinct GroupKinds per app (each costs one LIST per sweep).</summary>
    public int KindsPerApp => rendered.Values.First().Select(o => o["kind"]!.GetValue<string>()).Distinct().Count();

    private int renders;

    public static string AppName(int i) => $"app-{i.ToString("D4", CultureInfo.InvariantCulture)}";

    public Task<string> ResolveHeadAsync(string source, CancellationToken cancellationToken = default) => Task.FromResult(Commit);

    public Task<SourceCheckout> CheckoutAsync(string source, string commit, CancellationToken cancellationToken = default) =>
        Task.FromResult(new SourceCheckout(source, commit, Directory));

    public Task<SourceApps> GetAppsAsync(string source, string? commit = null, CancellationToken cancellationToken = default) => Task.FromResult(SourceApps.Of(Apps));

    public Task<RenderResult> RenderAsync(AppDefinition app, string checkoutDirectory, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref renders);
        return Task.FromResult(new RenderResult([.. rendered[app.Name].Select(o => o.DeepClone().AsObject())], "bench"));
    }

    /// <summary>Applies every app as a sync would: the desired set (namespaced, ApplySet-labelled) by SSA as gitops-functions, then the parent Secret.</summary>
    public async Task SeedAsync(IKubernetesClient client, int concurrency, bool writeFiles, CancellationToken cancellationToken)
    {
        var options = new ApplyOptions(SyncAnnotations.FieldManager, Force: true);
        await Parallel.ForEachAsync(Apps, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (app, ct) =>
        {
            await client.ApplyAsync(new JsonObject
            {
                ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = app.Namespace },
            }, options, ct);
            var parentName = ApplySetParent.NameFor(app.Name);
            var id = ApplySetId.ForSecret(parentName, app.Namespace!);
            var desired = await DesiredSetBuilder.BuildAsync(rendered[app.Name], app, null, client, id, "default", new ChangeSet(), ct);
            if (writeFiles)
            {
                var dir = Path.Combine(Directory, app.Name);
                System.IO.Directory.CreateDirectory(dir);
                foreach (var obj in desired.Objects)
                {
                    var meta = obj["metadata"]!;
                    await File.WriteAllTextAsync(Path.Combine(dir, $"{obj["kind"]}-{meta["name"]}.json"), obj.ToJsonString(), ct);
                }
            }

            foreach (var obj in desired.Objects)
            {
                await client.ApplyAsync(obj, options, ct);
            }

            var parent = new ApplySetParent
            {
                Name = parentName,
                Namespace = app.Namespace!,
                GroupKinds = new SortedSet<string>(desired.Versions.Keys, StringComparer.Ordinal),
                Hashes = desired.Objects.ToDictionary(o => GitOps.Kubernetes.ObjectRef.Of(o).Key, DesiredStateHash.Of, StringComparer.Ordinal),
                LastSyncedCommit = Commit,
                LastSyncedAt = DateTimeOffset.UnixEpoch.ToString("O", CultureInfo.InvariantCulture),
            };
            await ApplySetParentStore.WriteAsync(client, parent, app.Name, exists: false, ct);
        });
    }

    private static JsonObject AppObject(string app, int j)
    {
        var labels = new JsonObject { ["app.kubernetes.io/name"] = app, ["app.kubernetes.io/part-of"] = "bench" };
        var name = $"{app}-{j.ToString("D3", CultureInfo.InvariantCulture)}";
        // 50 objects: 20 ConfigMaps, 10 Secrets, 10 ServiceAccounts, 5 Services, 5 Deployments (scaled for other counts).
        return (j % 10) switch
        {
            0 or 1 or 2 or 3 => new JsonObject
            {
                ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = labels },
                ["data"] = new JsonObject { ["app.properties"] = $"name={name}\nreplicas=3\nlog.level=info\n", ["feature"] = "on" },
            },
            4 or 5 => new JsonObject
            {
                ["apiVersion"] = "v1", ["kind"] = "Secret", ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = labels },
                ["type"] = "Opaque", ["stringData"] = new JsonObject { ["password"] = "not-a-real-secret-" + j.ToString(CultureInfo.InvariantCulture) },
            },
            6 or 7 => new JsonObject
            {
                ["apiVersion"] = "v1", ["kind"] = "ServiceAccount", ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = labels },
            },
            8 => new JsonObject
            {
                ["apiVersion"] = "v1", ["kind"] = "Service", ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = labels },
                ["spec"] = new JsonObject
                {
                    ["selector"] = new JsonObject { ["app"] = name },
                    ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["port"] = 80, ["targetPort"] = 8080, ["protocol"] = "TCP" }),
                },
            },
            _ => new JsonObject
            {
                ["apiVersion"] = "apps/v1", ["kind"] = "Deployment", ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = labels },
                ["spec"] = new JsonObject
                {
                    ["replicas"] = 2,
                    ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
                    ["template"] = new JsonObject
                    {
                        ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = name } },
                        ["spec"] = new JsonObject
                        {
                            ["containers"] = new JsonArray(new JsonObject
                            {
                                ["name"] = "web", ["image"] = "nginx:1.27",
                                ["ports"] = new JsonArray(new JsonObject { ["containerPort"] = 8080 }),
                                ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["cpu"] = "100m", ["memory"] = "128Mi" } },
                                ["env"] = new JsonArray(new JsonObject { ["name"] = "MODE", ["value"] = "prod" }),
                            }),
                        },
                    },
                },
            },
        };
    }
}

/// <summary>The drift store of the benchmark: in memory, so the figures are the sweep's and the cluster's, not Azurite's.</summary>
internal sealed class MemoryDriftStore : IDriftStore
{
    private readonly ConcurrentDictionary<string, AppDriftReport> latest = new(StringComparer.Ordinal);

    public Task RecordAsync(AppDriftReport report, CancellationToken cancellationToken = default)
    {
        latest[report.App] = report;
        return Task.CompletedTask;
    }

    public Task<AppDriftReport?> GetLatestAsync(string app, CancellationToken cancellationToken = default) => Task.FromResult(latest.GetValueOrDefault(app));

    public Task<IReadOnlyList<AppDriftReport>> GetHistoryAsync(string app, int max, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<AppDriftReport>>([]);
}
