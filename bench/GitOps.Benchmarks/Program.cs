using System.Reflection;

namespace GitOps.Benchmarks;

/// <summary>Benchmark entry point: `dotnet run -c Release --project bench/GitOps.Benchmarks -- &lt;suite&gt; [args]`.</summary>
/// <remarks>
/// A suite is any class named `&lt;Suite&gt;Bench` with `public static Task&lt;int&gt; RunAsync(string[] args)`;
/// discovering them here keeps adding a suite a one-file change.
/// </remarks>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var suites = typeof(Program).Assembly.GetTypes()
            .Where(t => t.Name.EndsWith("Bench", StringComparison.Ordinal))
            .Select(t => (Name: t.Name[..^"Bench".Length], Run: t.GetMethod("RunAsync", BindingFlags.Public | BindingFlags.Static, [typeof(string[])])))
            .Where(s => s.Run is not null && s.Run.ReturnType == typeof(Task<int>))
            .OrderBy(s => s.Name, StringComparer.Ordinal)
            .ToList();

        if (args.Length == 0 || suites.All(s => !s.Name.Equals(args[0], StringComparison.OrdinalIgnoreCase)))
        {
            await Console.Error.WriteLineAsync("usage: GitOps.Benchmarks <suite> [args]\nsuites: " + string.Join(", ", suites.Select(s => s.Name)));
            return 2;
        }

        var suite = suites.First(s => s.Name.Equals(args[0], StringComparison.OrdinalIgnoreCase));
        return await (Task<int>)suite.Run!.Invoke(null, [args[1..]])!;
    }
}
