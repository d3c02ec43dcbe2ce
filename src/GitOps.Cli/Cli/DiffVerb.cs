using System.CommandLine;
using System.Text.Json.Nodes;
using GitOps.Engine.Apps;
using GitOps.Engine.Configuration;
using GitOps.Engine.Diff;
using GitOps.Engine.Inventory;
using GitOps.Engine.Rendering;
using GitOps.Engine.Rendering.Validation;
using GitOps.Engine.Sources;
using GitOps.Engine.Sync;
using GitOps.Kubernetes;
using GitOps.Kubernetes.Client;
using GitOps.Kubernetes.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitOps.Cli;

/// <summary>`gitops diff &lt;app&gt;`: what a sync would change, as unified YAML diffs from live to the source head, Secrets masked.</summary>
/// <remarks>Exit codes follow `kubectl diff`: 0 no differences, 1 differences, 2 an error; 3 when the app is not declared.</remarks>
public sealed class DiffVerb : ICliVerb
{
    private static readonly System.Text.Json.JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <inheritdoc />
    public Command Build()
    {
        var common = new CommonOptions();
        var app = new Argument<string>("app") { Description = "The app to diff." };
        var source = new Option<string?>("--source") { Description = "The app's source (default: search every source in GitOps:Sources)." };
        var command = new Command("diff", """
            Render the app at its source's branch head, read the live objects from its cluster, and print what a sync would change
            (unified YAML diffs, live to desired; Secret values masked), then the members of the app's ApplySet that left Git:
            the objects a sync would prune, and those it keeps because they opt out or prune is off.

            Examples:
              gitops diff web
              gitops diff web --source platform --output json

            Exit codes (as kubectl diff): 0 no differences, 1 differences, 2 error, 3 app not found.
            """)
        {
            app, source,
        };
        common.AddTo(command);
        command.SetAction(CliAction.For("diff", common, async (context, parseResult, cancellationToken) =>
        {
            try
            {
                return await DiffAsync(context, parseResult.GetValue(app)!, parseResult.GetValue(source), cancellationToken);
            }
            catch (Exception ex) when (ex is SourceException or AppDefinitionException or RenderException or KubernetesApiException
                or KubernetesConfigurationException or HttpRequestException or ApplySetException)
            {
                throw new CliException(ExitCodes.UsageOrConfiguration, ex.Message, ex);
            }
        }));
        return command;
    }

