using System.CommandLine;
using GitOps.Engine.Drift.Sweep;
using GitOps.Engine.Status;
using GitOps.Functions.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GitOps.Cli;

/// <summary>`gitops sweep [app]`: runs the drift sweep now, with this machine's settings, and prints its report.</summary>
public sealed class SweepVerb : ICliVerb
{
    /// <inheritdoc />
    public Command Build()
    {
        var common = new CommonOptions();
        var app = new Argument<string?>("app") { Description = "Sweep one app (default: every app of every source).", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("sweep", """
            Run a drift sweep now, as the timer does: compare live objects with Git, record the result, heal or report.

            Examples:
              gitops sweep
              gitops sweep guestbook --output json

            Exit codes: 0 swept (in sync or healed), 1 failure or drift left in place, 2 usage or configuration error, 3 app not found.
            """)
        {
            app,
        };
        common.AddTo(command);
        command.SetAction(CliAction.For("sweep", common, async (context, parseResult, cancellationToken) =>
        {
            context.RequireStorage("sweep");
            await using var services = Compose(context);
            StartupValidation.ValidateAll(services);
            var sweeper = services.GetRequiredService<DriftSweeper>();
            IReadOnlyList<AppDriftReport> reports;
            if (parseResult.GetValue(app) is { } name)
            {
                var source = (await services.GetRequiredService<IAppStatusStore>().GetAsync(name, cancellationToken))?.Source
                    ?? throw new CliException(ExitCodes.NotFound, $"app '{name}' not found (it has never synced; see 'gitops status')");
                var report = await sweeper.SweepOneAsync(source, name, cancellationToken)
                    ?? throw new CliException(ExitCodes.NotFound, $"app '{name}' is no longer declared in source '{source}'");
                reports = [report];
            }
            else
            {
                reports = await sweeper.SweepAllAsync(cancellationToken);
            }

            await WriteAsync(context.Output, reports);
            return reports.Any(r => r.State is DriftState.Error || (r.State is DriftState.Drifted && r.JobId is null)) ? ExitCodes.Failure : ExitCodes.Ok;
        }));
        return command;
    }

    // The same composition as the hosts, with the CLI's settings (and --storage) and warnings on stderr.
    private static ServiceProvider Compose(CliContext context)
    {
        var configuration = new ConfigurationBuilder().AddConfiguration(context.Configuration);
        if (context.StorageOverride is { } storage)
        {
            configuration.AddInMemoryCollection([new(StorageOptions.SettingName, storage)]);
        }

        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration.Build())
            .AddLogging(logging => logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning))
            .AddGitOpsFunctions();
        return services.BuildServiceProvider();
    }

    private static async Task WriteAsync(CliOutput output, IReadOnlyList<AppDriftReport> reports)
    {
        var views = reports.Select(r => new SweepReportView(r.App, r.Source, r.Cluster, r.State.ToString(), r.Commit, r.Compared,
            [.. r.Findings.Select(f => f.ToString())], r.Action, r.JobId, r.Error)).ToList();
        if (output.Format == OutputFormat.Json)
        {
            await output.WriteJsonAsync<IReadOnlyList<SweepReportView>>(views, CliJsonContext.Default.IReadOnlyListSweepReportView);
            return;
        }

        await output.WriteTableAsync("Drift sweep", ["APP", "SOURCE", "STATE", "COMPARED", "ACTION"],
            views.Select(v => (IReadOnlyList<string?>)[v.App, v.Source, v.State, v.Compared.ToString(System.Globalization.CultureInfo.InvariantCulture), v.Error ?? v.Action]));
        foreach (var view in views.Where(v => v.Findings.Count > 0))
        {
            foreach (var finding in view.Findings)
            {
                await output.WriteLineAsync($"  {view.App}: {finding}");
            }
        }
    }
}

/// <summary>One app's sweep result as `gitops sweep` prints it.</summary>
public sealed record SweepReportView(
    string App, string Source, string Cluster, string State, string? Commit, int Compared, IReadOnlyList<string> Findings, string? Action, string? JobId, string? Error);
