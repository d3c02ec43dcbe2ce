namespace GitOps.Kubernetes.Client;

/// <summary>The final answer to a request (after retries): its status and body.</summary>
internal readonly record struct ApiResponse(int StatusCode, byte[] Body)
{
    /// <summary>2xx.</summary>
    public bool IsSuccess => StatusCode is >= 200 and < 300;
}
