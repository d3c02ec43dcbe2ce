using System.Text.Json;
using System.Xml;
using Azure;
using Azure.Core;

namespace GitOps.Storage.Errors;

/// <summary>Turns failed responses and transport failures into <see cref="StorageRequestException"/>s naming the operation and resource.</summary>
internal static class StorageErrors
{
    public static StorageRequestException FromResponse(Response response, string operation, string resource)
    {
        var (bodyCode, bodyMessage) = ParseBody(response);
        var code = response.Headers.TryGetValue("x-ms-error-code", out var headerCode) && !string.IsNullOrEmpty(headerCode) ? headerCode : bodyCode;
        var detail = string.IsNullOrWhiteSpace(bodyMessage) ? response.ReasonPhrase : FirstLine(bodyMessage);
        return new StorageRequestException(
            response.Status,
            code,
            $"{operation} '{resource}' failed with HTTP {response.Status}{(code is null ? "" : $" ({code})")}: {detail}");
    }

    public static StorageRequestException FromTransport(Exception exception, string operation, string resource, Uri endpoint)
    {
        var inner = exception is AggregateException { InnerExceptions.Count: > 0 } aggregate ? aggregate.InnerExceptions[^1] : exception;
        return new StorageRequestException(
            0,
            null,
            $"{operation} '{resource}' could not reach {endpoint.GetLeftPart(UriPartial.Authority)}: {inner.Message}",
            exception);
    }

    private static (string? Code, string? Message) ParseBody(Response response)
    {
        var content = response.Content;
        if (content is null || content.ToMemory().IsEmpty)
        {
            return (null, null);
        }

        var span = content.ToMemory().Span;
        var first = span.TrimStart(" \t\r\n\uFEFF"u8);
        try
        {
            if (!first.IsEmpty && first[0] == (byte)'{')
            {
                using var doc = JsonDocument.Parse(content.ToMemory());
                if (doc.RootElement.TryGetProperty("odata.error", out var error) || doc.RootElement.TryGetProperty("error", out error))
                {
                    var code = error.TryGetProperty("code", out var c) ? c.GetString() : null;
                    string? message = null;
                    if (error.TryGetProperty("message", out var m))
                    {
                        message = m.ValueKind == JsonValueKind.Object && m.TryGetProperty("value", out var v) ? v.GetString() : m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                    }

                    return (code, message);
                }
            }
            else if (!first.IsEmpty && first[0] == (byte)'<')
            {
                using var reader = XmlReader.Create(content.ToStream(), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
                string? code = null, message = null;
                while (reader.Read())
                {
                    if (reader.NodeType == XmlNodeType.Element && reader.Name == "Code")
                    {
                        code = reader.ReadElementContentAsString();
                    }

                    if (reader.NodeType == XmlNodeType.Element && reader.Name == "Message")
                    {
                        message = reader.ReadElementContentAsString();
                    }
                }

                return (code, message);
            }
        }
        catch (Exception ex) when (ex is JsonException or XmlException)
        {
            // An unreadable error body still leaves the status and header code.
        }

        return (null, null);
    }

    private static string FirstLine(string text)
    {
        var trimmed = text.Trim();
        var newline = trimmed.IndexOfAny(['\r', '\n']);
        return newline < 0 ? trimmed : trimmed[..newline];
    }
}
