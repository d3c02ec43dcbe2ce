namespace GitOps.EndToEnd.Tests.Telemetry;

/// <summary>
/// The telemetry tests share one stack and run alone: the engine records on a process-wide meter and ActivitySource, so
/// another test class's syncs running at the same time would show up in this stack's exporters.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection : ICollectionFixture<TelemetryStack>
{
    public const string Name = "telemetry";
}
