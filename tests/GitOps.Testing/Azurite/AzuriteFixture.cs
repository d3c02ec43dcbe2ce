using Xunit;

namespace GitOps.Testing.Azurite;

/// <summary>An xunit class or collection fixture that owns one Azurite instance for its tests.</summary>
/// <remarks>xunit needs [CollectionDefinition] in the test assembly itself, so each test project declares its own collection over this fixture.</remarks>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteInstance? _instance;

    /// <summary>The running instance.</summary>
    public AzuriteInstance Instance => _instance ?? throw new InvalidOperationException("AzuriteFixture is not initialized yet.");

    /// <summary>A SharedKey connection string for the instance.</summary>
    public string ConnectionString => Instance.ConnectionString;

    /// <summary>The queue endpoint.</summary>
    public Uri QueueEndpoint => Instance.QueueEndpoint;

    /// <summary>The table endpoint.</summary>
    public Uri TableEndpoint => Instance.TableEndpoint;

    /// <inheritdoc />
    public async Task InitializeAsync() => _instance = await AzuriteInstance.StartAsync().ConfigureAwait(false);

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_instance is not null)
        {
            await _instance.DisposeAsync().ConfigureAwait(false);
        }
    }
}
