using System.Text.Json.Nodes;
using GitOps.KubeSim.Api;
using GitOps.KubeSim.Controllers;
using GitOps.KubeSim.Objects;
using GitOps.KubeSim.Storage;

namespace GitOps.KubeSim.Tests.Ssa;

/// <summary>
/// Server-side apply merge and ownership, table-driven from Ssa/TestData/*.yaml: each fixture is a list of
/// steps (Apply or Update by a manager) with expectations on the object, absent fields, managedFields and conflicts.
/// </summary>
public sealed class SsaFixtureTests
{
    private static readonly string DataDirectory = Path.Combine(AppContext.BaseDirectory, "Ssa", "TestData");

    public static TheoryData<string> Fixtures()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(DataDirectory, "*.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Fixture_StepsProduceExpectedObjectAndOwnership(string fixture)
    {
        var doc = YamlJson.ParseObject(File.ReadAllText(Path.Combine(DataDirectory, fixture)));
        var time = new FixedTime(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var service = new ObjectService(new ObjectStore(), new ResourceCatalog(), time, new SimulatedControllers(time));
        ResourceType? type = null;
        string? ns = null;
        string? name = null;
        var index = 0;
        foreach (var step in doc["steps"]!.AsArray().Select(s => s!.AsObject()))
        {
            index++;
            var where = $"{fixture} step {index}";
            var manager = (string)step["manager"]!;
            var options = new WriteOptions(manager, DryRun: false, Force: (bool?)step["force"] == true);
            var expect = step["expect"] as JsonObject;
            JsonObject? result = null;
            ApiError? error = null;
            try
            {
                if ((string)step["operation"]! == "Apply")
                {
                    var obj = step["object"]!.AsObject();
                    type = service.Catalog.FindKind((string)obj["apiVersion"]!, (string)obj["kind"]!) ?? throw new InvalidOperationException(where + ": unknown kind");
                    ns = type.Namespaced ? (string?)obj["metadata"]!["namespace"] ?? "default" : "";
                    name = (string)obj["metadata"]!["name"]!;
                    result = service.Patch(type, ns, name, "application/apply-patch+yaml", obj.ToJsonString(), options);
                }
                else
                {
                    result = service.Patch(type!, ns!, name!, "application/merge-patch+json", step["patch"]!.ToJsonString(), options);
                }
            }
            catch (ApiError e)
            {
                error = e;
            }

            if (expect?["conflict"] is { } conflict)
            {
                Assert.True(error is not null, where + ": expected a conflict");
                Assert.Equal(409, error!.Code);
                Assert.Equal("Conflict", error.Reason);
                Assert.Equal((string)conflict!, error.Message);
                if (expect["causes"] is JsonArray causes)
                {
                    var fields = error.Details!["causes"]!.AsArray().Select(c => (string?)c!["field"]).ToArray();
                    Assert.Equal(causes.Select(c => (string?)c).ToArray(), fields);
                    Assert.All(error.Details["causes"]!.AsArray(), c => Assert.Equal("FieldManagerConflict", (string?)c!["reason"]));
                }

                continue;
            }

            Assert.True(error is null, $"{where}: unexpected {error?.Reason}: {error?.Message}");
            var stored = service.Get(type!, ns!, name!).Object;
            Assert.True(JsonNode.DeepEquals(stored, result), where + ": the returned object differs from the stored one");
            if (expect is null)
            {
                continue;
            }

            if (expect["object"] is JsonObject subset)
            {
                AssertSubset(subset, stored, where, "");
            }

            foreach (var path in (expect["absent"] as JsonArray ?? []).Select(p => (string)p!))
            {
                Assert.True(Find(stored, path) is null, $"{where}: {path} should be absent but is {Find(stored, path)?.ToJsonString()}");
            }

            foreach (var (path, count) in expect["count"] as JsonObject ?? [])
            {
                Assert.Equal(JsonNumbers.Long(count), Find(stored, path)!.AsArray().Count);
            }

            foreach (var (key, fields) in expect["managedFields"] as JsonObject ?? [])
            {
                var parts = key.Split('/');
                var entry = stored["metadata"]!["managedFields"]!.AsArray().SingleOrDefault(e =>
                    (string?)e!["manager"] == parts[0] && (string?)e["operation"] == parts[1] && (string?)e["subresource"] == parts.ElementAtOrDefault(2));
                Assert.True(entry is not null, $"{where}: no managedFields entry {key} in {stored["metadata"]!["managedFields"]!.ToJsonString()}");
                Assert.True(JsonNode.DeepEquals(Canonical(fields), Canonical(entry!["fieldsV1"])), $"{where}: {key} owns {entry["fieldsV1"]!.ToJsonString()}, expected {fields!.ToJsonString()}");
                Assert.Equal("2026-01-01T00:00:00Z", (string?)entry["time"]);
            }
        }
    }

    private static void AssertSubset(JsonNode expected, JsonNode? actual, string where, string path)
    {
        switch (expected)
        {
            case JsonObject map:
                Assert.True(actual is JsonObject, $"{where}: {path} should be an object but is {actual?.ToJsonString() ?? "missing"}");
                foreach (var (key, value) in map)
                {
                    AssertSubset(value!, actual![key], where, path + "." + key);
                }

                break;
            case JsonArray list:
                Assert.True(actual is JsonArray a && a.Count == list.Count, $"{where}: {path} should have {list.Count} items but is {actual?.ToJsonString() ?? "missing"}");
                for (var i = 0; i < list.Count; i++)
                {
                    AssertSubset(list[i]!, actual![i], where, $"{path}[{i}]");
                }

                break;
            default:
                Assert.True(actual is not null && expected.ToJsonString() == actual.ToJsonString(), $"{where}: {path} should be {expected.ToJsonString()} but is {actual?.ToJsonString() ?? "missing"}");
                break;
        }
    }

    private static JsonNode? Find(JsonNode node, string path)
    {
        JsonNode? current = node;
        foreach (var part in path.Split('.'))
        {
            current = current is JsonObject o ? o[part] : null;
        }

        return current;
    }

    // Re-parses so YAML-built and server-built fieldsV1 compare structurally.
    private static JsonNode? Canonical(JsonNode? node) => node is null ? null : JsonNode.Parse(node.ToJsonString());

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
