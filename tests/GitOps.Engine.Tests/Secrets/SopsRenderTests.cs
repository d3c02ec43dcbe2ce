using GitOps.Engine.Apps;
using GitOps.Engine.Configuration;
using GitOps.Engine.Rendering;
using GitOps.Engine.Secrets;
using GitOps.Engine.Tests.Rendering;
using GitOps.Testing.Git;
using GitOps.Testing.Sops;

namespace GitOps.Engine.Tests.Secrets;

/// <summary>The decrypt step in the render: plain and Kustomize apps, keys per source, and `gitops validate`.</summary>
public sealed class SopsRenderTests
{
    private static readonly (string Keys, string Recipient) Key = AgeCli.NewIdentity();

    [Fact]
    public async Task RenderAsync_PlainAppWithRealSopsFile_DecryptsWithTheSourcesKey()
    {
        using var repo = new TempFolder();
        repo.Write("apps/web/secret.yaml", File.ReadAllText(AgeTests.Fixture("flux-global-age-secret.sops.yaml")));
        repo.Write("apps/web/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");

        var result = await Renderer(File.ReadAllText(AgeTests.Fixture("flux-age-global.txt"))).RenderAsync(RenderTestContext.App("apps/web"), repo.Path);

        var secret = result.Objects.Single(o => o["kind"]!.GetValue<string>() == "Secret");
        Assert.Equal("global-value", secret["stringData"]!["key"]!.GetValue<string>());
        Assert.False(secret.ContainsKey("sops"));
    }

