using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GitOps.KubeSim.Diagnostics;
using GitOps.KubeSim.Faults;
using GitOps.KubeSim.Objects;
using GitOps.KubeSim.Patches;
using GitOps.KubeSim.Security;
using GitOps.KubeSim.Storage;
using Microsoft.AspNetCore.Http;

namespace GitOps.KubeSim.Api;

/// <summary>The HTTP face of the server: authentication, faults, routing, verbs, Status errors and the request log.</summary>
internal sealed class ApiHandler(ObjectService objects, WatchHub watches, FaultInjector faults, RequestLog log, Authenticator auth, Func<string> serverAddress)
{
    private const int MaxBodyBytes = 8 * 1024 * 1024;

    // Distinguishes this instance's OpenAPI documents in kubectl's on-disk cache (ports get reused).
    private readonly string _nonce = Guid.NewGuid().ToString("N")[..8];

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        var verb = "discovery";
        ApiRoute? route = null;
        var status = 0;
        var logged = false;
        void Log(int code)
        {
            if (!logged)
            {
                logged = true;
                log.Add(new RequestRecord(request.Method, path, verb, route?.Type?.Plural, route?.Namespace, route?.Name, route?.Subresource, IsDryRun(request), code, request.Query["fieldManager"].FirstOrDefault()));
            }
        }