    private static async Task<int> DiffAsync(CliContext context, string name, string? only, CancellationToken cancellationToken)
    {
        var options = context.GitOps();
        using var fetcher = new GitSourceFetcher(options, context.GitFetcher(), NullLogger<GitSourceFetcher>.Instance);
        var catalog = new GitAppCatalog(fetcher, options);
        var known = new List<string>();
        foreach (var sourceName in options.Sources.Keys.Where(s => only is null || string.Equals(s, only, StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal))
        {
            var commit = await fetcher.ResolveHeadAsync(sourceName, cancellationToken);
            var apps = await catalog.GetAppsAsync(sourceName, commit, cancellationToken);
            known.AddRange(apps.Apps.Select(a => a.Name));
            if (apps.Find(name) is { } definition)
            {
                return await DiffAppAsync(context, options, fetcher, definition, commit, cancellationToken);
            }

            if (apps.FindInvalid(name) is not null)
            {
                throw new CliException(ExitCodes.UsageOrConfiguration, apps.WhyNotSyncable(name, sourceName, commit));
            }
        }

        throw new CliException(ExitCodes.NotFound, $"app '{name}' not found; known apps: {(known.Count == 0 ? "(none)" : string.Join(", ", known.Order(StringComparer.Ordinal)))}");
    }

    private static async Task<int> DiffAppAsync(CliContext context, GitOpsOptions options, GitSourceFetcher fetcher, AppDefinition app, string commit, CancellationToken cancellationToken)
    {
        using var checkout = await fetcher.CheckoutAsync(app.Source, commit, cancellationToken);
        var rendered = await new AppRenderer(RenderOptions.Default, options).RenderAsync(app, checkout.Directory, cancellationToken);
        using var clients = new KubernetesClientFactory(options.Clusters.ToDictionary(c => c.Key, c => (ClusterConnectionOptions)c.Value, StringComparer.OrdinalIgnoreCase));
        var client = clients.GetClient(app.Cluster);
        var refs = new ObjectRef[rendered.Objects.Count];
        var versions = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < refs.Length; i++)
        {
            var desired = rendered.Objects[i];
            var gvk = GroupVersionKind.Of(desired);
            var metadata = desired["metadata"] as JsonObject ?? [];
            if (metadata["namespace"] is null && !ClusterScopedKinds.Contains(gvk.Group, gvk.Kind) && app.Namespace is not null)
            {
                metadata["namespace"] = app.Namespace;
            }

            refs[i] = ObjectRef.Of(desired);
            versions.TryAdd(GroupKindName.Of(refs[i]), gvk.Version);
        }

        // The ApplySet's members come from one LIST per kind; only objects that are not members yet cost a GET each.
        var sync = context.Configuration.GetSection(SyncPipelineOptions.SectionName).Get<SyncPipelineOptions>() ?? new SyncPipelineOptions();
        var inventory = await PrunePreview.ReadMembersAsync(client, app, sync.DefaultParentNamespace, versions, cancellationToken);
        var members = inventory.Live.SelectMany(l => l.Items).ToDictionary(i => ObjectRef.Of(i).Key, StringComparer.Ordinal);
        var lives = new JsonObject?[refs.Length];
        await Parallel.ForEachAsync(Enumerable.Range(0, refs.Length), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, ct) =>
            lives[i] = members.TryGetValue(refs[i].Key, out var member) ? member : await client.GetAsync(GroupVersionKind.Of(rendered.Objects[i]), refs[i].Namespace, refs[i].Name, ct));

        var diffs = new List<(string Object, string Diff)>();
        for (var i = 0; i < refs.Length; i++)
        {
            var diff = ObjectDiff.Unified(rendered.Objects[i], lives[i]);
            if (diff.Length > 0)
            {
                diffs.Add((refs[i].ToString(), diff));
            }
        }

        var prunes = PrunePreview.Select(app, inventory, refs.Length, refs.Select(r => r.Key).ToHashSet(StringComparer.Ordinal));
        if (context.Output.Format == OutputFormat.Json)
        {
            var json = new JsonObject
            {
                ["app"] = app.Name, ["source"] = app.Source, ["commit"] = commit, ["cluster"] = app.Cluster,
                ["diffs"] = new JsonArray([.. diffs.Select(d => (JsonNode)new JsonObject { ["object"] = d.Object, ["diff"] = d.Diff })]),
                ["prune"] = new JsonArray([.. prunes.Entries.Select(p => (JsonNode)new JsonObject { ["object"] = p.Object, ["action"] = p.Deleted ? "delete" : "keep", ["reason"] = p.Reason })]),
                ["pruneNote"] = prunes.Note,
            };
            await context.Output.WriteLineAsync(json.ToJsonString(Indented));
        }
        else
        {
            await context.Output.WriteLineAsync($"app '{app.Name}' at {CliOutput.Short(commit)} against cluster '{app.Cluster}': {diffs.Count} object(s) differ, {prunes.Deletes} would be pruned");
            foreach (var (_, diff) in diffs)
            {
                await context.Output.WriteLineAsync(diff.TrimEnd('\n'));
            }

            foreach (var entry in prunes.Entries)
            {
                await context.Output.WriteLineAsync(entry.Deleted ? $"prune: {entry.Object}" : $"keep:  {entry.Object}: {entry.Reason}");
            }

            if (prunes.Note is not null)
            {
                await context.Output.WriteLineAsync($"note: {prunes.Note}");
            }
        }

        return diffs.Count == 0 && prunes.Deletes == 0 ? ExitCodes.Ok : ExitCodes.Failure;
    }
}
