using System.Text.Json;
using System.Text.Json.Serialization;
using GitOps.Engine.Jobs;

namespace GitOps.Functions.Status;

/// <summary>JSON of the status API and of the CLI's --output json (camelCase, enums as strings, indented).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AppStatusView))]
[JsonSerializable(typeof(IReadOnlyList<AppStatusView>))]
[JsonSerializable(typeof(JobsOverview))]
[JsonSerializable(typeof(JobRecord))]
[JsonSerializable(typeof(StatusApiError))]
public sealed partial class StatusJsonContext : JsonSerializerContext;
