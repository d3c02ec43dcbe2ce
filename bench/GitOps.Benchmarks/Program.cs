namespace GitOps.Benchmarks;

/// <summary>Benchmark entry point: `dotnet run -c Release --project bench/GitOps.Benchmarks -- &lt;suite&gt;`.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        Console.Error.WriteLine($"no benchmark suites yet ({args.Length} args)");
        return 1;
    }
}
