namespace GitOps.Kubernetes.Tests.Support;

/// <summary>A private copy of the Fixtures folder in a unique temp directory, so tests can change files and run in parallel.</summary>
internal sealed class FixtureDirectory : IDisposable
{
    public FixtureDirectory()
    {
        Root = Path.Combine(Path.GetTempPath(), "gitops-kube-tests", Guid.NewGuid().ToString("N"));
        Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures"), Root);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(PathOf("exec-plugin.sh"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public string Root { get; }

    public string PathOf(string name) => Path.Combine(Root, name);

    public string Kubeconfig(string scenario) => PathOf($"kubeconfig.{scenario}.yaml");

    public string Read(string name) => File.ReadAllText(PathOf(name));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: temp files are harmless.
        }
    }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var dir in Directory.GetDirectories(from))
        {
            Copy(dir, Path.Combine(to, Path.GetFileName(dir)));
        }
    }
}
