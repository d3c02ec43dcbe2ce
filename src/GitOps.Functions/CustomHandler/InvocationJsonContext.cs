using System.Text.Json.Serialization;

namespace GitOps.Functions.CustomHandler;

/// <summary>Source-generated JSON for invocation payload pieces.</summary>
[JsonSerializable(typeof(string))]
internal sealed partial class InvocationJsonContext : JsonSerializerContext;
