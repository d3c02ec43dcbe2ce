using GitOps.Engine.Drift;

namespace GitOps.Functions.Tests.Support;

/// <summary>A drift body that records its calls and can be told to fail.</summary>
internal sealed class RecordingDriftSweeper : IDriftSweeper
{
    public List<bool> Calls { get; } = [];

    public Exception? FailWith { get; set; }

    public Task SweepAsync(bool isPastDue, CancellationToken cancellationToken)
    {
        lock (Calls)
        {
            Calls.Add(isPastDue);
        }

        return FailWith is null ? Task.CompletedTask : Task.FromException(FailWith);
    }
}
