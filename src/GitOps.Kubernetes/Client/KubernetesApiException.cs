namespace GitOps.Kubernetes.Client;

/// <summary>A failed API request: the Status object's reason, code, causes, and the object it was about.</summary>
public class KubernetesApiException : Exception
{
    /// <summary>Creates the exception; the message is prefixed with the object ("Kind/namespace/name") when known.</summary>
    public KubernetesApiException(string message, int code, string? reason, ObjectRef? obj = null, IReadOnlyList<StatusCause>? causes = null, Exception? inner = null)
        : base(obj is null ? message : $"{obj}: {message}", inner)
    {
        Code = code;
        Reason = reason;
        Object = obj;
        Causes = causes ?? [];
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public KubernetesApiException() : this("Kubernetes API error", 0, null) { }

    /// <summary>Creates the exception with a message.</summary>
    public KubernetesApiException(string message) : this(message, 0, null) { }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public KubernetesApiException(string message, Exception inner) : this(message, 0, null, null, null, inner) { }

    /// <summary>HTTP status code (0 for transport failures and timeouts).</summary>
    public int Code { get; }

    /// <summary>Status reason (NotFound, Conflict, Invalid, AlreadyExists, TooManyRequests, ...).</summary>
    public string? Reason { get; }

    /// <summary>The object the request was about, when known.</summary>
    public ObjectRef? Object { get; }

    /// <summary>details.causes of the Status.</summary>
    public IReadOnlyList<StatusCause> Causes { get; }

    /// <summary>The server's details.retryAfterSeconds, when given.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>404.</summary>
    public bool IsNotFound => Code == 404;

    /// <summary>409 Conflict (resourceVersion or field-manager conflict).</summary>
    public bool IsConflict => Code == 409 && Reason != "AlreadyExists";

    /// <summary>409 AlreadyExists.</summary>
    public bool IsAlreadyExists => Code == 409 && Reason == "AlreadyExists";

    /// <summary>422 Invalid.</summary>
    public bool IsInvalid => Code == 422;

    /// <summary>409 with a FieldManagerConflict cause (server-side apply without force).</summary>
    public bool IsFieldManagerConflict => Code == 409 && Causes.Any(c => c.Reason == "FieldManagerConflict");

    /// <summary>410 Expired/Gone (for example an expired list continue token).</summary>
    public bool IsExpired => Code == 410;

    /// <summary>401 or 403.</summary>
    public bool IsUnauthorized => Code is 401 or 403;

    /// <summary>A transport failure or timeout: no HTTP status was received.</summary>
    public bool IsTransportError => Code == 0;

    /// <summary>True for 422s that say a field is immutable (kubectl's wording, the apimachinery cause message, CEL's "immutable").</summary>
    public bool IsImmutableFieldError => Code == 422 && (ContainsImmutable(Message)
        || Causes.Any(c => ContainsImmutable(c.Message)));

    private static bool ContainsImmutable(string? text) =>
        text is not null && (text.Contains("field is immutable", StringComparison.OrdinalIgnoreCase)
            || text.Contains("is immutable", StringComparison.OrdinalIgnoreCase)
            || text.Contains("immutable field", StringComparison.OrdinalIgnoreCase)
            || text.Contains("may not change once set", StringComparison.OrdinalIgnoreCase));
}

/// <summary>One entry of a Status's details.causes.</summary>
public sealed record StatusCause(string? Reason, string? Message, string? Field);

/// <summary>The server does not serve this group/version/kind (for example a CRD not yet established).</summary>
public sealed class UnknownKindException : KubernetesApiException
{
    /// <summary>Creates the exception for a GVK.</summary>
    public UnknownKindException(GroupVersionKind gvk)
        : base($"the server does not serve {gvk.ApiVersion} {gvk.Kind}", 404, "NotFound") => Gvk = gvk;

    /// <summary>Creates the exception with a generic message.</summary>
    public UnknownKindException() { }

    /// <summary>Creates the exception with a message.</summary>
    public UnknownKindException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public UnknownKindException(string message, Exception inner) : base(message, inner) { }

    /// <summary>The GVK that is not served.</summary>
    public GroupVersionKind Gvk { get; }
}
