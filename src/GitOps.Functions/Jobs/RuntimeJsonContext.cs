using System.Text.Json.Serialization;

namespace GitOps.Functions.Jobs;

/// <summary>Source-generated JSON for the runtime's own documents.</summary>
[JsonSerializable(typeof(PoisonEnvelope))]
internal sealed partial class RuntimeJsonContext : JsonSerializerContext;
