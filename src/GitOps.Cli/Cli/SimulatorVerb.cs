using System.CommandLine;
using GitOps.KubeSim;

namespace GitOps.Cli;

/// <summary>`gitops simulator`: runs the built-in Kubernetes API simulator on a loopback port and writes its kubeconfig.</summary>
public sealed class SimulatorVerb : ICliVerb
{
    /// <inheritdoc />
    public Command Build()
    {
        var rest = new Argument<string[]>("options")
        {
            Arity = ArgumentArity.ZeroOrMore,
            Description = "Simulator options: --port N, --https, --client-certs, --token T, --anonymous, --kubeconfig PATH, --manual-controllers.",
        };
        var command = new Command("simulator", "Run the built-in Kubernetes API simulator (a SIMULATED cluster for tests and demos; real kubectl works against it).")
        {
            rest,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parseResult, cancellationToken) =>
            KubeSimServer.RunAsync([.. parseResult.GetValue(rest) ?? [], .. parseResult.UnmatchedTokens], parseResult.InvocationConfiguration.Output, cancellationToken));
        return command;
    }
}
