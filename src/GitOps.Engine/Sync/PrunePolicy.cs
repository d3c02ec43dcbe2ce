using System.Text.Json.Nodes;
using GitOps.Engine.Apps;

namespace GitOps.Engine.Sync;

/// <summary>Decides whether a live member may be deleted when it leaves Git (docs/architecture.md §D6 opt-outs).</summary>
public static class PrunePolicy
{
    /// <summary>
    /// Returns why the app as a whole prunes nothing, or null when its members that left Git may be deleted: prune is off,
    /// or the render was empty and the app does not allow that (an empty render is far more often a mistake than a wish).
    /// </summary>
    public static string? AppKeepsAllReason(AppDefinition app, int renderedCount)
    {
        ArgumentNullException.ThrowIfNull(app);
        return !app.Prune ? "prune is disabled for this app"
            : renderedCount == 0 && !app.AllowEmpty ? "the render produced no objects, so nothing is pruned unless allowEmpty is set"
            : null;
    }

    /// <summary>Returns the reason the object opts out of pruning, or null when it may be pruned.</summary>
    public static string? OptOutReason(JsonObject live)
    {
        ArgumentNullException.ThrowIfNull(live);
        if (string.Equals(ObjectMeta.Annotation(live, SyncAnnotations.Prune), "disabled", StringComparison.OrdinalIgnoreCase))
        {
            return $"{SyncAnnotations.Prune}: disabled";
        }

        if (ObjectMeta.HasOption(ObjectMeta.Annotation(live, SyncAnnotations.ArgoSyncOptions), "Prune=false"))
        {
            return $"{SyncAnnotations.ArgoSyncOptions}: Prune=false";
        }

        if (string.Equals(ObjectMeta.Annotation(live, SyncAnnotations.FluxPrune), "disabled", StringComparison.OrdinalIgnoreCase))
        {
            return $"{SyncAnnotations.FluxPrune}: disabled";
        }

        return null;
    }

    /// <summary>True when the object asks to be deleted and recreated on immutable-field errors.</summary>
    public static bool WantsRecreate(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return ObjectMeta.HasOption(ObjectMeta.Annotation(obj, SyncAnnotations.SyncOptions), "Recreate=true")
            || ObjectMeta.HasOption(ObjectMeta.Annotation(obj, SyncAnnotations.ArgoSyncOptions), "Replace=true");
    }
}
