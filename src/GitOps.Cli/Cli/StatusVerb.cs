using System.CommandLine;
using GitOps.Functions.Status;

namespace GitOps.Cli;

/// <summary>`gitops status [app]`: per app its cluster, commit, sync result, health, drift and last sync/sweep.</summary>
public sealed class StatusVerb : ICliVerb
{
    /// <inheritdoc />
    public Command Build()
    {
        var common = new CommonOptions();
        var app = new Argument<string?>("app") { Description = "Show one app in detail (default: every app).", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("status", """
            Show each app's last sync and last drift sweep.

            Examples:
              gitops status
              gitops status guestbook --output json
              gitops status --url https://myapp.azurewebsites.net/api --token <key>

            Exit codes: 0 ok, 1 failure (storage unreachable), 2 usage or configuration error, 3 app not found.
            """)
        {
            app,
        };
        common.AddTo(command);
        command.SetAction(CliAction.For("status", common, async (context, parseResult, cancellationToken) =>
        {
            var source = context.OpenStatus();
            var name = parseResult.GetValue(app);
            IReadOnlyList<AppStatusView> views;
            if (name is null)
            {
                views = await source.ListAppsAsync(cancellationToken);
            }
            else
            {
                var view = await source.GetAppAsync(name, cancellationToken);
                if (view is null)
                {
                    var known = (await source.ListAppsAsync(cancellationToken)).Select(v => v.App).ToList();
                    throw new CliException(ExitCodes.NotFound,
                        $"app '{name}' not found; known apps: {(known.Count == 0 ? "(none)" : string.Join(", ", known))}");
                }

                views = [view];
            }

            await WriteAsync(context.Output, views, single: name is not null);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static async Task WriteAsync(CliOutput output, IReadOnlyList<AppStatusView> views, bool single)
    {
        if (output.Format == OutputFormat.Json)
        {
            await (single
                ? output.WriteJsonAsync(views[0], StatusJsonContext.Default.AppStatusView)
                : output.WriteJsonAsync(views, StatusJsonContext.Default.IReadOnlyListAppStatusView));
            return;
        }

        await output.WriteTableAsync(null,
            ["APP", "CLUSTER", "COMMIT", "SYNC", "HEALTH", "DRIFT", "LAST SYNC", "LAST SWEEP"],
            views.Select(v => (IReadOnlyList<string?>)[v.App, v.Cluster, CliOutput.Short(v.Commit), v.SyncResult, v.Health, v.DriftState,
                CliOutput.Time(v.LastSyncAt), CliOutput.Time(v.LastSweepAt)]));
        if (single)
        {
            var v = views[0];
            await output.WriteLineAsync();
            await output.WriteLineAsync($"Sync:  {v.SyncSummary ?? "-"}");
            await output.WriteLineAsync($"Drift: {(v.DriftFindings.Count > 0 ? $"{v.DriftState}, {v.DriftFindings.Count} finding(s):" : v.DriftSummary ?? "-")}");
            foreach (var finding in v.DriftFindings)
            {
                await output.WriteLineAsync($"  {finding}");
            }

            foreach (var change in v.Changes?.Where(c => c.Action != "unchanged") ?? [])
            {
                await output.WriteLineAsync($"  {change.Action,-10} {change.Object}{(change.Message is null ? "" : ": " + change.Message)}");
            }

            await output.WriteLineAsync($"Job:   {v.JobId ?? "-"}");
            foreach (var error in v.Errors)
            {
                await output.WriteLineAsync($"Error: {error}");
            }
        }
    }
}
