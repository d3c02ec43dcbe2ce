using System.Security.Cryptography;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;

namespace GitOps.Storage.Pipeline;

/// <summary>Signs each attempt with the account key (Authorization: SharedKey account:signature), per Learn "Authorize with Shared Key".</summary>
/// <remarks>
/// Queue (and blob) requests sign the full string (verb, standard headers, canonicalized x-ms-* headers, resource with
/// every query parameter decoded); Table requests sign verb, Content-MD5, Content-Type, date and the resource with only
/// ?comp=. The resource is /{account}{path}, so Azurite's path-style URLs carry the account twice.
/// </remarks>
internal sealed class SharedKeyPolicy : HttpPipelineSynchronousPolicy
{
    private readonly string _accountName;
    private readonly byte[] _key;
    private readonly StorageServiceKind _kind;

    public SharedKeyPolicy(string accountName, byte[] key, StorageServiceKind kind)
    {
        _accountName = accountName;
        _key = key;
        _kind = kind;
    }

    public override void OnSendingRequest(HttpMessage message)
    {
        var stringToSign = _kind == StorageServiceKind.Table ? TableStringToSign(message.Request) : FullStringToSign(message.Request);
        var signature = Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(stringToSign)));
        message.Request.Headers.SetValue("Authorization", $"SharedKey {_accountName}:{signature}");
    }

    internal string FullStringToSign(Request request)
    {
        var contentLength = "";
        if (request.Content is not null && request.Content.TryComputeLength(out var length) && length > 0)
        {
            contentLength = length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var uri = request.Uri.ToUri();
        var sb = new StringBuilder(256);
        sb.Append(request.Method.Method).Append('\n');
        sb.Append(Header(request, "Content-Encoding")).Append('\n');
        sb.Append(Header(request, "Content-Language")).Append('\n');
        sb.Append(contentLength).Append('\n');
        sb.Append(Header(request, "Content-MD5")).Append('\n');
        sb.Append(Header(request, "Content-Type")).Append('\n');
        sb.Append('\n'); // Date: empty because x-ms-date is always sent.
        sb.Append(Header(request, "If-Modified-Since")).Append('\n');
        sb.Append(Header(request, "If-Match")).Append('\n');
        sb.Append(Header(request, "If-None-Match")).Append('\n');
        sb.Append(Header(request, "If-Unmodified-Since")).Append('\n');
        sb.Append(Header(request, "Range")).Append('\n');

        var msHeaders = new List<KeyValuePair<string, string>>();
        foreach (var header in request.Headers)
        {
            if (header.Name.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase))
            {
                msHeaders.Add(new(header.Name.ToLowerInvariant(), header.Value.Trim()));
            }
        }

        msHeaders.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        foreach (var (name, value) in msHeaders)
        {
            sb.Append(name).Append(':').Append(value).Append('\n');
        }

        sb.Append('/').Append(_accountName).Append(uri.AbsolutePath);
        foreach (var (name, value) in CanonicalQuery(uri.Query))
        {
            sb.Append('\n').Append(name).Append(':').Append(value);
        }

        return sb.ToString();
    }

    internal string TableStringToSign(Request request)
    {
        var uri = request.Uri.ToUri();
        var sb = new StringBuilder(160);
        sb.Append(request.Method.Method).Append('\n');
        sb.Append(Header(request, "Content-MD5")).Append('\n');
        sb.Append(Header(request, "Content-Type")).Append('\n');
        sb.Append(Header(request, "x-ms-date")).Append('\n');
        sb.Append('/').Append(_accountName).Append(uri.AbsolutePath);
        foreach (var (name, value) in CanonicalQuery(uri.Query))
        {
            if (name == "comp")
            {
                sb.Append("?comp=").Append(value);
            }
        }

        return sb.ToString();
    }

    /// <summary>Query parameters with lowercased names sorted ordinally and decoded values (repeated names joined with commas).</summary>
    internal static SortedDictionary<string, string> CanonicalQuery(string query)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(query) || query == "?")
        {
            return result;
        }

        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]).ToLowerInvariant();
            var value = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..]);
            result[name] = result.TryGetValue(name, out var existing) ? existing + "," + value : value;
        }

        return result;
    }

    private static string Header(Request request, string name) => request.Headers.TryGetValue(name, out var value) ? value : "";
}