        // Recorded before the response goes out: a client that has its answer must find its request counted.
        context.Response.OnStarting(() =>
        {
            Log(context.Response.StatusCode);
            return Task.CompletedTask;
        });
        try
        {
            if (!auth.Allows(context))
            {
                throw ApiError.Unauthorized();
            }

            route = ApiRoute.Parse(path, objects.Catalog);
            verb = VerbOf(request, route);
            foreach (var fault in faults.Match(verb, route.Type?.Plural))
            {
                if (fault.Kind == FaultKind.Abort)
                {
                    // Recorded before the connection drops: a client that sees it drop must find its request counted.
                    Log(0);
                }

                await InjectAsync(context, fault);
            }

            status = await DispatchAsync(context, route, verb);
        }
        catch (ApiError error)
        {
            status = error.Code;
            await WriteErrorAsync(context, error);
        }
        catch (ConnectionAbortedException)
        {
            status = 0;
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException or NullReferenceException or InvalidCastException or KeyNotFoundException or IndexOutOfRangeException)
        {
            // A simulator bug must surface as a 500 Status naming the failure, never a dropped connection.
            var error = ApiError.InternalError(e.GetType().Name + ": " + e.Message + " at " + e.StackTrace?.Split('\n').FirstOrDefault()?.Trim());
            status = error.Code;
            await WriteErrorAsync(context, error);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            status = 0;
        }
        finally
        {
            // Requests that never answered (dropped connections, cancelled) are recorded here.
            Log(status);
        }
    }

    private static string VerbOf(HttpRequest request, ApiRoute route)
    {
        if (route.Type is null)
        {
            return "discovery";
        }

        return request.Method switch
        {
            "GET" when route.Name is null => IsWatch(request) ? "watch" : "list",
            "GET" => "get",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" when (request.ContentType ?? "").StartsWith("application/apply-patch", StringComparison.Ordinal) => "apply",
            "PATCH" => "patch",
            "DELETE" when route.Name is null => "deletecollection",
            "DELETE" => "delete",
            _ => request.Method.ToLowerInvariant(),
        };
    }

    private static bool IsWatch(HttpRequest request) => request.Query["watch"].FirstOrDefault() is "true" or "1";

    private static bool IsDryRun(HttpRequest request) => request.Query["dryRun"].Any(v => v == "All");

    private static async Task InjectAsync(HttpContext context, FaultRule fault)
    {
        switch (fault.Kind)
        {
            case FaultKind.Latency:
                await Task.Delay(fault.Delay, context.RequestAborted);
                return;
            case FaultKind.Abort:
                context.Abort();
                throw new ConnectionAbortedException();
            case FaultKind.Timeout:
                try
                {
                    await Task.Delay(fault.Delay > TimeSpan.Zero ? fault.Delay : TimeSpan.FromSeconds(60), context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    throw new ConnectionAbortedException();
                }

                break;
        }

        throw FaultInjector.ErrorFor(fault)!;
    }

    private async Task<int> DispatchAsync(HttpContext context, ApiRoute route, string verb)
    {
        var request = context.Request;
        if (route.Type is null)
        {
            return await DiscoveryAsync(context, route.DiscoveryPath!);
        }

        var type = route.Type;
        var ns = route.Namespace ?? "";
        if (type.Namespaced && route.Name is not null && route.Namespace is null)
        {
            throw ApiError.NotFoundPath(request.Path);
        }

        var query = request.Query;
        var dryRun = IsDryRun(request);
        var manager = query["fieldManager"].FirstOrDefault() ?? DefaultManager(request);
        var options = new WriteOptions(manager, dryRun, query["force"].FirstOrDefault() == "true", route.Subresource);
        switch (verb)
        {
            case "get":
                var stored = objects.Get(type, ns, route.Name!);
                if (route.Subresource == "scale")
                {
                    return await WriteJsonAsync(context, 200, Scale(type, stored.Object));
                }

                return await WriteBytesAsync(context, 200, stored.Json);
            case "list":
                return await WriteBytesAsync(context, 200, objects.List(type, route.Namespace, ListOptionsOf(request)));
            case "watch":
                return await WatchAsync(context, type, route.Namespace);
            case "create":
                if (route.Name is not null)
                {
                    throw ApiError.MethodNotAllowed("POST is not supported on a named resource");
                }

                if (type.Namespaced && route.Namespace is null)
                {
                    throw ApiError.NotFoundPath(request.Path);
                }

                var created = objects.CreateStored(type, ns, await ReadObjectAsync(request), options);
                return await WriteBytesAsync(context, 201, created.Json);
            case "update":
                var body = await ReadObjectAsync(request);
                if (route.Subresource == "scale")
                {
                    return await WriteJsonAsync(context, 200, UpdateScale(type, ns, route.Name!, body, options));
                }

                return await WriteBytesAsync(context, 200, objects.UpdateStored(type, ns, route.Name!, body, options).Json);
            case "patch" or "apply":
                var bytes = await ReadBodyAsync(request);
                if (route.Subresource == "scale")
                {
                    var text = Encoding.UTF8.GetString(bytes);
                    var scale = Scale(type, objects.Get(type, ns, route.Name!).Object);
                    var patchedScale = (string?)request.ContentType switch
                    {
                        { } ct when ct.StartsWith("application/json-patch", StringComparison.Ordinal) => JsonPatch.Apply(scale, ObjectService.ParseJson(text)),
                        _ => JsonMergePatch.Apply(scale, ObjectService.ParseJson(text)),
                    };
                    return await WriteJsonAsync(context, 200, UpdateScale(type, ns, route.Name!, (JsonObject)patchedScale!, options));
                }

                var patched = objects.Patch(type, ns, route.Name!, request.ContentType ?? "", bytes, options, out var applyCreated);
                return await WriteBytesAsync(context, applyCreated ? 201 : 200, patched.Json);
            case "delete":
                var deleteOptions = await ReadDeleteOptionsAsync(request);
                var deleted = objects.Delete(type, ns, route.Name!, query["propagationPolicy"].FirstOrDefault() ?? (string?)deleteOptions?["propagationPolicy"], dryRun || deleteOptions?["dryRun"] is JsonArray { Count: > 0 }, (string?)deleteOptions?["preconditions"]?["uid"]);
                return await WriteJsonAsync(context, 200, deleted);
            case "deletecollection":
                var removed = objects.DeleteCollection(type, route.Namespace, ListOptionsOf(request), dryRun);
                return await WriteJsonAsync(context, 200, removed);
            default:
                throw ApiError.MethodNotAllowed($"{request.Method} is not supported");
        }
    }

    private static JsonObject Scale(ResourceType type, JsonObject obj)
    {
        var meta = obj["metadata"]!;
        var selector = obj["spec"]?["selector"]?["matchLabels"] as JsonObject;
        return new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = new JsonObject
            {
                ["name"] = meta["name"]?.DeepClone(),
                ["namespace"] = meta["namespace"]?.DeepClone(),
                ["uid"] = meta["uid"]?.DeepClone(),
                ["resourceVersion"] = meta["resourceVersion"]?.DeepClone(),
                ["creationTimestamp"] = meta["creationTimestamp"]?.DeepClone(),
            },
            ["spec"] = new JsonObject { ["replicas"] = obj["spec"]?["replicas"]?.DeepClone() ?? 0 },
            ["status"] = new JsonObject
            {
                ["replicas"] = obj["status"]?["replicas"]?.DeepClone() ?? 0,
                ["selector"] = selector is null ? "" : string.Join(',', selector.Select(p => $"{p.Key}={(string?)p.Value}")),
            },
        };
    }

    private JsonObject UpdateScale(ResourceType type, string ns, string name, JsonObject scale, WriteOptions options)
    {
        var replicas = scale["spec"]?["replicas"]?.DeepClone() ?? 0;
        var patch = new JsonObject { ["spec"] = new JsonObject { ["replicas"] = replicas } };
        var wanted = (string?)scale["metadata"]?["resourceVersion"];
        if (!string.IsNullOrEmpty(wanted))
        {
            patch["metadata"] = new JsonObject { ["resourceVersion"] = wanted };
        }

        var updated = objects.Patch(type, ns, name, "application/merge-patch+json", patch.ToJsonString(), options);
        return Scale(type, updated);
    }

    private async Task<int> WatchAsync(HttpContext context, ResourceType type, string? ns)
    {
        var request = context.Request;
        var labels = LabelSelector.Parse(request.Query["labelSelector"].FirstOrDefault());
        var fields = FieldSelector.Parse(request.Query["fieldSelector"].FirstOrDefault());
        var since = request.Query["resourceVersion"].FirstOrDefault();
        var timeout = int.TryParse(request.Query["timeoutSeconds"].FirstOrDefault(), CultureInfo.InvariantCulture, out var t) ? t : 1800;
        WatchHub.Subscription subscription;
        lock (objects.Store.Gate)
        {
            subscription = watches.Subscribe(type, ns, labels, fields);
            if (string.IsNullOrEmpty(since) || since == "0")
            {
                foreach (var (_, _, stored) in objects.Store.List(type.GroupResource, ns))
                {
                    if (subscription.Matches(type.GroupResource, stored.Object))
                    {
                        subscription.Send("ADDED", stored);
                    }
                }
            }
        }

        using (subscription)
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            await context.Response.StartAsync(context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
            deadline.CancelAfter(TimeSpan.FromSeconds(Math.Clamp(timeout, 1, 3600)));
            try
            {
                await foreach (var line in subscription.Events.ReadAllAsync(deadline.Token))
                {
                    await context.Response.Body.WriteAsync(line, deadline.Token);
                    await context.Response.Body.FlushAsync(deadline.Token);
                }
            }
            catch (OperationCanceledException)
            {
                // The watch ends at its timeout or when the client goes away, as on a real server.
            }
        }

        return 200;
    }

    private async Task<int> DiscoveryAsync(HttpContext context, string path)
    {
        var catalog = objects.Catalog;
        JsonObject? doc;
        lock (objects.Store.Gate)
        {
            doc = path switch
            {
                "/" or "" => new JsonObject { ["paths"] = new JsonArray("/api", "/api/v1", "/apis", "/healthz", "/livez", "/openapi/v3", "/readyz", "/version") },
                "/version" => Discovery.Version(),
                "/api" => Discovery.CoreVersions(serverAddress()),
                "/api/v1" => Discovery.ResourceList(catalog, "v1"),
                "/apis" => Discovery.Groups(catalog),
                "/openapi/v3" => Discovery.OpenApiIndex(catalog, _nonce),
                _ when path.StartsWith("/apis/", StringComparison.Ordinal) => ApisPath(catalog, path),
                _ when path.StartsWith("/openapi/v3/", StringComparison.Ordinal) => Discovery.OpenApiGroupVersion(catalog, path["/openapi/v3/".Length..]),
                _ => null,
            };
        }

        if (path is "/healthz" or "/livez" or "/readyz")
        {
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync("ok", context.RequestAborted);
            return 200;
        }

        return doc is null ? throw ApiError.NotFoundPath(path) : await WriteJsonAsync(context, 200, doc);
    }

    private static JsonObject? ApisPath(ResourceCatalog catalog, string path)
    {
        var parts = path.Trim('/').Split('/');
        return parts.Length switch
        {
            2 => Discovery.Group(catalog, parts[1]),
            3 when catalog.HasGroupVersion(parts[1] + "/" + parts[2]) => Discovery.ResourceList(catalog, parts[1] + "/" + parts[2]),
            _ => null,
        };
    }

    private static ListOptions ListOptionsOf(HttpRequest request)
    {
        var q = request.Query;
        var limit = int.TryParse(q["limit"].FirstOrDefault(), CultureInfo.InvariantCulture, out var l) ? l : 0;
        return new ListOptions(q["labelSelector"].FirstOrDefault(), q["fieldSelector"].FirstOrDefault(), limit, q["continue"].FirstOrDefault());
    }

    // Kubernetes names an unnamed manager after the user agent's product token.
    private static string DefaultManager(HttpRequest request)
    {
        var agent = request.Headers.UserAgent.FirstOrDefault() ?? "unknown";
        var slash = agent.IndexOf('/', StringComparison.Ordinal);
        var name = slash > 0 ? agent[..slash] : agent;
        return name.Length > 128 ? name[..128] : name;
    }

    private static async Task<string> ReadTextAsync(HttpRequest request) => Encoding.UTF8.GetString(await ReadBodyAsync(request));

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        // Protobuf bodies (kubectl's typed "create ns/secret" helpers) are not decoded; JSON and YAML are.
        if ((request.ContentType ?? "").StartsWith("application/vnd.kubernetes.protobuf", StringComparison.Ordinal))
        {
            throw ApiError.UnsupportedMediaType(request.ContentType!);
        }

        var cancellationToken = request.HttpContext.RequestAborted;
        if (request.ContentLength is { } length and <= MaxBodyBytes)
        {
            // The usual case: the length is declared, so read straight into an array of that size.
            var body = new byte[length];
            var filled = 0;
            int read;
            while (filled < body.Length && (read = await request.Body.ReadAsync(body.AsMemory(filled), cancellationToken)) > 0)
            {
                filled += read;
            }

            return filled == body.Length ? body : body[..filled];
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            throw ApiError.RequestTooLarge();
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int n;
        while ((n = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + n > MaxBodyBytes)
            {
                throw ApiError.RequestTooLarge();
            }

            buffer.Write(chunk, 0, n);
        }

        return buffer.ToArray();
    }

    private static async Task<JsonObject> ReadObjectAsync(HttpRequest request)
    {
        var text = await ReadTextAsync(request);
        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw ApiError.BadRequest("the body is not a JSON object");
        }
        catch (JsonException e)
        {
            throw ApiError.BadRequest("couldn't get version/kind; json parse error: " + e.Message);
        }
    }

    private static async Task<JsonObject?> ReadDeleteOptionsAsync(HttpRequest request)
    {
        var text = await ReadTextAsync(request);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException e)
        {
            throw ApiError.BadRequest("invalid DeleteOptions: " + e.Message);
        }
    }

    private static Task<int> WriteJsonAsync(HttpContext context, int status, JsonObject body) =>
        WriteBytesAsync(context, status, JsonBytes.Of(body));

    // A declared length lets Kestrel send the response in one piece instead of chunked.
    private static async Task<int> WriteBytesAsync(HttpContext context, int status, byte[] body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
        return status;
    }

    private static async Task WriteErrorAsync(HttpContext context, ApiError error)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        if (error.RetryAfterSeconds is { } retry)
        {
            context.Response.Headers.RetryAfter = retry.ToString(CultureInfo.InvariantCulture);
        }

        await WriteJsonAsync(context, error.Code, error.ToStatus());
    }

    private sealed class ConnectionAbortedException : Exception;
}
