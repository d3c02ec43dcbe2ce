namespace GitOps.Kubernetes.Http;

/// <summary>One API request as the pipeline sees it: what to send, how to label it, and whether it may be repeated.</summary>
internal sealed record KubeRequest(HttpMethod Method, string PathAndQuery, string Verb, string Resource, bool Idempotent)
{
    /// <summary>Request body, sent as-is.</summary>
    public byte[]? Body { get; init; }

    /// <summary>Content type of <see cref="Body"/>.</summary>
    public string? ContentType { get; init; }

    /// <summary>Accept header; JSON by default.</summary>
    public string Accept { get; init; } = "application/json";

    /// <summary>The object the request is about, for error messages.</summary>
    public ObjectRef? Object { get; init; }
}

/// <summary>The final response of a request (after retries).</summary>
internal sealed record KubeResponse(int StatusCode, byte[] Body)
{
    /// <summary>2xx.</summary>
    public bool IsSuccess => StatusCode is >= 200 and < 300;
}
