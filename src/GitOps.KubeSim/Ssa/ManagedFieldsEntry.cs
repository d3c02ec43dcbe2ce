using System.Text.Json.Nodes;

namespace GitOps.KubeSim.Ssa;

/// <summary>One metadata.managedFields entry: who owns which fields, through which operation.</summary>
internal sealed class ManagedFieldsEntry
{
    public required string Manager { get; init; }

    public required string Operation { get; init; }

    public required string ApiVersion { get; set; }

    public string? Time { get; set; }

    public string? Subresource { get; init; }

    public required FieldSet Set { get; set; }

    public bool IsApply => Operation == "Apply";

    public bool SameIdentity(string manager, string operation, string? subresource) =>
        Manager == manager && Operation == operation && (Subresource ?? "") == (subresource ?? "");

    /// <summary>How Kubernetes names this manager in conflict messages.</summary>
    public string Describe()
    {
        var text = $"\"{Manager}\"";
        if (!string.IsNullOrEmpty(Subresource))
        {
            text += $" with subresource \"{Subresource}\"";
        }

        if (Operation == "Update")
        {
            text += Time is null ? $" using {ApiVersion}" : $" using {ApiVersion} at {Time}";
        }

        return text;
    }

    public static List<ManagedFieldsEntry> Decode(JsonObject? obj)
    {
        var entries = new List<ManagedFieldsEntry>();
        if (obj?["metadata"]?["managedFields"] is not JsonArray array)
        {
            return entries;
        }

        foreach (var item in array.OfType<JsonObject>())
        {
            if (item["manager"] is null && item["fieldsV1"] is null)
            {
                continue;
            }

            entries.Add(new ManagedFieldsEntry
            {
                Manager = (string?)item["manager"] ?? "",
                Operation = (string?)item["operation"] ?? "Update",
                ApiVersion = (string?)item["apiVersion"] ?? "",
                Time = (string?)item["time"],
                Subresource = (string?)item["subresource"],
                Set = FieldSet.FromFieldsV1(item["fieldsV1"] as JsonObject),
            });
        }

        return entries;
    }

    /// <summary>Writes the entries in Kubernetes' order: Apply before Update, then by time, manager, apiVersion.</summary>
    public static void Encode(JsonObject obj, IEnumerable<ManagedFieldsEntry> entries)
    {
        var metadata = obj["metadata"] as JsonObject ?? [];
        obj["metadata"] = metadata;
        var sorted = entries.Where(e => !e.Set.IsEmpty).ToList();
        if (sorted.Count > 1)
        {
            // A stable sort, as the LINQ ordering it replaces was.
            var ordered = sorted.Select((e, i) => (Entry: e, Index: i)).ToArray();
            Array.Sort(ordered, static (a, b) =>
            {
                var c = string.CompareOrdinal(a.Entry.Operation, b.Entry.Operation);
                c = c != 0 ? c : string.CompareOrdinal(a.Entry.Time ?? "", b.Entry.Time ?? "");
                c = c != 0 ? c : string.CompareOrdinal(a.Entry.Manager, b.Entry.Manager);
                c = c != 0 ? c : string.CompareOrdinal(a.Entry.ApiVersion, b.Entry.ApiVersion);
                c = c != 0 ? c : string.CompareOrdinal(a.Entry.Subresource ?? "", b.Entry.Subresource ?? "");
                return c != 0 ? c : a.Index.CompareTo(b.Index);
            });
            sorted = [.. ordered.Select(o => o.Entry)];
        }

        if (sorted.Count == 0)
        {
            metadata.Remove("managedFields");
            return;
        }

        var array = new JsonArray();
        foreach (var e in sorted)
        {
            var json = new JsonObject
            {
                ["manager"] = e.Manager,
                ["operation"] = e.Operation,
                ["apiVersion"] = e.ApiVersion,
            };
            if (e.Time is not null)
            {
                json["time"] = e.Time;
            }

            json["fieldsType"] = "FieldsV1";
            json["fieldsV1"] = e.Set.ToFieldsV1();
            if (!string.IsNullOrEmpty(e.Subresource))
            {
                json["subresource"] = e.Subresource;
            }

            array.Add(json);
        }

        metadata["managedFields"] = array;
    }
}
