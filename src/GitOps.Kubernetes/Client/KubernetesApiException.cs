namespace GitOps.Kubernetes.Client;

/// <summary>A failed API request: the Status object's reason, code, causes, and the object it was about.</summary>
public class KubernetesApiException : Exception
{
    public KubernetesApiException(string message, int code, string? reason, ObjectRef? obj = null, IReadOnlyList<StatusCause>? causes = null, Exception? inner = null)
        : base(obj is null ? message : $"{obj}: {message}", inner)
    {
        Code = code;
        Reason = reason;
        Object = obj;
        Causes = causes ?? [];
    }

    public KubernetesApiException() : this("Kubernetes API error", 0, null) { }
    public KubernetesApiException(string message) : this(message, 0, null) { }
    public KubernetesApiException(string message, Exception inner) : this(message, 0, null, null, null, inner) { }

    /// <summary>HTTP status code (0 for transport failures).</summary>
    public int Code { get; }

    /// <summary>Status reason (NotFound, Conflict, Invalid, AlreadyExists, TooManyRequests, ...).</summary>
    public string? Reason { get; }

    /// <summary>The object the request was about, when known.</summary>
    public ObjectRef? Object { get; }

    /// <summary>details.causes of the Status.</summary>
    public IReadOnlyList<StatusCause> Causes { get; }

    public bool IsNotFound => Code == 404;
    public bool IsConflict => Code == 409 && Reason == "Conflict";
    public bool IsAlreadyExists => Code == 409 && Reason == "AlreadyExists";
    public bool IsInvalid => Code == 422;

    /// <summary>True for 422s that say a field is immutable (kubectl's check plus the common CEL wording).</summary>
    public bool IsImmutableFieldError => Code == 422 && (Message.Contains("field is immutable", StringComparison.OrdinalIgnoreCase)
        || Message.Contains("immutable", StringComparison.OrdinalIgnoreCase)
        || Causes.Any(c => c.Message?.Contains("immutable", StringComparison.OrdinalIgnoreCase) == true));
}

/// <summary>One entry of a Status's details.causes.</summary>
public sealed record StatusCause(string? Reason, string? Message, string? Field);

/// <summary>The server does not serve this group/version/kind (for example a CRD not yet established).</summary>
public sealed class UnknownKindException : KubernetesApiException
{
    public UnknownKindException(GroupVersionKind gvk)
        : base($"the server does not serve {gvk.ApiVersion} {gvk.Kind}", 404, "NotFound") => Gvk = gvk;

    public UnknownKindException() { }
    public UnknownKindException(string message) : base(message) { }
    public UnknownKindException(string message, Exception inner) : base(message, inner) { }

    public GroupVersionKind Gvk { get; }
}
