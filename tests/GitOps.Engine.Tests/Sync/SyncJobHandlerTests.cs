using System.Text.Json.Nodes;
using GitOps.Engine.Apps;
using GitOps.Engine.Inventory;
using GitOps.Engine.Jobs;
using GitOps.Engine.Notifications;
using GitOps.Engine.Status;
using GitOps.Engine.Sync;
using GitOps.Kubernetes.Client;

namespace GitOps.Engine.Tests.Sync;

public sealed class SyncJobHandlerTests
{
    private static JsonObject Ns(string name = "web") => TestObjects.Make("v1", "Namespace", name);

    private static JsonObject[] App(int configMaps, string changed = "v") =>
        [Ns(), .. Enumerable.Range(0, configMaps).Select(i => TestObjects.ConfigMap($"cm-{i}", "web", i == 0 ? changed : "v"))];

    [Fact]
    public async Task HandleAsync_FirstPush_AppliesAllWithApplySetLabelsAndRecordsSuccess()
    {
        var h = new SyncHarness();
        var commit = h.Push(App(3));
        var job = h.Job();

        await h.RunAsync(job);

        var parent = h.Cluster.Find("Secret", "web", "applyset-web")!;
        var id = ApplySetId.ForSecret("applyset-web", "web");
        Assert.Equal(id, parent["metadata"]!["labels"]![ApplySetLabels.Id]!.GetValue<string>());
        Assert.Equal("ConfigMap,Namespace", parent["metadata"]!["annotations"]![ApplySetLabels.ContainsGroupKinds]!.GetValue<string>());
        Assert.Equal(commit, parent["metadata"]!["annotations"]![ApplySetLabels.LastSyncedCommit]!.GetValue<string>());
        var cm = h.Cluster.Find("ConfigMap", "web", "cm-2")!;
        Assert.Equal(id, cm["metadata"]!["labels"]![ApplySetLabels.PartOf]!.GetValue<string>());
        Assert.Equal("gitops-functions", cm["metadata"]!["managedFields"]![0]!["manager"]!.GetValue<string>());
        Assert.Equal(JobState.Succeeded, h.Record(job.JobId).State);
        Assert.Equal(commit, h.Record(job.JobId).Commit);
        Assert.Equal(4, h.Status.Created);
        Assert.Equal(SyncResult.Succeeded, h.Status.Result);
        Assert.Equal([CommitState.Pending, CommitState.Success], h.Notifications.Select(n => n.State));
    }

    [Fact]
    public async Task HandleAsync_PushChangingOneObject_AppliesExactlyOneWithBoundedReads()
    {
        var h = new SyncHarness();
        h.Push(App(200));
        await h.RunAsync(h.Job());
        h.Push(App(200, changed: "new"));
        h.Cluster.ResetCounters();

        await h.RunAsync(h.Job());

        Assert.Equal(1, h.Cluster.Applies);
        Assert.True(h.Cluster.Reads <= 2 + 2, $"reads {h.Cluster.Reads}");
        Assert.Equal("new", h.Cluster.Find("ConfigMap", "web", "cm-0")!["data"]!["k"]!.GetValue<string>());
        Assert.Equal(1, h.Status.Configured);
        Assert.Equal(200, h.Status.Unchanged);
    }

    [Fact]
    public async Task HandleAsync_ManualSync_AppliesEverything()
    {
        var h = new SyncHarness();
        h.Push(App(5));
        await h.RunAsync(h.Job());
        h.Cluster.ResetCounters();

        await h.RunAsync(h.Job(SyncReason.Manual));

        Assert.Equal(6, h.Cluster.Applies);
    }

    [Fact]
    public async Task HandleAsync_ObjectRemovedFromGit_IsPruned()
    {
        var h = new SyncHarness();
        h.Push(App(3));
        await h.RunAsync(h.Job());
        h.Push(App(2));

        await h.RunAsync(h.Job());

        Assert.Null(h.Cluster.Find("ConfigMap", "web", "cm-2"));
        Assert.NotNull(h.Cluster.Find("ConfigMap", "web", "cm-1"));
        Assert.Equal(1, h.Status.Pruned);
    }

