using System.Text.Json.Serialization;

namespace GitOps.Engine.Inventory;

[JsonSerializable(typeof(SortedDictionary<string, string>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class InventoryJsonContext : JsonSerializerContext;
