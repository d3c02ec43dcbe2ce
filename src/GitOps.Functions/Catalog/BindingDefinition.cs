using System.Text.Json;

namespace GitOps.Functions.Catalog;

/// <summary>One binding of a function, as written in its function.json.</summary>
public abstract record BindingDefinition(string Name)
{
    /// <summary>Writes the binding object of function.json.</summary>
    public abstract void WriteTo(Utf8JsonWriter writer);
}

/// <summary>An HTTP trigger (direction in).</summary>
public sealed record HttpTriggerBinding(string Name, string AuthLevel, IReadOnlyList<string> Methods, string Route) : BindingDefinition(Name)
{
    /// <inheritdoc />
    public override void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("type", "httpTrigger");
        writer.WriteString("direction", "in");
        writer.WriteString("name", Name);
        writer.WriteString("authLevel", AuthLevel);
        writer.WriteStartArray("methods");
        foreach (var method in Methods)
        {
            writer.WriteStringValue(method.ToLowerInvariant());
        }

        writer.WriteEndArray();
        writer.WriteString("route", Route);
        writer.WriteEndObject();
    }
}

/// <summary>The HTTP response output of an HTTP trigger (direction out).</summary>
public sealed record HttpOutputBinding(string Name) : BindingDefinition(Name)
{
    /// <inheritdoc />
    public override void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("type", "http");
        writer.WriteString("direction", "out");
        writer.WriteString("name", Name);
        writer.WriteEndObject();
    }
}

/// <summary>A queue trigger (direction in).</summary>
public sealed record QueueTriggerBinding(string Name, string QueueName, string Connection) : BindingDefinition(Name)
{
    /// <inheritdoc />
    public override void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("type", "queueTrigger");
        writer.WriteString("direction", "in");
        writer.WriteString("name", Name);
        writer.WriteString("queueName", QueueName);
        writer.WriteString("connection", Connection);
        writer.WriteEndObject();
    }
}

/// <summary>A queue output (direction out); the handler fills it through the invocation response's Outputs.</summary>
public sealed record QueueOutputBinding(string Name, string QueueName, string Connection) : BindingDefinition(Name)
{
    /// <inheritdoc />
    public override void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("type", "queue");
        writer.WriteString("direction", "out");
        writer.WriteString("name", Name);
        writer.WriteString("queueName", QueueName);
        writer.WriteString("connection", Connection);
        writer.WriteEndObject();
    }
}

/// <summary>A timer trigger; <see cref="Schedule"/> may be an app setting reference such as %GitOps__DriftSchedule%.</summary>
public sealed record TimerTriggerBinding(string Name, string Schedule, bool RunOnStartup, bool UseMonitor) : BindingDefinition(Name)
{
    /// <inheritdoc />
    public override void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("type", "timerTrigger");
        writer.WriteString("direction", "in");
        writer.WriteString("name", Name);
        writer.WriteString("schedule", Schedule);
        writer.WriteBoolean("runOnStartup", RunOnStartup);
        writer.WriteBoolean("useMonitor", UseMonitor);
        writer.WriteEndObject();
    }
}
