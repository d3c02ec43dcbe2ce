namespace GitOps.Storage.Errors;

/// <summary>A failed Storage request: HTTP status plus the service's error code (x-ms-error-code or the body's Code).</summary>
public sealed class StorageRequestException : Exception
{
    public StorageRequestException(int status, string? errorCode, string message, Exception? inner = null)
        : base(message, inner)
    {
        Status = status;
        ErrorCode = errorCode;
    }

    public StorageRequestException() { }
    public StorageRequestException(string message) : base(message) { }
    public StorageRequestException(string message, Exception inner) : base(message, inner) { }

    /// <summary>HTTP status, or 0 for a transport failure.</summary>
    public int Status { get; }

    /// <summary>The service's error code, for example QueueNotFound or EntityAlreadyExists.</summary>
    public string? ErrorCode { get; }
}