    [Fact]
    public async Task HandleAsync_EmptyRender_PrunesNothingAndSaysWhy()
    {
        var h = new SyncHarness();
        h.Push(App(3));
        await h.RunAsync(h.Job());
        h.Push();
        var job = h.Job();

        await h.RunAsync(job);

        Assert.NotNull(h.Cluster.Find("ConfigMap", "web", "cm-2"));
        Assert.Equal(0, h.Cluster.Deletes);
        Assert.Contains("render produced no objects", h.Record(job.JobId).Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_EmptyRenderWithAllowEmpty_PrunesEverything()
    {
        var h = new SyncHarness();
        h.Cluster.Put(Ns());
        h.Push(TestObjects.ConfigMap("a", "default"));
        await h.RunAsync(h.Job());
        Assert.NotNull(h.Cluster.Find("ConfigMap", "default", "a"));
        h.App = h.App with { AllowEmpty = true };
        h.Push();

        await h.RunAsync(h.Job());

        Assert.Null(h.Cluster.Find("ConfigMap", "default", "a"));
    }

    [Fact]
    public async Task HandleAsync_OutOfOrderJobs_ConvergeOnHead()
    {
        var h = new SyncHarness();
        var first = h.Push(App(2, changed: "one"));
        h.Push(App(2, changed: "two"));
        var late = h.Job(hint: first);

        await h.RunAsync(h.Job());
        await h.RunAsync(late);
        await h.RunAsync(late);

        Assert.Equal("two", h.Cluster.Find("ConfigMap", "web", "cm-0")!["data"]!["k"]!.GetValue<string>());
        Assert.Equal(h.Head, h.Record(late.JobId).Commit);

        // The stale hint went to the fetch (as a guess that saves a round trip), never into the sync.
        Assert.Equal([null, first, first], h.ExpectedHeads);
    }

    [Fact]
    public async Task HandleAsync_LeaseHeld_ReEnqueuesWithDelayInsteadOfFailing()
    {
        var h = new SyncHarness();
        h.Push(App(1));
        await using var other = await h.Lease.TryAcquireAsync("web", TimeSpan.FromMinutes(1));
        var job = h.Job();

        await h.RunAsync(job);

        var (again, delay) = Assert.Single(h.Enqueued);
        Assert.Equal(job.JobId, again.JobId);
        Assert.Equal(h.Options.LeaseBusyDelay, delay);
        Assert.Null(h.Cluster.Find("ConfigMap", "web", "cm-0"));
    }

    [Fact]
    public async Task HandleAsync_TransientApplyFailure_RethrowsAndNeverPrunes()
    {
        var h = new SyncHarness();
        h.Push(App(3));
        await h.RunAsync(h.Job());
        h.Push(App(2, changed: "x"));
        h.Cluster.Fault = (verb, kind) =>
        {
            if (verb == "apply")
            {
                throw new KubernetesApiException("Too many requests", 429, "TooManyRequests");
            }
        };
        var job = h.Job();

        var ex = await Assert.ThrowsAsync<SyncStepException>(() => h.RunAsync(job));

        Assert.True(ex.Retryable);
        Assert.Equal(SyncStep.Apply, ex.Step);
        Assert.NotNull(h.Cluster.Find("ConfigMap", "web", "cm-2"));

        h.Cluster.Fault = null;
        await h.RunAsync(job, attempt: 2);
        Assert.Null(h.Cluster.Find("ConfigMap", "web", "cm-2"));
        Assert.Equal("x", h.Cluster.Find("ConfigMap", "web", "cm-0")!["data"]!["k"]!.GetValue<string>());
    }

    [Fact]
    public async Task HandleAsync_ListFailsForAKind_NothingOfThatKindIsDeleted()
    {
        var h = new SyncHarness();
        h.Push(App(3));
        await h.RunAsync(h.Job());
        h.Push(Ns());
        h.Cluster.Fault = (verb, kind) =>
        {
            if (verb == "list" && kind == "ConfigMap")
            {
                throw new KubernetesApiException("etcd timeout", 500, "InternalError");
            }
        };

        await Assert.ThrowsAsync<SyncStepException>(() => h.RunAsync(h.Job()));

        Assert.Equal(0, h.Cluster.Deletes);
        Assert.NotNull(h.Cluster.Find("ConfigMap", "web", "cm-0"));
    }

    [Fact]
    public async Task HandleAsync_PruneOptOut_KeepsObjectAndReportsSkipped()
    {
        var h = new SyncHarness();
        var keep = TestObjects.Make("v1", "ConfigMap", "keep", "web", new() { ["gitops-functions.io/prune"] = "disabled" });
        h.Push(Ns(), keep);
        await h.RunAsync(h.Job());
        h.Push(Ns());

        await h.RunAsync(h.Job());

        Assert.NotNull(h.Cluster.Find("ConfigMap", "web", "keep"));
        Assert.Contains("ConfigMap", h.Cluster.Find("Secret", "web", "applyset-web")!["metadata"]!["annotations"]![ApplySetLabels.ContainsGroupKinds]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_ParentOwnedByOtherTooling_FailsWithoutTouchingAnything()
    {
        var h = new SyncHarness();
        h.Cluster.Put(TestObjects.Make("v1", "Namespace", "web"));
        h.Cluster.Put(TestObjects.Make("v1", "Secret", "applyset-web", "web", new() { [ApplySetLabels.Tooling] = "kubectl/v1.32" }, new() { [ApplySetLabels.Id] = ApplySetId.ForSecret("applyset-web", "web") }));
        h.Push(App(1));
        var job = h.Job();

        var terminal = await h.RunAsync(job);

        Assert.Equal(JobState.Failed, terminal.State);

        Assert.Contains("kubectl/v1.32", terminal.Error, StringComparison.Ordinal);
        Assert.Equal(JobState.Failed, h.Record(job.JobId).State);
        Assert.Contains("kubectl/v1.32", h.Record(job.JobId).Error, StringComparison.Ordinal);
        Assert.Equal(0, h.Cluster.Applies);
        Assert.Equal(CommitState.Failure, h.Notifications[^1].State);
    }

    [Fact]
    public async Task HandleAsync_RecordsTheLastSyncObjectByObject_ChangedFirst()
    {
        var h = new SyncHarness();
        h.Push(App(3));
        await h.RunAsync(h.Job());
        Assert.Equal(["created"], h.Status.Changes!.Select(c => c.Action).Distinct());
        Assert.Contains(new ObjectChange("created", "ConfigMap/web/cm-2"), h.Status.Changes!);

        h.Push(App(3, changed: "new"));
        await h.RunAsync(h.Job());

        // The one configured object leads; the unchanged follow, so a cut list loses them first.
        Assert.Equal(new ObjectChange("configured", "ConfigMap/web/cm-0"), h.Status.Changes![0]);
        Assert.Equal(3, h.Status.Changes!.Count(c => c.Action == "unchanged"));
    }

    [Fact]
    public async Task HandleAsync_ResumedPass_KeepsWhatThePushChanged()
    {
        var h = new SyncHarness();
        h.Push(Ns(), TestObjects.Make("apps/v1", "Deployment", "api", "web", spec: new JsonObject { ["replicas"] = 2 }));
        await h.RunAsync(h.Job());
        var (resume, _) = Assert.Single(h.Enqueued);
        var live = h.Cluster.Find("Deployment", "web", "api")!.DeepClone().AsObject();
        live["status"] = new JsonObject
        {
            ["observedGeneration"] = live["metadata"]!["generation"]?.DeepClone(), ["replicas"] = 2, ["updatedReplicas"] = 2, ["readyReplicas"] = 2, ["availableReplicas"] = 2,
        };
        h.Cluster.Put(live);

        await h.RunAsync(resume);

        Assert.Equal("Healthy", h.Status.Health);
        Assert.Contains(new ObjectChange("created", "Deployment/web/api"), h.Status.Changes!);
        Assert.DoesNotContain(h.Status.Changes!, c => c.Action == "unchanged");
    }

    [Fact]
    public async Task HandleAsync_DeploymentProgressing_ReEnqueuesResumeThenTimesOutDegraded()
    {
        var h = new SyncHarness();
        var deployment = TestObjects.Make("apps/v1", "Deployment", "api", "web", spec: new JsonObject { ["replicas"] = 2 });
        h.Push(Ns(), deployment);
        var job = h.Job();

        await h.RunAsync(job);

        var (resume, delay) = Assert.Single(h.Enqueued);
        Assert.Equal(SyncReason.Resume, resume.Reason);
        Assert.Equal(h.Options.ResumeDelay, delay);
        Assert.Equal(JobState.Progressing, h.Record(job.JobId).State);
        Assert.Equal(SyncResult.Progressing, h.Status.Result);

        h.Time.Advance(h.Options.SyncTimeout + TimeSpan.FromSeconds(1));
        h.Cluster.ResetCounters();
        await h.RunAsync(resume);

        // The push fetched the head in one step; the resumed pass only asked whether it moved.
        Assert.Equal(["fetch", "resolve"], h.HeadRequests);

        Assert.Equal(0, h.Cluster.Applies);
        Assert.Equal(JobState.Failed, h.Record(job.JobId).State);
        Assert.Equal("Degraded", h.Status.Health);
        Assert.Contains("Deployment/web/api", h.Record(job.JobId).Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_ImmutableFieldWithoutOptIn_FailsObjectAndSaysHow()
    {
        var h = new SyncHarness();
        h.Push(App(1));
        await h.RunAsync(h.Job());
        h.Push(App(1, changed: "immutable"));
        h.Cluster.Fault = (verb, kind) =>
        {
            if (verb == "apply" && kind == "ConfigMap")
            {
                throw new KubernetesApiException("field is immutable", 422, "Invalid");
            }
        };
        var job = h.Job();

        await h.RunAsync(job);

        Assert.Equal(JobState.Failed, h.Record(job.JobId).State);
        Assert.Contains("Recreate=true", h.Status.Errors.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_ImmutableFieldWithOptIn_RecreatesAndSaysSo()
    {
        var h = new SyncHarness();
        h.App = h.App with { SyncOptions = new GitOps.Engine.Apps.SyncOptions { RecreateOnImmutable = true } };
        h.Push(App(1));
        await h.RunAsync(h.Job());
        h.Push(App(1, changed: "immutable"));
        var failOnce = true;
        h.Cluster.Fault = (verb, kind) =>
        {
            if (verb == "apply" && kind == "ConfigMap" && failOnce)
            {
                failOnce = false;
                throw new KubernetesApiException("field is immutable", 422, "Invalid");
            }
        };
        var job = h.Job();

        await h.RunAsync(job);

        Assert.Equal(JobState.Succeeded, h.Record(job.JobId).State);
        Assert.Equal(1, h.Cluster.Deletes);
        Assert.Equal("immutable", h.Cluster.Find("ConfigMap", "web", "cm-0")!["data"]!["k"]!.GetValue<string>());
        Assert.Contains("1 recreated", h.Record(job.JobId).Summary, StringComparison.Ordinal);
        Assert.StartsWith("0 created, 0 configured,", h.Record(job.JobId).Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_InvalidDefinition_EndsTerminallyAndNamesTheProblemInStatusJobAndCommitStatus()
    {
        var h = new SyncHarness();
        h.Push(App(1));
        await ((IAppStatusStore)h).UpsertAsync(new AppStatus
        {
            App = "web", Source = "platform", Result = SyncResult.Failed, Health = "Unknown", Errors = ["an older, unrelated error"], Summary = "an older, unrelated error",
        });
        h.InvalidApps.Add(new InvalidApp("web", ".gitops/web.yaml:1", [".gitops/web.yaml:5: spec.path: spec.path '../outside' must not contain '..'"]));
        var job = h.Job();

        var terminal = await h.RunAsync(job);

        Assert.Equal(JobState.Failed, terminal.State);

        Assert.Contains("spec.path '../outside'", terminal.Error, StringComparison.Ordinal);
        Assert.Equal(JobState.Failed, h.Record(job.JobId).State);
        Assert.Contains("spec.path '../outside'", h.Record(job.JobId).Error, StringComparison.Ordinal);
        Assert.Equal(SyncResult.Failed, h.Status.Result);
        Assert.Contains("spec.path '../outside'", Assert.Single(h.Status.Errors), StringComparison.Ordinal);
        Assert.Equal(CommitState.Failure, h.Notifications[^1].State);
        Assert.Contains("spec.path '../outside'", h.Notifications[^1].Description, StringComparison.Ordinal);
        Assert.Equal(0, h.Cluster.Applies);
    }

    [Fact]
    public async Task HandleAsync_RenderFails_EndsTerminally()
    {
        var h = new SyncHarness();
        h.Push(TestObjects.ConfigMap("Bad_Name", "web"));
        h.RenderFailure = new GitOps.Engine.Rendering.RenderException(["cm.yaml: ConfigMap/Bad_Name: name 'Bad_Name' must be a DNS-1123 subdomain"]);
        var job = h.Job();

        var terminal = await h.RunAsync(job);

        Assert.Equal(JobState.Failed, terminal.State);

        Assert.StartsWith("Render failed:", terminal.Error, StringComparison.Ordinal);
        Assert.Equal(JobState.Failed, h.Record(job.JobId).State);
    }

    [Fact]
    public async Task HandleAsync_AppNameTakenByAnotherSource_RejectedWithoutTouchingItsStatusOrObjects()
    {
        var h = new SyncHarness();
        h.Push(App(1));
        var theirs = new AppStatus { App = "web", Source = "other", Result = SyncResult.Succeeded, Health = "Healthy", Summary = "theirs" };
        await ((IAppStatusStore)h).UpsertAsync(theirs);
        var job = h.Job();

        var terminal = await h.RunAsync(job);

        Assert.Equal(JobState.Failed, terminal.State);

        Assert.Contains("already belongs to source 'other'", terminal.Error, StringComparison.Ordinal);
        Assert.Equal(JobState.Failed, h.Record(job.JobId).State);
        Assert.Same(theirs, h.Status);
        Assert.Equal(0, h.Cluster.Applies);
    }

    [Fact]
    public async Task HandleAsync_ParentOfAnotherSourcesApp_IsNeverTakenOverOrPruned()
    {
        var h = new SyncHarness();
        h.Cluster.Put(Ns());
        h.Cluster.Put(TestObjects.Make("v1", "Secret", "applyset-web", "web",
            new() { [ApplySetLabels.Tooling] = ApplySetLabels.OurTooling, [ApplySetLabels.Source] = "other", [ApplySetLabels.ContainsGroupKinds] = "ConfigMap" },
            new() { [ApplySetLabels.Id] = ApplySetId.ForSecret("applyset-web", "web") }));
        h.Cluster.Put(TestObjects.Make("v1", "ConfigMap", "theirs", "web", labels: new() { [ApplySetLabels.PartOf] = ApplySetId.ForSecret("applyset-web", "web") }));
        h.Push(App(1));

        var terminal = await h.RunAsync(h.Job());

        Assert.Equal(JobState.Failed, terminal.State);

        Assert.Contains("belongs to source 'other'", terminal.Error, StringComparison.Ordinal);
        Assert.NotNull(h.Cluster.Find("ConfigMap", "web", "theirs"));
        Assert.Equal(0, h.Cluster.Applies);
        Assert.Equal(0, h.Cluster.Deletes);
    }

    [Fact]
    public async Task HandleAsync_ParentWithoutSource_IsClaimedByTheSourceThatSyncsIt()
    {
        var h = new SyncHarness();
        h.Push(App(1));
        await h.RunAsync(h.Job());
        var parent = h.Cluster.Find("Secret", "web", "applyset-web")!;
        ((JsonObject)parent["metadata"]!["annotations"]!).Remove(ApplySetLabels.Source);
        h.Cluster.Put(parent);

        await h.RunAsync(h.Job(SyncReason.Manual));

        Assert.Equal("platform", h.Cluster.Find("Secret", "web", "applyset-web")!["metadata"]!["annotations"]![ApplySetLabels.Source]!.GetValue<string>());
    }

    [Fact]
    public async Task HandleAsync_HealPlannedBeforeAPush_DoesNotMarkThePushApplied()
    {
        var h = new SyncHarness();
        var swept = h.Push(App(2));
        await h.RunAsync(h.Job());
        h.Push(App(2, changed: "pushed"));
        var heal = h.Job(SyncReason.Drift, hint: swept) with { Objects = [ObjectRefKey(TestObjects.ConfigMap("cm-1", "web"))] };

        await h.RunAsync(heal);
        await h.RunAsync(h.Job());

        Assert.Equal("pushed", h.Cluster.Find("ConfigMap", "web", "cm-0")!["data"]!["k"]!.GetValue<string>());
    }

    [Fact]
    public async Task HandleAsync_HealAtTheSweptHead_AppliesOnlyTheDriftedObjects()
    {
        var h = new SyncHarness();
        var head = h.Push(App(2));
        await h.RunAsync(h.Job());
        h.Cluster.ResetCounters();
        var heal = h.Job(SyncReason.Drift, hint: head) with { Objects = [ObjectRefKey(TestObjects.ConfigMap("cm-1", "web"))] };

        await h.RunAsync(heal);

        Assert.Equal(1, h.Cluster.Applies);
    }

    private static string ObjectRefKey(JsonObject obj) => GitOps.Kubernetes.ObjectRef.Of(obj).Key;

    [Fact]
    public async Task HandleAsync_CrdAndCustomResource_AppliesCrdFirstThenResource()
    {
        var h = new SyncHarness();
        h.Cluster.CustomKinds.Add("Widget");
        var crd = TestObjects.Make("apiextensions.k8s.io/v1", "CustomResourceDefinition", "widgets.example.com", spec: JsonNode.Parse("""{"group":"example.com","scope":"Namespaced","names":{"kind":"Widget","plural":"widgets"}}""")!.AsObject());
        h.Push(Ns(), TestObjects.Make("example.com/v1", "Widget", "w"), crd);
        var job = h.Job();

        await h.RunAsync(job);

        Assert.True(JobState.Succeeded == h.Record(job.JobId).State, h.Record(job.JobId).Error + " | " + h.Record(job.JobId).Summary);
        Assert.NotNull(h.Cluster.Find("Widget", "web", "w"));
    }

    [Fact]
    public async Task HandleAsync_UnknownKind_FailsThatObjectOnly()
    {
        var h = new SyncHarness();
        h.Cluster.CustomKinds.Add("Gadget");
        h.Push(Ns(), TestObjects.Make("example.com/v1", "Gadget", "g", "web"), TestObjects.ConfigMap("ok", "web"));

        await h.RunAsync(h.Job());

        Assert.NotNull(h.Cluster.Find("ConfigMap", "web", "ok"));
        Assert.Contains("does not serve", h.Status.Errors.Single(), StringComparison.Ordinal);
    }
}
