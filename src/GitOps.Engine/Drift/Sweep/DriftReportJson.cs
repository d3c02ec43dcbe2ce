using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using GitOps.Engine.Drift.Comparison;
using GitOps.Kubernetes;

namespace GitOps.Engine.Drift.Sweep;

/// <summary>A drift report as stored JSON: bounded in size (findings beyond the bound are counted, not listed).</summary>
public static class DriftReportJson
{
    /// <summary>Serializes <paramref name="report"/>, dropping trailing findings (and field values) until it fits in <paramref name="maxChars"/>.</summary>
    public static string Serialize(AppDriftReport report, int maxChars)
    {
        ArgumentNullException.ThrowIfNull(report);
        var findings = report.Findings.ToList();
        while (true)
        {
            var dto = ToDto(report, findings);
            var json = JsonSerializer.Serialize(dto, DriftReportJsonContext.Default.StoredDriftReport);
            if (json.Length <= maxChars || findings.Count == 0)
            {
                return json;
            }

            findings.RemoveRange(findings.Count / 2, findings.Count - (findings.Count / 2));
        }
    }

    /// <summary>Reads a stored report; null when the JSON is not one.</summary>
    public static AppDriftReport? Deserialize(string json)
    {
        StoredDriftReport? dto;
        try
        {
            dto = JsonSerializer.Deserialize(json, DriftReportJsonContext.Default.StoredDriftReport);
        }
        catch (JsonException)
        {
            return null;
        }

        if (dto is null)
        {
            return null;
        }

        return new AppDriftReport
        {
            App = dto.App, Source = dto.Source, Cluster = dto.Cluster, State = dto.State, SweptAt = dto.SweptAt, Commit = dto.Commit,
            Action = dto.Action, JobId = dto.JobId, Error = dto.Error, Compared = dto.Compared,
            Findings = [.. dto.Findings.Select(f => new DriftFinding(ObjectRef.ParseKey(f.Object), f.Kind, [.. f.Fields.Select(x => new FieldDrift(x.Path, x.Desired, x.Live, x.Manager))], f.Message))],
            Heals = dto.Heals.ToDictionary(h => h.Key, h => new HealRecord(h.Value.Count, h.Value.LastHealAt), StringComparer.Ordinal),
        };
    }

    private static StoredDriftReport ToDto(AppDriftReport r, List<DriftFinding> findings) => new()
    {
        App = r.App, Source = r.Source, Cluster = r.Cluster, State = r.State, SweptAt = r.SweptAt, Commit = r.Commit, Action = r.Action, JobId = r.JobId,
        Error = r.Error, Compared = r.Compared, TotalFindings = r.Findings.Count,
        Findings = [.. findings.Select(f => new StoredFinding
        {
            Object = f.Object.Key, Kind = f.Kind, Message = f.Message,
            Fields = [.. f.Fields.Take(20).Select(x => new StoredField { Path = x.Path, Desired = x.Desired?.DeepClone(), Live = x.Live?.DeepClone(), Manager = x.Manager })],
        })],
        Heals = r.Heals.ToDictionary(h => h.Key, h => new StoredHeal { Count = h.Value.Count, LastHealAt = h.Value.LastHealAt }, StringComparer.Ordinal),
    };
}

internal sealed record StoredDriftReport
{
    public required string App { get; init; }
    public required string Source { get; init; }
    public required string Cluster { get; init; }
    public required DriftState State { get; init; }
    public required DateTimeOffset SweptAt { get; init; }
    public string? Commit { get; init; }
    public string? Action { get; init; }
    public string? JobId { get; init; }
    public string? Error { get; init; }
    public int Compared { get; init; }
    public int TotalFindings { get; init; }
    public List<StoredFinding> Findings { get; init; } = [];
    public Dictionary<string, StoredHeal> Heals { get; init; } = [];
}

internal sealed record StoredFinding
{
    public required string Object { get; init; }
    public required DriftKind Kind { get; init; }
    public required string Message { get; init; }
    public List<StoredField> Fields { get; init; } = [];
}

internal sealed record StoredField
{
    public required string Path { get; init; }
    public JsonNode? Desired { get; init; }
    public JsonNode? Live { get; init; }
    public string? Manager { get; init; }
}

internal sealed record StoredHeal
{
    public int Count { get; init; }
    public DateTimeOffset LastHealAt { get; init; }
}

[JsonSerializable(typeof(StoredDriftReport))]
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true)]
internal sealed partial class DriftReportJsonContext : JsonSerializerContext;
