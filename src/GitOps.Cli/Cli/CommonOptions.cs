using System.CommandLine;

namespace GitOps.Cli;

/// <summary>The options every data verb shares: --output, --storage, and --url/--token for a remote app.</summary>
internal sealed class CommonOptions
{
    public Option<OutputFormat> Output { get; } = new("--output", "-o")
    {
        Description = "Output format: table (default) or json.",
        DefaultValueFactory = _ => OutputFormat.Table,
    };

    public Option<string?> Storage { get; } = new("--storage")
    {
        Description = "Storage connection string; overrides AzureWebJobsStorage from the environment or local.settings.json.",
    };

    public Option<string?> Url { get; } = new("--url")
    {
        Description = "Use a deployed app's status API instead of storage, for example https://myapp.azurewebsites.net/api.",
    };

    public Option<string?> Token { get; } = new("--token")
    {
        Description = "With --url: the Functions key or bearer token of the status API.",
    };

    /// <summary>Adds the options to a verb.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Output);
        command.Options.Add(Storage);
        command.Options.Add(Url);
        command.Options.Add(Token);
    }

    /// <summary>Builds the verb's context from the parse result.</summary>
    public CliContext Read(ParseResult parseResult) => new(
        parseResult.InvocationConfiguration.Output,
        parseResult.InvocationConfiguration.Error,
        parseResult.GetValue(Output),
        parseResult.GetValue(Storage),
        ParseUrl(parseResult.GetValue(Url)),
        parseResult.GetValue(Token));

    private static Uri? ParseUrl(string? value) => value switch
    {
        null => null,
        _ when Uri.TryCreate(value, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp) => url,
        _ => throw new CliException(ExitCodes.UsageOrConfiguration, $"--url '{value}' is not an absolute http(s) URL such as https://myapp.azurewebsites.net/api"),
    };
}
