using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using GitOps.Storage;
using GitOps.Storage.Queues;
using GitOps.Testing.Azurite;

namespace GitOps.Benchmarks.Storage;

/// <summary>Queue round trips (put, get, delete) per second: our client vs a bare hand-signed HttpClient loop, same Azurite.</summary>
/// <remarks>Usage: <c>storage-queue [roundTrips=2000] [warmup=200]</c>. Both loops run three times, interleaved; the best run of each is reported.</remarks>
public static class QueueRoundTripBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var n = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2000;
        var warmup = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;

        await using var azurite = await AzuriteInstance.StartAsync();
        var account = StorageAccount.FromConnectionString(azurite.ConnectionString);
        var ourQueue = account.Queues.GetQueue("bench-client");
        var bareQueue = account.Queues.GetQueue("bench-bare");
        await ourQueue.CreateIfNotExistsAsync();
        await bareQueue.CreateIfNotExistsAsync();

        using var http = new HttpClient();
        var bare = new BareQueueLoop(http, new Uri(azurite.QueueEndpoint + "/bench-bare"), AzuriteInstance.AccountName, Convert.FromBase64String(AzuriteInstance.AccountKey));

        await RoundTripsAsync(ourQueue, warmup);
        await bare.RoundTripsAsync(warmup);

        var ours = new List<double>();
        var bares = new List<double>();
        for (var round = 0; round < 3; round++)
        {
            // Alternate which loop goes first so machine-load drift does not favour one of them.
            if (round % 2 == 0)
            {
                ours.Add(await MeasureAsync(() => RoundTripsAsync(ourQueue, n), n));
                bares.Add(await MeasureAsync(() => bare.RoundTripsAsync(n), n));
            }
            else
            {
                bares.Add(await MeasureAsync(() => bare.RoundTripsAsync(n), n));
                ours.Add(await MeasureAsync(() => RoundTripsAsync(ourQueue, n), n));
            }
        }

        var best = ours.Max();
        var bestBare = bares.Max();
        Console.WriteLine($"Queue round trip (put + get + delete), {n} round trips per run after {warmup} warm-up, Azurite in memory");
        Console.WriteLine($"{"loop",-28} {"runs (round trips/s)",-24} {"best",8}");
        Console.WriteLine($"{"GitOps.Storage QueueClient",-28} {string.Join(" / ", ours.Select(v => v.ToString("0", CultureInfo.InvariantCulture))),-24} {best,8:0}");
        Console.WriteLine($"{"bare HttpClient + SharedKey",-28} {string.Join(" / ", bares.Select(v => v.ToString("0", CultureInfo.InvariantCulture))),-24} {bestBare,8:0}");
        Console.WriteLine($"ratio client/bare: {best / bestBare:0.00} (target >= 0.90); requests: {6 * n * 3 + 2 * warmup * 3 + 4}");
        return best / bestBare >= 0.9 ? 0 : 2;
    }

    private static async Task<double> MeasureAsync(Func<Task> run, int n)
    {
        var clock = Stopwatch.StartNew();
        await run();
        return n / clock.Elapsed.TotalSeconds;
    }

    private static async Task RoundTripsAsync(QueueClient queue, int n)
    {
        for (var i = 0; i < n; i++)
        {
            await queue.SendMessageAsync("{\"jobId\":\"bench\"}");
            var message = (await queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(30)))[0];
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
        }
    }

    /// <summary>The baseline: hand-built, hand-signed requests with no pipeline, retries or XML reader.</summary>
    private sealed class BareQueueLoop(HttpClient http, Uri queueUri, string account, byte[] key)
    {
        public async Task RoundTripsAsync(int n)
        {
            var body = Encoding.UTF8.GetBytes("<QueueMessage><MessageText>{\"jobId\":\"bench\"}</MessageText></QueueMessage>");
            for (var i = 0; i < n; i++)
            {
                using (var put = Sign(new HttpRequestMessage(HttpMethod.Post, queueUri + "/messages") { Content = XmlContent(body) }, body.Length))
                using (var response = await http.SendAsync(put))
                {
                    response.EnsureSuccessStatusCode();
                }

                string text;
                using (var get = Sign(new HttpRequestMessage(HttpMethod.Get, queueUri + "/messages?numofmessages=1&visibilitytimeout=30"), 0))
                using (var response = await http.SendAsync(get))
                {
                    response.EnsureSuccessStatusCode();
                    text = await response.Content.ReadAsStringAsync();
                }

                var id = Between(text, "<MessageId>", "</MessageId>");
                var receipt = Between(text, "<PopReceipt>", "</PopReceipt>");
                using (var delete = Sign(new HttpRequestMessage(HttpMethod.Delete, $"{queueUri}/messages/{id}?popreceipt={Uri.EscapeDataString(receipt)}"), 0))
                using (var response = await http.SendAsync(delete))
                {
                    response.EnsureSuccessStatusCode();
                }
            }
        }

        private static ByteArrayContent XmlContent(byte[] body)
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
            return content;
        }

        private static string Between(string text, string start, string end)
        {
            var s = text.IndexOf(start, StringComparison.Ordinal) + start.Length;
            return text[s..text.IndexOf(end, s, StringComparison.Ordinal)];
        }

        private HttpRequestMessage Sign(HttpRequestMessage request, int contentLength)
        {
            var date = DateTimeOffset.UtcNow.ToString("r", CultureInfo.InvariantCulture);
            request.Headers.Add("x-ms-date", date);
            request.Headers.Add("x-ms-version", "2025-11-05");
            var uri = request.RequestUri!;
            var sb = new StringBuilder();
            sb.Append(request.Method.Method).Append("\n\n\n")
                .Append(contentLength > 0 ? contentLength.ToString(CultureInfo.InvariantCulture) : "").Append("\n\n")
                .Append(request.Content?.Headers.ContentType?.ToString() ?? "").Append("\n\n\n\n\n\n\n")
                .Append("x-ms-date:").Append(date).Append('\n')
                .Append("x-ms-version:2025-11-05\n")
                .Append('/').Append(account).Append(uri.AbsolutePath);
            var query = uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
                .Select(p => p.Split('=', 2))
                .OrderBy(p => p[0], StringComparer.Ordinal);
            foreach (var p in query)
            {
                sb.Append('\n').Append(p[0].ToLowerInvariant()).Append(':').Append(Uri.UnescapeDataString(p[1]));
            }

            var signature = Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(sb.ToString())));
            request.Headers.TryAddWithoutValidation("Authorization", $"SharedKey {account}:{signature}");
            return request;
        }
    }
}
