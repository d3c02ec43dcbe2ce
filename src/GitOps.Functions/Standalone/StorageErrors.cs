using Azure;

namespace GitOps.Functions.Standalone;

/// <summary>Classifies queue errors the way the host does.</summary>
public static class StorageErrors
{
    /// <summary>True for a message that is gone or was taken by someone else (404 or PopReceiptMismatch): the host ignores these.</summary>
    public static bool IsMessageGone(Exception exception) =>
        exception is RequestFailedException { Status: 404 }
        || exception is RequestFailedException { Status: 400, ErrorCode: "PopReceiptMismatch" };
}
