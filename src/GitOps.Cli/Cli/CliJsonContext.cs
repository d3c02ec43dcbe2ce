using System.Text.Json;
using System.Text.Json.Serialization;

namespace GitOps.Cli;

/// <summary>JSON of CLI-only results (same conventions as the status API).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(IReadOnlyList<AppView>))]
[JsonSerializable(typeof(ValidationView))]
[JsonSerializable(typeof(IReadOnlyList<SweepReportView>))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
