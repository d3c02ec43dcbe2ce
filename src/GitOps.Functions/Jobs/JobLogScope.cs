using System.Collections;

namespace GitOps.Functions.Jobs;

/// <summary>The log scope of a job's attempt: its id, app and delivery id (never anything from the payload or a secret).</summary>
internal sealed record JobLogScope(string JobId, string App, string? DeliveryId) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public int Count => 3;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new("JobId", JobId),
        1 => new("App", App),
        2 => new("DeliveryId", DeliveryId),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"Job {JobId} of app {App}" + (DeliveryId is null ? "" : $", delivery {DeliveryId}");
}
