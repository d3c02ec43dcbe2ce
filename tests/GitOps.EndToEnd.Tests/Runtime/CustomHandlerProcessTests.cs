using System.Net;
using GitOps.EndToEnd.Tests.Support;
using GitOps.Testing;

namespace GitOps.EndToEnd.Tests.Runtime;

/// <summary>`gitops serve` started the way the Functions host starts it: FUNCTIONS_CUSTOMHANDLER_PORT set, no flags.</summary>
public sealed class CustomHandlerProcessTests
{
    [Fact]
    public async Task Serve_CustomHandlerPortSet_AnswersReadinessAndForwardedRoutesOnThatPort()
    {
        var port = FreePort.Next();
        await using var serve = ServeProcess.Start(new Dictionary<string, string?>
        {
            ["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["FUNCTIONS_CUSTOMHANDLER_WORKER_ID"] = Guid.NewGuid().ToString(),
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
        }, standalone: false, port);

        await serve.WaitUntilAnswersAsync("/");
        using var client = new HttpClient();
        using var health = await client.GetAsync(new Uri($"http://127.0.0.1:{port}/api/healthz"));

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("ok", await health.Content.ReadAsStringAsync());
        Assert.False(serve.HasExited);
    }

    [Fact]
    public async Task Serve_CustomHandlerPortMalformed_ExitsTwoNamingTheVariable()
    {
        await using var serve = ServeProcess.Start(new Dictionary<string, string?>
        {
            ["FUNCTIONS_CUSTOMHANDLER_PORT"] = "seventy",
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
        }, standalone: false, port: 0);

        var exit = await serve.WaitForExitAsync(TimeSpan.FromSeconds(90));

        Assert.Equal(2, exit);
        Assert.Contains("FUNCTIONS_CUSTOMHANDLER_PORT is malformed", serve.Output, StringComparison.Ordinal);
    }
}
