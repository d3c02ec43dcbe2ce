namespace GitOps.Benchmarks;

/// <summary>Benchmark entry point: `dotnet run -c Release --project bench/GitOps.Benchmarks -- &lt;suite&gt;`.</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "kubesim")
        {
            return await KubeSim.KubeSimBenchmark.RunAsync(args[1..]);
        }

        Console.Error.WriteLine($"no benchmark suite '{(args.Length > 0 ? args[0] : "")}' (known: kubesim)");
        return 1;
    }
}
