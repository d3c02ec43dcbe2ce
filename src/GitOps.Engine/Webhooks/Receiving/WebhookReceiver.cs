using GitOps.Engine.Apps;
using GitOps.Engine.Configuration;
using GitOps.Engine.Jobs;
using GitOps.Engine.Sources;
using GitOps.Engine.Webhooks.Deliveries;
using GitOps.Engine.Webhooks.Matching;
using GitOps.Engine.Webhooks.Payloads;

namespace GitOps.Engine.Webhooks.Receiving;

/// <summary>Turns one webhook delivery into sync jobs: verify, parse, match, deduplicate, enqueue, answer.</summary>
/// <remarks>
/// Answers 2xx exactly when every job is durably enqueued (docs/architecture.md §D11), and each job is queued once per delivery
/// id: the <see cref="DeliveryEnqueuer"/> settles the claim so that a redelivery finds what was queued. A 503 before
/// anything was put releases the delivery id; the time budget covers only the steps before the first put.
/// </remarks>
public sealed class WebhookReceiver(
    GitOpsOptions gitOps,
    WebhookOptions options,
    IAppCatalog catalog,
    IJobQueue queue,
    IJobStore store,
    IDeliveryLog deliveries,
    TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _admission = new(options.MaxConcurrentDeliveries);

    /// <summary>Handles one delivery; exceptions from storage are turned into 503 answers, cancellation propagates.</summary>
    public async Task<WebhookResult> HandleAsync(WebhookRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!WebhookProviders.TryParse(request.Provider, out var provider))
        {
            return WebhookResult.Reject(404, "unknown_provider", $"unknown webhook provider '{Truncate(request.Provider)}'");
        }

        var form = WebhookMediaType.Classify(request.ContentType);
        if (form is null)
        {
            return WebhookResult.Reject(415, "unsupported_media_type", "content type must be application/json or application/x-www-form-urlencoded");
        }

        if (request.Body.Length > options.MaxBodyBytes)
        {
            return WebhookResult.Reject(413, "body_too_large", $"body exceeds {options.MaxBodyBytes} bytes");
        }

        var headers = WebhookHeaders.Parse(provider, new Dictionary<string, string>(request.Headers, StringComparer.OrdinalIgnoreCase));
        var raw = request.Body.Span;
        ReadOnlySpan<byte> json = raw;
        if (form == true)
        {
            var payload = FormPayload.TryExtract(raw);
            if (payload is null)
            {
                return WebhookResult.Reject(400, "invalid_body", "form body has no well-encoded 'payload' field");
            }

            json = payload;
        }

        // The HTTP layer verifies while the body streams in; a body handed over whole is verified here.
        var (verified, failure) = request.Authentication ?? SourceAuthenticator.Authenticate(provider, gitOps, headers, raw, json, formEncoded: form == true);
        if (verified.Count == 0)
        {
            return WebhookResult.Reject(401, SourceAuthenticator.Tag(failure), $"signature verification failed: {SourceAuthenticator.Tag(failure).Replace('_', ' ')}");
        }

        ParsedWebhook parsed;
        try
        {
            parsed = WebhookPayloadParser.Parse(provider, headers.Event, json);
        }
        catch (WebhookPayloadException ex)
        {
            return WebhookResult.Reject(400, "invalid_body", ex.Message);
        }

        return parsed switch
        {
            PingReceived => new WebhookResult(200, new WebhookResponse { Status = "pong", DeliveryId = headers.DeliveryId }),
            EventIgnored ignored => Ignored(ignored.Reason, headers.DeliveryId),
            PushReceived push => await HandlePushAsync(provider, headers, push, verified, cancellationToken).ConfigureAwait(false),
            _ => throw new InvalidOperationException($"Unhandled parse result {parsed.GetType().Name}."),
        };
    }

    private async Task<WebhookResult> HandlePushAsync(
        WebhookProvider provider, WebhookHeaders headers, PushReceived push, IReadOnlySet<string> verified, CancellationToken requestAborted)
    {
        // The sender gives up after ~10 s: a delivery that cannot even start within the budget is answered 503 at once.
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        budget.CancelAfter(options.EnqueueTimeout);
        var cancellationToken = budget.Token;
        var match = PushTargets.Find(provider, gitOps, push.Refs);
        if (match.MatchedSources.Count == 0)
        {
            return Ignored($"no configured source for repository '{Truncate(push.Refs[0].Repository)}'", headers.DeliveryId);
        }

        var forged = match.MatchedSources.FirstOrDefault(s => !verified.Contains(s));
        if (forged is not null)
        {
            // The signature verified for some other source's secret, not for the repository's own source.
            return WebhookResult.Reject(401, "signature_mismatch", $"signature verification failed for source '{forged}'");
        }

        if (match.Targets.Count == 0)
        {
            return Ignored(match.Skipped.Count > 0 ? match.Skipped[0] : "nothing to sync", headers.DeliveryId);
        }

        // Admission: a delivery that cannot start within the budget is answered 503 before anything is written.
        try
        {
            await _admission.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!requestAborted.IsCancellationRequested)
        {
            return Unavailable("overloaded", "too many deliveries in progress; redeliver later",
                new TimeoutException($"no delivery slot freed within {options.EnqueueTimeout} ({options.MaxConcurrentDeliveries} in progress)"));
        }

        try
        {
            return await DeliverAsync(provider, headers, match, budget, requestAborted).ConfigureAwait(false);
        }
        finally
        {
            _admission.Release();
        }
    }

    /// <summary>
    /// Claims, plans and enqueues an admitted delivery. Only planning is bound by the budget: the claim's insert and the
    /// puts are never cut short, since a cancelled request may still have reached storage, and the answer must be true.
    /// </summary>
    private async Task<WebhookResult> DeliverAsync(
        WebhookProvider provider, WebhookHeaders headers, PushTargets.Match match, CancellationTokenSource budget, CancellationToken requestAborted)
    {
        DeliveryClaim? claim = null;
        if (headers.DeliveryId is { } deliveryId)
        {
            try
            {
                claim = await deliveries.TryClaimAsync($"{provider.ToString().ToLowerInvariant()}:{deliveryId}", requestAborted).ConfigureAwait(false);
            }
            catch (Exception ex) when (!requestAborted.IsCancellationRequested)
            {
                return Unavailable("delivery_log_failed", "could not record the delivery", ex);
            }

            switch (claim.Outcome)
            {
                case DeliveryClaimOutcome.Duplicate:
                    return new WebhookResult(202, new WebhookResponse { Status = "duplicate", DeliveryId = deliveryId, Jobs = claim.JobIds });
                case DeliveryClaimOutcome.InProgress:
                    return WebhookResult.Reject(409, "delivery_in_progress", "the same delivery is being handled by another request; retry later");
            }
        }

        PlannedJobs planned;
        try
        {
            planned = await PlanJobsAsync(match.Targets, headers.DeliveryId, budget.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Nothing was put yet: give the delivery up so the sender's redelivery can succeed.
            if (claim is not null)
            {
                await ReleaseQuietlyAsync(claim).ConfigureAwait(false);
            }

            if (requestAborted.IsCancellationRequested)
            {
                throw;
            }

            return Unavailable("enqueue_failed", budget.IsCancellationRequested ? "could not queue the sync jobs in time" : "could not queue the sync jobs", ex);
        }

        // From here on nothing is cancelled: a put that started runs to its end, and the answer says what happened.
        var outcome = await new DeliveryEnqueuer(queue, store, deliveries).EnqueueAsync(claim, planned.Jobs).ConfigureAwait(false);
        if (outcome.EnqueueFailure is { } failure)
        {
            return Unavailable("enqueue_failed", outcome.JobIds.Count == 0
                ? "could not queue the sync jobs"
                : $"queued {outcome.JobIds.Count} of the sync jobs; a redelivery queues the rest", failure);
        }

        if (outcome.JobIds.Count == 0)
        {
            return Ignored("no app is affected by the changed paths", headers.DeliveryId) with { Error = outcome.BookkeepingFailure };
        }

        var skippedIds = planned.Skipped.Select(s => s.Job).ToHashSet(StringComparer.Ordinal);
        return new WebhookResult(202, new WebhookResponse
        {
            Status = "queued", DeliveryId = headers.DeliveryId, Reason = planned.Note,
            Jobs = [.. outcome.JobIds.Where(id => !skippedIds.Contains(id))], Skipped = planned.Skipped.Count == 0 ? null : planned.Skipped,
        }, Error: outcome.BookkeepingFailure);
    }

    /// <inheritdoc />
    public void Dispose() => _admission.Dispose();

    /// <summary>The jobs to queue, the affected apps among them that are invalid, and a note for the answer.</summary>
    private sealed record PlannedJobs(List<SyncJob> Jobs, List<SkippedApp> Skipped, string? Note);

    /// <remarks>
    /// An affected app whose definition is invalid gets a job as well: it fails at once, terminally, and so reports the
    /// problem in the app's status, the job list and the commit status; the answer lists it as skipped with its reason.
    /// </remarks>
    private async Task<PlannedJobs> PlanJobsAsync(IReadOnlyList<PushTarget> targets, string? deliveryId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var jobs = new List<SyncJob>();
        var skipped = new List<SkippedApp>();
        var notes = new List<string>();
        var seen = new HashSet<(string, string)>();
        foreach (var target in targets)
        {
            string? hint = target.Push.After;
            SourceApps apps;
            try
            {
                apps = await catalog.GetAppsAsync(target.SourceName, hint, cancellationToken).ConfigureAwait(false);
            }
            catch (CommitUnavailableException)
            {
                // The payload names a commit the source does not serve: it is only a hint (docs/architecture.md §D3), so the apps
                // are matched at the branch head, which the syncs reconcile to anyway.
                hint = null;
                apps = await catalog.GetAppsAsync(target.SourceName, null, cancellationToken).ConfigureAwait(false);
                notes.Add($"commit {Truncate(target.Push.After)} is not served by source '{target.SourceName}'; apps were matched at its branch head");
            }

            var invalid = AffectedApps.DefinitionsMayHaveChanged(target.Push.ChangedPaths, target.Source.AppsPath) ? apps.Invalid : [];
            foreach (var app in AffectedApps.Select(apps.Apps, target.Push.ChangedPaths, target.Source.AppsPath).Select(a => a.Name).Concat(invalid.Select(i => i.Name)))
            {
                if (!seen.Add((target.SourceName, app)))
                {
                    continue;
                }

                var job = new SyncJob
                {
                    SchemaVersion = SyncJob.CurrentSchemaVersion,
                    JobId = Guid.CreateVersion7(now).ToString("N"),
                    Source = target.SourceName,
                    App = app,
                    Reason = SyncReason.Push,
                    RequestedAt = now,
                    DeliveryId = deliveryId,
                    CommitHint = hint,
                    TraceParent = GitOps.Engine.Telemetry.GitOpsTelemetry.CurrentTraceParent(),
                };
                jobs.Add(job);
                if (apps.FindInvalid(app) is { } bad)
                {
                    skipped.Add(new SkippedApp(target.SourceName, app, bad.Reason, job.JobId));
                }
            }
        }

        return new PlannedJobs(jobs, skipped, notes.Count == 0 ? null : string.Join("; ", notes));
    }

    private async Task ReleaseQuietlyAsync(DeliveryClaim claim)
    {
        try
        {
            await deliveries.ReleaseAsync(claim, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // An unreleased claim expires after ClaimTimeout; until then a redelivery answers 409.
        }
    }

    private static WebhookResult Ignored(string reason, string? deliveryId)
        => new(202, new WebhookResponse { Status = "ignored", Reason = reason, DeliveryId = deliveryId });

    private static WebhookResult Unavailable(string rejection, string reason, Exception ex)
        => new(503, new WebhookResponse { Status = "unavailable", Reason = reason }, rejection, ex);

    private static string Truncate(string? s) => s is null ? "" : s.Length <= 100 ? s : s[..100];
}
