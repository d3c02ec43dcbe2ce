using System.Text.Json.Nodes;
using GitOps.Engine.Manifests;
using GitOps.Engine.Rendering;
using GitOps.Engine.Secrets;
using GitOps.Engine.Secrets.Age;
using GitOps.Testing.Sops;

namespace GitOps.Engine.Tests.Secrets;

/// <summary>SOPS decryption of rendered documents: the real sops file, and files made with the age CLI and the test writer.</summary>
public sealed class SopsDocumentsTests
{
    private static readonly (string Keys, string Recipient) Alice = AgeCli.NewIdentity();
    private static readonly (string Keys, string Recipient) Bob = AgeCli.NewIdentity();

    [Fact]
    public async Task DecryptAsync_RealSopsFile_GivesTheExpectedValueAndDropsTheSopsBlock()
    {
        var documents = YamlReader.Read(File.ReadAllText(AgeTests.Fixture("flux-global-age-secret.sops.yaml")), "secret.yaml");
        var keyring = Keyring(File.ReadAllText(AgeTests.Fixture("flux-age-global.txt")));

        var decrypted = await SopsDocuments.DecryptAsync(documents, keyring, default);

        var secret = Assert.IsType<JsonObject>(Assert.Single(decrypted).Content);
        Assert.Equal("global-value", secret["stringData"]!["key"]!.GetValue<string>());
        Assert.Equal("global-age-secret", secret["metadata"]!["name"]!.GetValue<string>());
        Assert.False(secret.ContainsKey("sops"));
        Assert.True(documents[0].Content!.AsObject().ContainsKey("sops")); // the parsed (maybe cached) input is untouched
    }

