using System.Text.Json;
using System.Text.Json.Serialization;

namespace GitOps.Functions.Jobs;

/// <summary>What goes to the poison queue for a message that can never be processed: the original text plus the reason.</summary>
/// <remarks>
/// Messages that failed <c>maxDequeueCount</c> times go to poison unchanged, as the host moves them (their reason is in the job
/// record). A bad message has no usable job id, so its reason travels with it in this envelope, which the sync function puts
/// into the poison queue itself.
/// </remarks>
public sealed record PoisonEnvelope(
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("messageId")] string MessageId,
    [property: JsonPropertyName("message")] string Message)
{
    /// <summary>Serializes the envelope as compact JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, RuntimeJsonContext.Default.PoisonEnvelope);

    /// <summary>Parses an envelope, or returns null when the text is not one.</summary>
    public static PoisonEnvelope? TryParse(string text)
    {
        try
        {
            return JsonSerializer.Deserialize(text, RuntimeJsonContext.Default.PoisonEnvelope);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
