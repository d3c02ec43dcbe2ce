using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;
using GitOps.Testing;

namespace GitOps.Infra.Tests;

/// <summary>infra/main.bicep compiles with the Bicep CLI that NuGet serves, with no warning, into the deployment the README describes.</summary>
public sealed class BicepCompileTests
{
    private static readonly Lazy<Compiled> Template = new(() => Compile(Path.Combine(ToolPaths.RepositoryRoot, "infra", "main.bicep")));

    [Fact]
    public void Build_HasNoWarningsOrErrors()
    {
        var compiled = Template.Value;

        Assert.True(compiled.ExitCode == 0, compiled.Diagnostics);
        Assert.True(compiled.Diagnostics.Length == 0, "bicep build reported:\n" + compiled.Diagnostics);
    }

    [Fact]
    public void Plan_IsFlexConsumption()
    {
        var plan = Resource("Microsoft.Web/serverfarms");

        Assert.Equal("FC1", (string?)plan["sku"]?["name"]);
        Assert.Equal("FlexConsumption", (string?)plan["sku"]?["tier"]);
    }

    [Fact]
    public void FunctionApp_RunsDotnetIsolated10_WithIdentityDeploymentStorage()
    {
        var config = Resource("Microsoft.Web/sites")["properties"]?["functionAppConfig"];

        Assert.Equal("dotnet-isolated", (string?)config?["runtime"]?["name"]);
        Assert.Equal("10.0", (string?)config?["runtime"]?["version"]);
        Assert.Equal("UserAssignedIdentity", (string?)config?["deployment"]?["storage"]?["authentication"]?["type"]);
    }

    [Fact]
    public void FunctionApp_SetsNoSettingsFlexConsumptionRejects()
    {
        // Flex Consumption takes the runtime from functionAppConfig and refuses these as app settings.
        var text = Resource("Microsoft.Web/sites").ToJsonString();

        Assert.DoesNotContain("FUNCTIONS_WORKER_RUNTIME", text, StringComparison.Ordinal);
        Assert.DoesNotContain("FUNCTIONS_EXTENSION_VERSION", text, StringComparison.Ordinal);
    }

    [Fact]
    public void AksModule_GrantsRbacWriterByDefault_AndReturnsServerAndCa()
    {
        var module = Resource("Microsoft.Resources/deployments");
        var inner = module["properties"]?["template"];
        var roleIds = inner?["variables"]?["roleIds"];

        Assert.NotNull(module["condition"]);
        Assert.Equal("a7ffa36f-339b-4b5c-8bdf-e2c188b2c0eb", (string?)roleIds?["Writer"]);
        Assert.Equal("Writer", (string?)Template.Value.Json["parameters"]?["aksRole"]?["defaultValue"]);
        Assert.NotNull(inner?["outputs"]?["server"]);
        Assert.NotNull(inner?["outputs"]?["certificateAuthorityData"]);
    }

    private static JsonNode Resource(string type)
    {
        var resources = Template.Value.Json["resources"];
        // Bicep emits resources as an array, or as an object keyed by symbolic name for newer language versions.
        var all = resources is JsonArray array ? array : resources!.AsObject().Select(p => p.Value);
        return Assert.Single(all, r => (string?)r?["type"] == type)!;
    }

    private static Compiled Compile(string file)
    {
        var bicep = typeof(BicepCompileTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepPath").Value!;
        Assert.True(File.Exists(bicep), $"{bicep} is missing: the test project's restore downloads it (PackageDownload).");
        if (!OperatingSystem.IsWindows())
        {
            // NuGet does not keep the executable bit of a package file.
            File.SetUnixFileMode(bicep, File.GetUnixFileMode(bicep) | UnixFileMode.UserExecute);
        }

        var psi = new ProcessStartInfo(bicep)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "build", file, "--stdout" })
        {
            psi.ArgumentList.Add(arg);
        }

        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return new Compiled(process.ExitCode, stderr.Result.Trim(), process.ExitCode == 0 ? JsonNode.Parse(stdout)! : new JsonObject());
    }

    private sealed record Compiled(int ExitCode, string Diagnostics, JsonNode Json);
}
