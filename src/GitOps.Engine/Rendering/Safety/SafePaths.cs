namespace GitOps.Engine.Rendering.Safety;

/// <summary>Resolves repository paths so they stay inside a boundary folder, with symlinks resolved to their real targets.</summary>
public static class SafePaths
{
    /// <summary>Checks and normalises a repository-relative path: forward slashes, no "..", not absolute. "" or "." is the root.</summary>
    public static string NormalizeRelative(string path, string what)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Contains('\0', StringComparison.Ordinal) || path.Contains('\\', StringComparison.Ordinal))
        {
            throw new UnsafePathException($"{what} '{path}' must use forward slashes and no control characters");
        }

        if (path.StartsWith('/') || (path.Length > 1 && path[1] == ':'))
        {
            throw new UnsafePathException($"{what} '{path}' must be relative to the repository, not absolute");
        }

        var segments = new List<string>();
        foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == "..")
            {
                throw new UnsafePathException($"{what} '{path}' must not contain '..'");
            }

            if (segment != ".")
            {
                segments.Add(segment);
            }
        }

        return string.Join('/', segments);
    }

    /// <summary>The real (symlink-free) absolute path of an existing <paramref name="path"/>.</summary>
    public static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        var current = Path.GetPathRoot(full) ?? "/";
        var hops = 0;
        foreach (var segment in full[current.Length..].Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Combine(current, segment);
            FileSystemInfo info = new FileInfo(current);
            while (info.LinkTarget is { } target)
            {
                if (++hops > 40)
                {
                    throw new UnsafePathException($"'{path}' has too many levels of symbolic links");
                }

                current = Path.GetFullPath(target, Path.GetDirectoryName(current) ?? "/");
                current = RealPath(current);
                info = new FileInfo(current);
            }
        }

        return current;
    }

    /// <summary>Whether <paramref name="path"/> (real) is <paramref name="boundary"/> (real) or inside it.</summary>
    public static bool IsInside(string boundary, string path) =>
        string.Equals(path, boundary, StringComparison.Ordinal)
        || path.StartsWith(boundary.EndsWith('/') ? boundary : boundary + "/", StringComparison.Ordinal);

    /// <summary>Resolves <paramref name="relative"/> under <paramref name="boundary"/> to a real path that must stay inside it.</summary>
    public static string ResolveInside(string boundary, string relative, string what)
    {
        var realBoundary = RealPath(boundary);
        var normalized = NormalizeRelative(relative, what);
        var combined = normalized.Length == 0 ? realBoundary : Path.Combine(realBoundary, normalized);
        var real = RealPath(combined);
        if (!IsInside(realBoundary, real))
        {
            throw new UnsafePathException($"{what} '{relative}' resolves (through a symlink) to a location outside the allowed folder");
        }

        return real;
    }

    /// <summary>Checks that no symlink under <paramref name="directory"/> points outside <paramref name="boundary"/>, within the walk bounds.</summary>
    public static void EnsureNoEscapingLinks(string directory, string boundary, WalkLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _ = EnumerateFiles(directory, boundary, limits, _ => true);
    }

    /// <summary>Lists files under <paramref name="directory"/> (relative paths with '/', sorted ordinally) whose name passes <paramref name="include"/>; every symlink met must stay inside <paramref name="boundary"/>.</summary>
    public static IReadOnlyList<(string Relative, string FullPath)> EnumerateFiles(string directory, string boundary, WalkLimits limits, Func<string, bool> include)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(include);
        var realBoundary = RealPath(boundary);
        var results = new List<(string, string)>();
        var seen = 0;
        Walk(RealPath(directory), "", 0);
        results.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        return results;

        void Walk(string dir, string prefix, int depth)
        {
            if (depth > limits.MaxDepth)
            {
                throw new UnsafePathException($"'{prefix}' is nested deeper than {limits.MaxDepth} folders");
            }

            foreach (var entry in new DirectoryInfo(dir).EnumerateFileSystemInfos())
            {
                if (++seen > limits.MaxEntries)
                {
                    throw new UnsafePathException($"the folder has more than {limits.MaxEntries} files and folders");
                }

                var relative = prefix.Length == 0 ? entry.Name : prefix + "/" + entry.Name;
                var full = entry.FullName;
                var isDirectory = entry is DirectoryInfo;
                if (entry.LinkTarget is not null)
                {
                    string real;
                    try
                    {
                        real = RealPath(full);
                    }
                    catch (IOException ex)
                    {
                        throw new UnsafePathException($"'{relative}' is a symlink that cannot be resolved", ex);
                    }

                    if (!IsInside(realBoundary, real))
                    {
                        throw new UnsafePathException($"'{relative}' is a symlink to a location outside the app folder; symlinks must stay inside it");
                    }

                    if (!File.Exists(real) && !Directory.Exists(real))
                    {
                        throw new UnsafePathException($"'{relative}' is a dangling symlink");
                    }

                    isDirectory = Directory.Exists(real);
                    full = real;
                }

                if (isDirectory)
                {
                    if (entry.Name == ".git")
                    {
                        continue;
                    }

                    Walk(full, relative, depth + 1);
                }
                else if (include(relative))
                {
                    results.Add((relative, full));
                }
            }
        }
    }
}

/// <summary>Bounds for walking an app folder.</summary>
public sealed record WalkLimits
{
    /// <summary>The defaults: 32 levels, 10,000 entries.</summary>
    public static WalkLimits Default { get; } = new();

    /// <summary>Deepest folder nesting.</summary>
    public int MaxDepth { get; init; } = 32;

    /// <summary>Most files and folders visited.</summary>
    public int MaxEntries { get; init; } = 10_000;
}
