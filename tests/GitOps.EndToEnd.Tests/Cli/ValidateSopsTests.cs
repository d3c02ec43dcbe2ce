using System.Text.Json.Nodes;
using GitOps.EndToEnd.Tests.Support;
using GitOps.Testing.Sops;

namespace GitOps.EndToEnd.Tests.Cli;

/// <summary>`gitops validate` as a user runs it: SOPS files checked for structure without a key, decrypted with SOPS_AGE_KEY.</summary>
public sealed class ValidateSopsTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("gitops-validate-sops-");

    [Fact]
    public async Task Validate_EncryptedSecret_StructureWithoutKey_DecryptsWithKey_RefusesWrongKeyAndMissingMac()
    {
        var (keys, recipient) = AgeCli.NewIdentity();
        var (otherKeys, _) = AgeCli.NewIdentity();
        var secret = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Secret", ["metadata"] = new JsonObject { ["name"] = "db" }, ["stringData"] = new JsonObject { ["password"] = "validate-plaintext" } };
        var encrypted = SopsTestWriter.Encrypt(secret, new SopsWriteOptions { AgeRecipients = [recipient], EncryptedRegex = "^stringData$" });
        File.WriteAllText(Path.Combine(_folder.FullName, "db.enc.json"), encrypted.ToJsonString());

        var withoutKey = await ServeProcess.RunAsync(new Dictionary<string, string?>(), "validate", _folder.FullName, "--namespace", "web");
        var withKey = await ServeProcess.RunAsync(new Dictionary<string, string?> { ["SOPS_AGE_KEY"] = keys }, "validate", _folder.FullName, "--namespace", "web");
        var wrongKey = await ServeProcess.RunAsync(new Dictionary<string, string?> { ["SOPS_AGE_KEY"] = otherKeys }, "validate", _folder.FullName, "--namespace", "web");
        encrypted["sops"]!.AsObject().Remove("mac");
        File.WriteAllText(Path.Combine(_folder.FullName, "db.enc.json"), encrypted.ToJsonString());
        var noMac = await ServeProcess.RunAsync(new Dictionary<string, string?>(), "validate", _folder.FullName, "--namespace", "web");

        Assert.True(withoutKey.Exit == 0, withoutKey.Output);
        Assert.True(withKey.Exit == 0, withKey.Output);
        Assert.Equal(1, wrongKey.Exit);
        Assert.Contains("db.enc.json", wrongKey.Output, StringComparison.Ordinal);
        Assert.Contains("no configured key opens the data key", wrongKey.Output, StringComparison.Ordinal);
        Assert.Equal(1, noMac.Exit);
        Assert.Contains("mac", noMac.Output, StringComparison.OrdinalIgnoreCase);
        foreach (var output in new[] { withoutKey.Output, withKey.Output, wrongKey.Output, noMac.Output })
        {
            Assert.DoesNotContain("validate-plaintext", output, StringComparison.Ordinal);
            Assert.DoesNotContain("AGE-SECRET-KEY", output, StringComparison.Ordinal);
        }
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
