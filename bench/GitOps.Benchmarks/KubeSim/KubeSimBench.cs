using System.Diagnostics;
using System.Globalization;
using System.Text;
using GitOps.KubeSim;
using GitOps.Testing.KubeSim;

namespace GitOps.Benchmarks.KubeSim;

/// <summary>
/// Stopwatch benchmark of the API simulator (suite "kubesim"): server-side apply throughput (create, no-op,
/// change), LIST by ApplySet label over a large store, and real kubectl apply of a 500-object file.
/// Args: [objects=1000] [apps=1000] [perApp=50].
/// </summary>
public static class KubeSimBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var objects = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
        var apps = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000;
        var perApp = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 50;
        Console.WriteLine($"{"scenario",-52} {"requests",9} {"total ms",10} {"per req µs",11}");

        await using (var sim = await KubeSimInstance.StartAsync())
        {
            using var client = sim.CreateHttpClient();
            await Measure("apply create (sequential)", objects, i => Apply(client, i, "v1"));
            await Measure("apply unchanged / no-op (sequential)", objects, i => Apply(client, i, "v1"));
            await Measure("apply changed (8 parallel)", objects, i => Apply(client, i, "v2"), parallel: 8);
            await Measure("get (8 parallel)", objects, i => client.GetAsync($"/apis/apps/v1/namespaces/default/deployments/d{i}"), parallel: 8);
            Console.WriteLine($"  request log: {sim.Server.Requests.Count("apply", "deployments")} applies, {sim.Server.Requests.Count("get", "deployments")} gets");

            var manifest = new StringBuilder();
            for (var i = 0; i < 500; i++)
            {
                manifest.Append(CultureInfo.InvariantCulture, $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: k{i}\n  namespace: default\ndata:\n  v: \"{i}\"\n---\n");
            }

            var file = sim.WriteFile("500.yaml", manifest.ToString());
            var watch = Stopwatch.StartNew();
            (await sim.KubectlAsync("apply", "--server-side", "-f", file)).EnsureSuccess();
            Row("kubectl apply --server-side 500 ConfigMaps (cold)", 500, watch.Elapsed);
            watch.Restart();
            (await sim.KubectlAsync("apply", "--server-side", "-f", file)).EnsureSuccess();
            Row("kubectl apply --server-side 500 ConfigMaps (no-op)", 500, watch.Elapsed);
        }

        await using (var sim = await KubeSimInstance.StartAsync())
        {
            using var client = sim.CreateHttpClient();
            await Measure($"seed {apps} apps x {perApp} ConfigMaps (8 parallel)", apps * perApp, i => Seed(client, i / perApp, i % perApp), parallel: 8);
            await Measure($"LIST by applyset label, one namespace of {apps * perApp}", Math.Min(apps, 200), a => client.GetAsync($"/api/v1/namespaces/default/configmaps?labelSelector=applyset.kubernetes.io%2Fpart-of%3Dapp-{a}"));
            await Measure("LIST all (limit=500 pages)", 1, async _ =>
            {
                string? token = null;
                do
                {
                    var page = await client.GetStringAsync("/api/v1/configmaps?limit=500" + (token is null ? "" : "&continue=" + Uri.EscapeDataString(token)));
                    var marker = "\"continue\":\"";
                    var at = page.IndexOf(marker, StringComparison.Ordinal);
                    token = at < 0 ? null : page[(at + marker.Length)..page.IndexOf('"', at + marker.Length)];
                }
                while (token is not null);
                return new HttpResponseMessage(System.Net.HttpStatusCode.OK);
            });
        }

        return 0;
    }

    private static Task<HttpResponseMessage> Apply(HttpClient client, int i, string version)
    {
        var body = """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d@I@","namespace":"default","labels":{"app":"d@I@"}},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"d@I@"}},"template":{"metadata":{"labels":{"app":"d@I@"}},"spec":{"containers":[{"name":"main","image":"nginx:@VERSION@","ports":[{"containerPort":80}],"resources":{"requests":{"cpu":"100m","memory":"64Mi"}}}]}}}}""".Replace("@I@", i.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal).Replace("@VERSION@", version.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        return Patch(client, $"/apis/apps/v1/namespaces/default/deployments/d{i}?fieldManager=bench&force=true", body);
    }

    private static Task<HttpResponseMessage> Seed(HttpClient client, int app, int item)
    {
        var body = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a@APP@-c@ITEM@","namespace":"default","labels":{"applyset.kubernetes.io/part-of":"app-@APP@"}},"data":{"k":"@ITEM@"}}""".Replace("@APP@", app.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal).Replace("@ITEM@", item.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        return Patch(client, $"/api/v1/namespaces/default/configmaps/a{app}-c{item}?fieldManager=bench&force=true", body);
    }

    private static Task<HttpResponseMessage> Patch(HttpClient client, string path, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, path) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/apply-patch+yaml");
        return client.SendAsync(request);
    }

    private static async Task Measure(string name, int count, Func<int, Task<HttpResponseMessage>> call, int parallel = 1)
    {
        var watch = Stopwatch.StartNew();
        var next = -1;
        var failures = 0;
        await Task.WhenAll(Enumerable.Range(0, parallel).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                using var response = await call(i);
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }));
        Row(name + (failures > 0 ? $" ({failures} FAILED)" : ""), count, watch.Elapsed);
    }

    private static void Row(string name, int count, TimeSpan elapsed) =>
        Console.WriteLine($"{name,-52} {count,9} {elapsed.TotalMilliseconds,10:F0} {elapsed.TotalMilliseconds * 1000 / count,11:F0}");
}
