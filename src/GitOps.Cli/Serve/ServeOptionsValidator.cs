using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace GitOps.Cli.Serve;

/// <summary>Checks <see cref="ServeOptions"/>; messages name the setting.</summary>
public sealed partial class ServeOptionsValidator : IValidateOptions<ServeOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ServeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Port is < 0 or > 65535)
        {
            failures.Add($"GitOps__Serve__Port is malformed: {options.Port} is not a TCP port (0..65535).");
        }

        // The WebJobs SDK's rule for host ids: they name blobs and locks.
        if (!HostIdPattern().IsMatch(options.HostId))
        {
            failures.Add($"GitOps__Serve__HostId is malformed: '{options.HostId}' must be 1-32 lower-case letters, digits or dashes, not starting or ending with a dash.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$")]
    private static partial Regex HostIdPattern();
}
