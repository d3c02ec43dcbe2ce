using System.Globalization;
using System.Text.Json;

namespace GitOps.Functions.CustomHandler;

/// <summary>Reads the host's invocation payload {"Data":{…},"Metadata":{…}} defensively (PLATFORM.md §A).</summary>
public sealed class InvocationRequest : IDisposable
{
    private readonly JsonDocument document;

    private InvocationRequest(JsonDocument document) => this.document = document;

    /// <summary>Parses a payload; throws <see cref="InvalidInvocationException"/> when it is not a JSON object.</summary>
    public static InvocationRequest Parse(ReadOnlyMemory<byte> body)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            throw new InvalidInvocationException($"The invocation payload is not valid JSON: {ex.Message}", ex);
        }

        if (doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            doc.Dispose();
            throw new InvalidInvocationException("The invocation payload is not a JSON object.");
        }

        return new InvocationRequest(doc);
    }

    /// <summary>The Data value of a binding, or null.</summary>
    public JsonElement? Data(string bindingName) => Child("Data", bindingName);

    /// <summary>A Metadata value, or null.</summary>
    public JsonElement? Metadata(string key) => Child("Metadata", key);

    /// <summary>
    /// The text of a queue message in Data: a string (unwrapped once more when it is itself a JSON-encoded string, as the host
    /// may serialize values twice), or the raw JSON of an object the host parsed.
    /// </summary>
    public string? QueueMessageText(string bindingName)
    {
        if (Data(bindingName) is not { } value)
        {
            return null;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                var text = value.GetString()!;
                if (text.Length >= 2 && text[0] == '"' && text[^1] == '"')
                {
                    try
                    {
                        return JsonSerializer.Deserialize(text, InvocationJsonContext.Default.String) ?? text;
                    }
                    catch (JsonException)
                    {
                        return text;
                    }
                }

                return text;
            case JsonValueKind.Null or JsonValueKind.Undefined:
                return null;
            default:
                return value.GetRawText();
        }
    }

    /// <summary>A numeric Metadata value written as a number or a numeric string, or null.</summary>
    public long? MetadataInt64(string key)
    {
        if (Metadata(key) is not { } value)
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt64(out var n) => n,
            JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => n,
            _ => null,
        };
    }

    /// <summary>A string Metadata value (numbers as their text), or null.</summary>
    public string? MetadataString(string key) => Metadata(key) switch
    {
        { ValueKind: JsonValueKind.String } v => v.GetString(),
        { ValueKind: JsonValueKind.Number } v => v.GetRawText(),
        _ => null,
    };

    /// <summary>The timer's IsPastDue flag (Data.&lt;binding&gt;.IsPastDue, tolerating a JSON-encoded TimerInfo string).</summary>
    public bool TimerIsPastDue(string bindingName)
    {
        if (Data(bindingName) is not { } value)
        {
            return false;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            try
            {
                using var inner = JsonDocument.Parse(value.GetString()!);
                return ReadPastDue(inner.RootElement);
            }
            catch (JsonException)
            {
                return false;
            }
        }

        return ReadPastDue(value);
    }

    /// <inheritdoc />
    public void Dispose() => document.Dispose();

    private static bool ReadPastDue(JsonElement timer) =>
        timer.ValueKind == JsonValueKind.Object
        && (timer.TryGetProperty("IsPastDue", out var flag) || timer.TryGetProperty("isPastDue", out flag))
        && flag.ValueKind == JsonValueKind.True;

    private JsonElement? Child(string section, string key)
    {
        if (!document.RootElement.TryGetProperty(section, out var parent) || parent.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (parent.TryGetProperty(key, out var exact))
        {
            return exact;
        }

        // Binding names are case-insensitive in the host.
        foreach (var property in parent.EnumerateObject())
        {
            if (string.Equals(property.Name, key, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }
}

/// <summary>The host sent an invocation payload that cannot be read.</summary>
public sealed class InvalidInvocationException : Exception
{
    public InvalidInvocationException() { }
    public InvalidInvocationException(string message) : base(message) { }
    public InvalidInvocationException(string message, Exception inner) : base(message, inner) { }
}
