namespace GitOps.Testing;

/// <summary>Where the real external tools live, as installed by scripts/install-tools.sh.</summary>
public static class ToolPaths
{
    private static readonly Lazy<string> Root = new(FindRepositoryRoot);

    /// <summary>The repository root (the folder holding GitOpsFunctions.sln).</summary>
    public static string RepositoryRoot => Root.Value;

    /// <summary>tools/node_modules, where npm installed Azurite and the webhook packages.</summary>
    public static string NodeModules => Path.Combine(RepositoryRoot, "tools", "node_modules");

    /// <summary>The Azurite launcher script.</summary>
    public static string Azurite => Require(Path.Combine(NodeModules, ".bin", "azurite"));

    /// <summary>helm 3.17, extracted from the kubectl layer package.</summary>
    public static string Helm => Require(Path.Combine(RepositoryRoot, ".tools", "bin", "helm"));

    /// <summary>kubectl from PATH (the machine's, with built-in kustomize).</summary>
    public static string Kubectl => FindOnPath("kubectl");

    /// <summary>git from PATH.</summary>
    public static string Git => FindOnPath("git");

    /// <summary>age from PATH (Debian's age package), to make age files as the real tool does.</summary>
    public static string Age => FindOnPath("age");

    /// <summary>age-keygen from PATH (Debian's age package).</summary>
    public static string AgeKeygen => FindOnPath("age-keygen");

    /// <summary>node from PATH.</summary>
    public static string Node => FindOnPath("node");

    private static string Require(string path) => File.Exists(path)
        ? path
        : throw new FileNotFoundException($"{path} is missing: run scripts/install-tools.sh (the README's test command does).", path);

    private static string FindOnPath(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"'{name}' is not on PATH.");
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GitOpsFunctions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find GitOpsFunctions.sln above " + AppContext.BaseDirectory);
    }
}
