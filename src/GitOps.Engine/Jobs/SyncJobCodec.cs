using System.Text.Json;
using System.Text.Json.Serialization;

namespace GitOps.Engine.Jobs;

/// <summary>Reads and writes <see cref="SyncJob"/> queue messages; a bad message is a <see cref="BadJobMessageException"/>.</summary>
public static class SyncJobCodec
{
    /// <summary>Serializes a job as compact JSON (queue messages use messageEncoding none).</summary>
    public static string Serialize(SyncJob job) => JsonSerializer.Serialize(job, SyncJobJsonContext.Default.SyncJob);

    /// <summary>Parses a queue message, rejecting anything that is not a valid job of a known schema.</summary>
    public static SyncJob Deserialize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            throw new BadJobMessageException($"The message is not valid JSON: {ex.Message}", ex);
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new BadJobMessageException("The message is not a JSON object.");
            }

            if (!doc.RootElement.TryGetProperty("schemaVersion", out var version) || version.ValueKind != JsonValueKind.Number)
            {
                throw new BadJobMessageException("The message has no numeric 'schemaVersion'.");
            }

            if (!version.TryGetInt32(out var v) || v != SyncJob.CurrentSchemaVersion)
            {
                throw new BadJobMessageException($"Unknown schema version {version.GetRawText()}; this build reads version {SyncJob.CurrentSchemaVersion}.");
            }

            SyncJob? job;
            try
            {
                job = doc.RootElement.Deserialize(SyncJobJsonContext.Default.SyncJob);
            }
            catch (JsonException ex)
            {
                throw new BadJobMessageException($"The message does not match the SyncJob schema: {ex.Message}", ex);
            }

            if (job is null || string.IsNullOrWhiteSpace(job.JobId) || string.IsNullOrWhiteSpace(job.Source) || string.IsNullOrWhiteSpace(job.App))
            {
                throw new BadJobMessageException("The message lacks jobId, source or app.");
            }

            return job;
        }
    }
}

/// <summary>A queue message that can never be processed; it goes to the poison queue at once, with this message as the reason.</summary>
public sealed class BadJobMessageException : Exception
{
    public BadJobMessageException(string message) : base(message) { }
    public BadJobMessageException(string message, Exception inner) : base(message, inner) { }
    public BadJobMessageException() { }
}

[JsonSerializable(typeof(SyncJob))]
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
internal sealed partial class SyncJobJsonContext : JsonSerializerContext;
