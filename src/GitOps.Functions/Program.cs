namespace GitOps.Functions;

/// <summary>Entry point of the `gitops` executable.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("gitops: not implemented yet");
        return args.Length == 0 ? 1 : 1;
    }
}
