using System.Diagnostics;
using System.Text.RegularExpressions;

namespace GitOps.Testing.Sops;

/// <summary>The real age CLI (Debian's age package): makes identities and age files the way SOPS's age library does.</summary>
public static partial class AgeCli
{
    /// <summary>A fresh identity from age-keygen: the keys-file text (with its comments) and the recipient it printed.</summary>
    public static (string KeysFile, string Recipient) NewIdentity()
    {
        var output = Run(ToolPaths.AgeKeygen, [], input: null);
        var text = System.Text.Encoding.UTF8.GetString(output);
        var recipient = PublicKeyLine().Match(text);
        return recipient.Success ? (text, recipient.Groups[1].Value) : throw new InvalidOperationException("age-keygen printed no public key");
    }

    /// <summary>age -e -a for <paramref name="recipients"/>: the armored file SOPS stores in <c>enc</c>.</summary>
    public static string EncryptArmored(byte[] plaintext, params string[] recipients)
    {
        var arguments = new List<string> { "-e", "-a" };
        foreach (var r in recipients)
        {
            arguments.AddRange(["-r", r]);
        }

        return System.Text.Encoding.ASCII.GetString(Run(ToolPaths.Age, arguments, plaintext));
    }

    private static byte[] Run(string tool, IReadOnlyList<string> arguments, byte[]? input)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        if (input is not null)
        {
            process.StandardInput.BaseStream.Write(input);
        }

        process.StandardInput.Close();
        using var output = new MemoryStream();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.BaseStream.CopyTo(output);
        process.WaitForExit();
        return process.ExitCode == 0 ? output.ToArray() : throw new InvalidOperationException($"{tool} failed: {stderr.Result}");
    }

    [GeneratedRegex(@"# public key: (age1[0-9a-z]+)")]
    private static partial Regex PublicKeyLine();
}
