using System.Runtime.InteropServices;

namespace GitOps.Cli;

/// <summary>Entry point of the `gitops` executable.</summary>
public static class Program
{
    /// <summary>Parses the command line and runs the chosen verb; see <see cref="ExitCodes"/> for the results.</summary>
    /// <remarks>SIGINT (Ctrl+C) and SIGTERM cancel the verb, which then stops everything it started (hosts, Azurite, the simulator) before the process exits.</remarks>
    public static async Task<int> Main(string[] args)
    {
        using var stop = new CancellationTokenSource();
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        return await CommandLine.RunAsync(args, Console.Out, Console.Error, stop.Token);
    }
}