    [Fact]
    public async Task RenderAsync_EncryptedFileWithoutKeys_FailsAndNamesFileAndSetting()
    {
        using var repo = new TempFolder();
        repo.Write("apps/web/secret.yaml", File.ReadAllText(AgeTests.Fixture("flux-global-age-secret.sops.yaml")));

        var ex = await Assert.ThrowsAsync<RenderException>(() => new AppRenderer(RenderTestContext.Options).RenderAsync(RenderTestContext.App("apps/web"), repo.Path));

        Assert.Contains("apps/web/secret.yaml (Secret global-age-secret): cannot decrypt SOPS file", ex.Message, StringComparison.Ordinal);
        Assert.Contains("GitOps__Sources__s__Decryption has no age identity", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_KustomizeAppWithSopsResource_DecryptsAfterTheBuild()
    {
        using var repo = new TempFolder();
        var encrypted = SopsTestWriter.Encrypt(SopsDocumentsTests.Secret("password", "hunter2"), new SopsWriteOptions { AgeRecipients = [Key.Recipient], EncryptedRegex = "^(data|stringData)$" });
        repo.Write("apps/web/secret.enc.yaml", encrypted.ToJsonString());
        repo.Write("apps/web/kustomization.yaml", "resources: [secret.enc.yaml]\nnamespace: web\ncommonLabels: {team: a}\n");

        var result = await Renderer(Key.Keys).RenderAsync(RenderTestContext.App("apps/web", render: new RenderSpec { Type = RenderType.Kustomize }), repo.Path);

        var secret = Assert.Single(result.Objects);
        Assert.Equal("hunter2", secret["stringData"]!["password"]!.GetValue<string>());
        Assert.Equal("a", secret["metadata"]!["labels"]!["team"]!.GetValue<string>());
    }

    [Fact]
    public async Task RenderAsync_KustomizeAppWithRealSopsFile_VerifiesTheFileAsWrittenThoughKustomizeSortsItsKeys()
    {
        using var repo = new TempFolder();
        repo.Write("apps/web/secret.yaml", File.ReadAllText(AgeTests.Fixture("flux-global-age-secret.sops.yaml")));
        repo.Write("apps/web/kustomization.yaml", "resources: [secret.yaml]\n");

        var result = await Renderer(File.ReadAllText(AgeTests.Fixture("flux-age-global.txt"))).RenderAsync(RenderTestContext.App("apps/web", render: new RenderSpec { Type = RenderType.Kustomize }), repo.Path);

        Assert.Equal("global-value", Assert.Single(result.Objects)["stringData"]!["key"]!.GetValue<string>());
    }

    [Fact]
    public async Task RenderAsync_HelmChartWithSopsValuesFile_RendersTheDecryptedValuesWithoutWritingThem()
    {
        using var repo = new TempFolder();
        repo.Write("chart/Chart.yaml", "apiVersion: v2\nname: web\nversion: 0.1.0\n");
        repo.Write("chart/values.yaml", "user: app\npassword: none\nreplicas: 1\n");
        repo.Write("chart/values-prod.yaml", "replicas: 3\n");
        var secretValues = new System.Text.Json.Nodes.JsonObject { ["password"] = "hunter2", ["db"] = new System.Text.Json.Nodes.JsonObject { ["host"] = "db.internal" } };
        repo.Write("chart/secrets.enc.yaml", SopsTestWriter.Encrypt(secretValues, new SopsWriteOptions { AgeRecipients = [Key.Recipient] }).ToJsonString());
        repo.Write("chart/templates/secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata: {name: web}\nstringData:\n  user: {{ .Values.user | quote }}\n  password: {{ .Values.password | quote }}\n  host: {{ .Values.db.host | quote }}\n  replicas: {{ .Values.replicas | quote }}\n  tier: {{ .Values.tier | quote }}\n");
        var render = new RenderSpec { Type = RenderType.Helm, Helm = new HelmSpec { ValuesFiles = ["values-prod.yaml", "secrets.enc.yaml"], Values = "{\"tier\":\"front\"}" } };

        var result = await Renderer(Key.Keys).RenderAsync(RenderTestContext.App("chart", render: render), repo.Path);

        var data = Assert.Single(result.Objects)["stringData"]!;
        Assert.Equal(["app", "hunter2", "db.internal", "3", "front"], new[] { "user", "password", "host", "replicas", "tier" }.Select(k => data[k]!.GetValue<string>()));
    }

    [Fact]
    public async Task ValidateAsync_WithoutKey_ChecksStructure_WithKey_Decrypts()
    {
        using var repo = new TempFolder();
        repo.Write("secret.yaml", File.ReadAllText(AgeTests.Fixture("flux-global-age-secret.sops.yaml")));
        using var withoutKey = new StringWriter();
        using var withKey = new StringWriter();
        using var wrongKey = new StringWriter();
        var keyFile = AgeTests.Fixture("flux-age-global.txt");

        Assert.Equal(0, await new LocalValidator(RenderTestContext.Options).ValidateAsync(repo.Path, withoutKey, "web"));
        Assert.Equal(0, await new LocalValidator(RenderTestContext.Options, keyrings: EnvironmentSopsKeyrings.FromEnvironment(v => v == "SOPS_AGE_KEY_FILE" ? keyFile : null)).ValidateAsync(repo.Path, withKey, "web"));
        Assert.Equal(1, await new LocalValidator(RenderTestContext.Options, keyrings: EnvironmentSopsKeyrings.FromEnvironment(v => v == "SOPS_AGE_KEY" ? Key.Keys : null)).ValidateAsync(repo.Path, wrongKey, "web"));
        Assert.Contains("no configured key opens the data key", wrongKey.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("global-value", withKey.ToString() + wrongKey.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateAsync_WithoutKey_RefusesAPlaintextValueTheRulesEncrypt()
    {
        using var repo = new TempFolder();
        var text = File.ReadAllText(AgeTests.Fixture("flux-global-age-secret.sops.yaml"));
        repo.Write("secret.yaml", text.Replace("stringData:\n", "stringData:\n  leaked: plain\n", StringComparison.Ordinal));
        using var output = new StringWriter();

        Assert.Equal(1, await new LocalValidator(RenderTestContext.Options).ValidateAsync(repo.Path, output, "web"));
        Assert.Contains("'stringData.leaked' should be encrypted", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadSettings_NameTheSettingNotTheValue()
    {
        var errors = new SourceDecryptionOptions { AgeKeys = "AGE-SECRET-KEY-1SECRETISH", KeyVaults = ["http://vault.example"] }.Validate("platform");

        Assert.Equal(2, errors.Count);
        Assert.Contains("GitOps__Sources__platform__Decryption__AgeKeys, line 1", errors[0], StringComparison.Ordinal);
        Assert.DoesNotContain("SECRETISH", errors[0], StringComparison.Ordinal);
        Assert.Contains("GitOps__Sources__platform__Decryption__KeyVaults__0 is malformed", errors[1], StringComparison.Ordinal);
    }

    private static AppRenderer Renderer(string ageKeys) => new(RenderTestContext.Options, keyrings: new SourceSopsKeyrings(
        new GitOpsOptions { Sources = { ["s"] = new SourceOptions { Url = "file:///x", Decryption = new SourceDecryptionOptions { AgeKeys = ageKeys } } } },
        unwrapper: null));
}
