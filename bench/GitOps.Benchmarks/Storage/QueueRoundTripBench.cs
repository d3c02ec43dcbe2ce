using System.Diagnostics;
using System.Globalization;
using Azure.Storage.Queues;
using GitOps.Storage;
using GitOps.Testing.Azurite;

namespace GitOps.Benchmarks.Storage;

/// <summary>Queue round trips (put, get, delete) per second through the queue client the product uses (Azure.Storage.Queues), on Azurite.</summary>
/// <remarks>
/// Usage: <c>queueroundtrip [roundTrips=2000] [warmup=200]</c>. Three runs; the best is reported, in the line
/// <c>RESULT queueroundtrip best=…</c>, to put this build next to an older one (scripts/bench-compare.sh).
/// </remarks>
public static class QueueRoundTripBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var n = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2000;
        var warmup = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;

        await using var azurite = await AzuriteInstance.StartAsync();
        var queue = StorageAccount.FromConnectionString(azurite.ConnectionString).Queues.GetQueueClient("bench-client");
        await queue.CreateIfNotExistsAsync();

        await RoundTripsAsync(queue, warmup);
        var runs = new List<double>();
        for (var round = 0; round < 3; round++)
        {
            var clock = Stopwatch.StartNew();
            await RoundTripsAsync(queue, n);
            runs.Add(n / clock.Elapsed.TotalSeconds);
        }

        Console.WriteLine($"Queue round trip (put + get + delete), {n} round trips per run after {warmup} warm-up, Azurite in memory");
        Console.WriteLine($"{"Azure.Storage.Queues QueueClient",-34} {string.Join(" / ", runs.Select(v => v.ToString("0", CultureInfo.InvariantCulture))),-24} best {runs.Max():0}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT queueroundtrip best={runs.Max():0}"));
        return 0;
    }

    private static async Task RoundTripsAsync(QueueClient queue, int n)
    {
        for (var i = 0; i < n; i++)
        {
            await queue.SendMessageAsync("{\"jobId\":\"bench\"}");
            var message = (await queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(30))).Value[0];
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
        }
    }
}
