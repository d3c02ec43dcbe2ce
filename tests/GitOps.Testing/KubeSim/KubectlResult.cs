namespace GitOps.Testing.KubeSim;

/// <summary>What one kubectl run printed and returned.</summary>
public sealed record KubectlResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Throws with both streams when kubectl failed.</summary>
    public KubectlResult EnsureSuccess()
    {
        return ExitCode == 0
            ? this
            : throw new InvalidOperationException($"kubectl exited {ExitCode}:\n{StandardError}\n{StandardOutput}");
    }
}
