using Microsoft.Azure.WebJobs.Host.Executors;
using Microsoft.Extensions.Options;

namespace GitOps.Cli.Serve;

/// <summary>The configured host id (<see cref="ServeOptions.HostId"/>): timer status blobs and singleton locks are kept under it.</summary>
public sealed class ServeHostIdProvider(IOptions<ServeOptions> options) : IHostIdProvider
{
    /// <inheritdoc />
    public Task<string> GetHostIdAsync(CancellationToken cancellationToken) => Task.FromResult(options.Value.HostId);
}
