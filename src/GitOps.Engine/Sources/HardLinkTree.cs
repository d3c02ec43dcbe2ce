using System.Runtime.InteropServices;

namespace GitOps.Engine.Sources;

/// <summary>Copies a folder tree as hard links (files) and fresh symlinks, in process: no `cp -al` to spawn (Unix only).</summary>
internal static class HardLinkTree
{
    /// <summary>Creates <paramref name="target"/> (which must not exist) mirroring <paramref name="source"/>; throws <see cref="IOException"/> on any failure.</summary>
    public static void Copy(string source, string target)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("hard-linked checkouts need a Unix file system");
        }

        if (Directory.Exists(target) || File.Exists(target))
        {
            throw new IOException($"{target} already exists");
        }

        Directory.CreateDirectory(target);
        foreach (var entry in new DirectoryInfo(source).EnumerateFileSystemInfos())
        {
            var destination = Path.Combine(target, entry.Name);
            if (entry.LinkTarget is { } linkTarget)
            {
                // A symlink is recreated with the same target text, never followed.
                File.CreateSymbolicLink(destination, linkTarget);
            }
            else if (entry is DirectoryInfo)
            {
                Copy(entry.FullName, destination);
            }
            else if (Link(entry.FullName, destination) != 0)
            {
                throw new IOException($"linking {entry.FullName} to {destination} failed (errno {Marshal.GetLastPInvokeError()})");
            }
        }
    }

    [DllImport("libc", EntryPoint = "link", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int Link(string existing, string created);
}