    [Fact]
    public async Task DecryptAsync_RealSopsFileWithWrongKey_FailsNamingFileAndRecipientButNoKeyMaterial()
    {
        var documents = YamlReader.Read(File.ReadAllText(AgeTests.Fixture("flux-global-age-secret.sops.yaml")), "apps/web/secret.yaml");

        var ex = await Assert.ThrowsAsync<RenderException>(() => SopsDocuments.DecryptAsync(documents, Keyring(Alice.Keys), default));

        Assert.Contains("apps/web/secret.yaml (Secret global-age-secret)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("age age1henwn645drkd3fa34t27t2w2x0nsgw3w4h62gmg5x5xflyjpy38s5cncph", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("AGE-SECRET-KEY", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DecryptAsync_RealSopsFileWithTamperedValue_IsRefused()
    {
        var text = File.ReadAllText(AgeTests.Fixture("flux-global-age-secret.sops.yaml")).Replace("data:5d9WYyV8eyrOhF/m", "data:5d9WYyV8eyrOhF/n", StringComparison.Ordinal);

        var ex = await Assert.ThrowsAsync<RenderException>(() => SopsDocuments.DecryptAsync(YamlReader.Read(text, "s.yaml"), Keyring(File.ReadAllText(AgeTests.Fixture("flux-age-global.txt"))), default));

        Assert.Contains("'stringData.key': a value does not authenticate", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DecryptAsync_RealSopsFileWithAlteredPlaintextField_FailsTheMac()
    {
        var text = File.ReadAllText(AgeTests.Fixture("flux-global-age-secret.sops.yaml")).Replace("namespace: default", "namespace: other", StringComparison.Ordinal);

        var ex = await Assert.ThrowsAsync<RenderException>(() => SopsDocuments.DecryptAsync(YamlReader.Read(text, "s.yaml"), Keyring(File.ReadAllText(AgeTests.Fixture("flux-age-global.txt"))), default));

        Assert.Contains("MAC mismatch", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DecryptAsync_RealSopsFileWithTamperedMac_IsRefused()
    {
        var text = File.ReadAllText(AgeTests.Fixture("flux-global-age-secret.sops.yaml")).Replace("mac: ENC[AES256_GCM,data:5vkr", "mac: ENC[AES256_GCM,data:5vks", StringComparison.Ordinal);

        var ex = await Assert.ThrowsAsync<RenderException>(() => SopsDocuments.DecryptAsync(YamlReader.Read(text, "s.yaml"), Keyring(File.ReadAllText(AgeTests.Fixture("flux-age-global.txt"))), default));

        Assert.Contains("the sops mac does not open", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DecryptAsync_RealSopsFileWithAlteredLastModified_IsRefused()
    {
        var text = File.ReadAllText(AgeTests.Fixture("flux-global-age-secret.sops.yaml")).Replace("2025-07-06T17:19:51Z", "2025-07-06T17:19:52Z", StringComparison.Ordinal);

        await Assert.ThrowsAsync<RenderException>(() => SopsDocuments.DecryptAsync(YamlReader.Read(text, "s.yaml"), Keyring(File.ReadAllText(AgeTests.Fixture("flux-age-global.txt"))), default));
    }

    [Fact]
    public async Task DecryptAsync_RealSopsFileWithMacOnlyEncryptedAdded_FailsTheMac()
    {
        // Claiming the MAC covers encrypted values only would let plaintext fields change; SOPS seeds such MACs differently.
        var text = File.ReadAllText(AgeTests.Fixture("flux-global-age-secret.sops.yaml")) + "  mac_only_encrypted: true\n";

        var ex = await Assert.ThrowsAsync<RenderException>(() => SopsDocuments.DecryptAsync(YamlReader.Read(text, "s.yaml"), Keyring(File.ReadAllText(AgeTests.Fixture("flux-age-global.txt"))), default));

        Assert.Contains("MAC mismatch", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DecryptAsync_RealSopsFileWithEncryptedRuleRemoved_IsRefused()
    {
        // Without the rule every value must be encrypted; the plaintext metadata is then refused, never sent as is.
        var text = File.ReadAllText(AgeTests.Fixture("flux-global-age-secret.sops.yaml")).Replace("  encrypted_regex: ^(data|stringData)$\n", "", StringComparison.Ordinal);

        var ex = await Assert.ThrowsAsync<RenderException>(() => SopsDocuments.DecryptAsync(YamlReader.Read(text, "s.yaml"), Keyring(File.ReadAllText(AgeTests.Fixture("flux-age-global.txt"))), default));

        Assert.Contains("'apiVersion' should be encrypted", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DecryptAsync_NestedDocumentWithLists_DecryptsEveryTypeAndVerifiesTheMac()
    {
        var plain = Nested();
        var encrypted = SopsTestWriter.Encrypt(plain, new SopsWriteOptions { AgeRecipients = [Alice.Recipient], EncryptedRegex = "^(data|stringData|config)$" });

        var decrypted = await SopsDocuments.DecryptAsync(Read(encrypted), Keyring(Alice.Keys), default);

        Assert.True(JsonNode.DeepEquals(Reparse(plain), decrypted[0].Content), decrypted[0].Content!.ToJsonString());
    }

    [Fact]
    public void MacWalk_NestedDocumentWithLists_FollowsSopsOrder()
    {
        // SOPS's walk: keys in document order, depth first; list items in order under the list's key path; null skipped;
        // booleans hashed as Go's Python-compatible True/False, numbers in decimal.
        var expected = SopsTestWriter.MacOf(
            "v1", "Secret", "nested", "web", "a", "b", "3", "True", "1.5", "y", "False", "42", "p", "q", "z");

        Assert.Equal(expected, SopsTestWriter.MacFor(Nested(), new SopsWriteOptions { EncryptedRegex = "^(data|stringData|config)$" }));
    }

    [Fact]
    public async Task DecryptAsync_NestedDocumentItemsReordered_FailsTheMac()
    {
        var encrypted = SopsTestWriter.Encrypt(Nested(), new SopsWriteOptions { AgeRecipients = [Alice.Recipient], EncryptedRegex = "^(data|stringData|config)$" });
        var labels = encrypted["metadata"]!["labels"]!.AsArray();
        var first = labels[0]!.DeepClone();
        labels[0] = labels[1]!.DeepClone();
        labels[1] = first;

        var ex = await Assert.ThrowsAsync<RenderException>(() => SopsDocuments.DecryptAsync(Read(encrypted), Keyring(Alice.Keys), default));

        Assert.Contains("MAC mismatch", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DecryptAsync_ValueMovedToAnotherKey_IsRefused()
    {
        var encrypted = SopsTestWriter.Encrypt(Secret("password", "hunter2"), new SopsWriteOptions { AgeRecipients = [Alice.Recipient], EncryptedRegex = "^stringData$" });
        encrypted["stringData"]!["other"] = encrypted["stringData"]!["password"]!.DeepClone();
        encrypted["stringData"]!.AsObject().Remove("password");

        var ex = await Assert.ThrowsAsync<RenderException>(() => SopsDocuments.DecryptAsync(Read(encrypted), Keyring(Alice.Keys), default));

        Assert.Contains("'stringData.other': a value does not authenticate", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DecryptAsync_ValueFromAnotherFileWithItsMac_IsRefused()
    {
        var mine = SopsTestWriter.Encrypt(Secret("password", "one"), new SopsWriteOptions { AgeRecipients = [Alice.Recipient], EncryptedRegex = "^stringData$" });
        var other = SopsTestWriter.Encrypt(Secret("password", "two"), new SopsWriteOptions { AgeRecipients = [Alice.Recipient], EncryptedRegex = "^stringData$" });
        mine["stringData"] = other["stringData"]!.DeepClone();

        await Assert.ThrowsAsync<RenderException>(() => SopsDocuments.DecryptAsync(Read(mine), Keyring(Alice.Keys), default));
    }

    [Fact]
    public async Task DecryptAsync_PlaintextAddedWhereTheRulesEncrypt_IsRefused()
    {
        var encrypted = SopsTestWriter.Encrypt(Secret("password", "x"), new SopsWriteOptions { AgeRecipients = [Alice.Recipient], EncryptedRegex = "^stringData$" });
        encrypted["stringData"]!["injected"] = "plain";

        var ex = await Assert.ThrowsAsync<RenderException>(() => SopsDocuments.DecryptAsync(Read(encrypted), Keyring(Alice.Keys), default));

        Assert.Contains("'stringData.injected' should be encrypted", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DecryptAsync_MissingMac_IsRefused()
    {
        var encrypted = SopsTestWriter.Encrypt(Secret("password", "x"), new SopsWriteOptions { AgeRecipients = [Alice.Recipient], EncryptedRegex = "^stringData$" });
        encrypted["sops"]!.AsObject().Remove("mac");

        var ex = await Assert.ThrowsAsync<RenderException>(() => SopsDocuments.DecryptAsync(Read(encrypted), Keyring(Alice.Keys), default));

        Assert.Contains("has no mac", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DecryptAsync_TwoRecipients_EitherKeyDecrypts()
    {
        var encrypted = SopsTestWriter.Encrypt(Secret("password", "hunter2"), new SopsWriteOptions { AgeRecipients = [Alice.Recipient, Bob.Recipient], EncryptedRegex = "^stringData$" });

        foreach (var keys in new[] { Alice.Keys, Bob.Keys })
        {
            var decrypted = await SopsDocuments.DecryptAsync(Read(encrypted), Keyring(keys), default);
            Assert.Equal("hunter2", decrypted[0].Content!["stringData"]!["password"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task DecryptAsync_NoKeysConfigured_FailsNamingTheSetting()
    {
        var encrypted = SopsTestWriter.Encrypt(Secret("password", "hunter2"), new SopsWriteOptions { AgeRecipients = [Alice.Recipient], EncryptedRegex = "^stringData$" });

        var ex = await Assert.ThrowsAsync<RenderException>(() => SopsDocuments.DecryptAsync(Read(encrypted), SopsKeyring.Empty("GitOps__Sources__s__Decryption"), default));

        Assert.Contains($"encrypted for age {Alice.Recipient}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("GitOps__Sources__s__Decryption has no age identity and no Key Vault", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null, "_x", false)]
    [InlineData(null, "^metadata$", null, false)]
    [InlineData("^(data|stringData)$", null, null, true)]
    public async Task DecryptAsync_EachRuleKind_RoundTrips(string? encryptedRegex, string? unencryptedRegex, string? encryptedSuffix, bool macOnlyEncrypted)
    {
        var plain = new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "Secret", ["metadata"] = new JsonObject { ["name"] = "s" },
            ["stringData"] = new JsonObject { ["token_x"] = "t0p", ["plain"] = "" },
        };
        var options = new SopsWriteOptions
        {
            AgeRecipients = [Alice.Recipient], EncryptedRegex = encryptedRegex, UnencryptedRegex = unencryptedRegex,
            EncryptedSuffix = encryptedSuffix, MacOnlyEncrypted = macOnlyEncrypted,
        };
        var encrypted = SopsTestWriter.Encrypt(plain, options);

        var decrypted = await SopsDocuments.DecryptAsync(Read(encrypted), Keyring(Alice.Keys), default);

        Assert.True(JsonNode.DeepEquals(Reparse(plain), decrypted[0].Content), decrypted[0].Content!.ToJsonString());
    }

    [Fact]
    public async Task DecryptAsync_MacOnlyEncrypted_AllowsPlaintextFieldsToChange()
    {
        // This is what mac_only_encrypted is for (kustomize adding labels or a namespace): only encrypted values are covered.
        var encrypted = SopsTestWriter.Encrypt(Secret("password", "hunter2"), new SopsWriteOptions { AgeRecipients = [Alice.Recipient], EncryptedRegex = "^stringData$", MacOnlyEncrypted = true });
        encrypted["metadata"]!["namespace"] = "other";

        var decrypted = await SopsDocuments.DecryptAsync(Read(encrypted), Keyring(Alice.Keys), default);

        Assert.Equal("hunter2", decrypted[0].Content!["stringData"]!["password"]!.GetValue<string>());
    }

    [Fact]
    public async Task DecryptAsync_WithoutKeyring_ChecksStructureOnly()
    {
        var encrypted = SopsTestWriter.Encrypt(Secret("password", "hunter2"), new SopsWriteOptions { AgeRecipients = [Alice.Recipient], EncryptedRegex = "^stringData$" });

        var checkedOnly = await SopsDocuments.DecryptAsync(Read(encrypted), keyring: null, default);

        Assert.StartsWith("ENC[AES256_GCM,", checkedOnly[0].Content!["stringData"]!["password"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(checkedOnly[0].Content!.AsObject().ContainsKey("sops"));
    }

    [Fact]
    public async Task DecryptAsync_MultiDocumentFile_OneMacCoversAllDocuments()
    {
        var first = SopsTestWriter.Encrypt(Secret("a", "1"), new SopsWriteOptions { AgeRecipients = [Alice.Recipient], EncryptedRegex = "^stringData$" });
        var documents = Read(first).Concat(Read(Secret("b", "plain"))).ToList();

        var decrypted = await SopsDocuments.DecryptAsync(documents, Keyring(Alice.Keys), default);

        Assert.Equal("1", decrypted[0].Content!["stringData"]!["a"]!.GetValue<string>());
        Assert.Same(documents[1], decrypted[1]);
    }

    internal static SopsKeyring Keyring(string keys) => new(AgeIdentity.ParseAll(keys, "test"), [], null, "test keys");

    internal static JsonObject Secret(string key, string value) => new()
    {
        ["apiVersion"] = "v1", ["kind"] = "Secret",
        ["metadata"] = new JsonObject { ["name"] = "web-secret", ["namespace"] = "web" },
        ["type"] = "Opaque",
        ["stringData"] = new JsonObject { [key] = value },
    };

    private static JsonObject Nested() => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Secret",
        ["metadata"] = new JsonObject { ["name"] = "nested", ["labels"] = new JsonArray("web", "a"), ["annotations"] = null },
        ["config"] = new JsonObject
        {
            ["list"] = new JsonArray("b", new JsonObject { ["x"] = 3, ["on"] = true, ["ratio"] = 1.5 }, new JsonArray("y", false)),
            ["count"] = 42,
            ["deep"] = new JsonObject { ["items"] = new JsonArray(new JsonObject { ["k"] = "p" }, "q") },
        },
        ["stringData"] = new JsonObject { ["z"] = "z" },
    };

    private static IReadOnlyList<YamlDocument> Read(JsonObject document) => YamlReader.Read(document.ToJsonString(), "file.json");

    private static JsonNode? Reparse(JsonObject document) => YamlReader.Read(document.ToJsonString(), "x")[0].Content;
}
