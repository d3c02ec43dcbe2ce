using System.Globalization;
using System.Text;
using System.Xml;

namespace GitOps.Storage.Queues;

/// <summary>The Queue service's XML bodies: the message we put and the message lists and enumerations we read.</summary>
internal static class QueueXml
{
    private static readonly XmlReaderSettings ReaderSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        IgnoreWhitespace = false,
        IgnoreComments = true,
    };

    /// <summary>The body of Put Message / Update Message, with the text XML-escaped (messageEncoding none: no base64).</summary>
    public static byte[] MessageBody(string text)
    {
        try
        {
            XmlConvert.VerifyXmlChars(text);
        }
        catch (XmlException ex)
        {
            throw new ArgumentException("The message text contains a character that XML cannot carry; encode the text (for example as JSON or base64) first.", nameof(text), ex);
        }

        var sb = new StringBuilder(text.Length + 64);
        sb.Append("<QueueMessage><MessageText>");
        foreach (var c in text)
        {
            switch (c)
            {
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '&': sb.Append("&amp;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&apos;"); break;
                case '\r': sb.Append("&#xD;"); break;
                default: sb.Append(c); break;
            }
        }

        sb.Append("</MessageText></QueueMessage>");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>Reads the QueueMessage elements of a QueueMessagesList as name/value maps.</summary>
    public static List<Dictionary<string, string>> ReadMessages(Stream body)
    {
        var result = new List<Dictionary<string, string>>();
        using var reader = XmlReader.Create(body, ReaderSettings);
        reader.MoveToContent();
        Dictionary<string, string>? current = null;
        while (!reader.EOF)
        {
            if (reader.NodeType == XmlNodeType.Element && reader.Depth == 1 && reader.Name == "QueueMessage")
            {
                current = new Dictionary<string, string>(StringComparer.Ordinal);
                result.Add(current);
                reader.Read();
            }
            else if (reader.NodeType == XmlNodeType.Element && reader.Depth == 2 && current is not null)
            {
                var name = reader.Name;
                if (reader.IsEmptyElement)
                {
                    current[name] = "";
                    reader.Read();
                }
                else
                {
                    // Advances past the element, onto whatever follows.
                    current[name] = reader.ReadElementContentAsString();
                }
            }
            else
            {
                reader.Read();
            }
        }

        return result;
    }

    /// <summary>Reads a List Queues page: the names and the next marker (null on the last page).</summary>
    public static (List<string> Names, string? NextMarker) ReadQueueList(Stream body)
    {
        var names = new List<string>();
        string? next = null;
        using var reader = XmlReader.Create(body, ReaderSettings);
        reader.MoveToContent();
        while (!reader.EOF)
        {
            if (reader.NodeType == XmlNodeType.Element && reader.Name == "Name" && reader.Depth == 3)
            {
                names.Add(reader.ReadElementContentAsString());
            }
            else if (reader.NodeType == XmlNodeType.Element && reader.Name == "NextMarker" && reader.Depth == 1)
            {
                if (reader.IsEmptyElement)
                {
                    reader.Read();
                }
                else
                {
                    next = reader.ReadElementContentAsString();
                }
            }
            else
            {
                reader.Read();
            }
        }

        return (names, string.IsNullOrEmpty(next) ? null : next);
    }

    public static DateTimeOffset ParseDate(Dictionary<string, string> values, string name) =>
        values.TryGetValue(name, out var text) && !string.IsNullOrEmpty(text) ? ParseDate(text) : default;

    public static DateTimeOffset ParseDate(string text) =>
        DateTimeOffset.ParseExact(text, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public static string Require(Dictionary<string, string> values, string name) =>
        values.TryGetValue(name, out var value) ? value : throw new FormatException($"The Queue service's response lacks <{name}>.");
}
