using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace GitOps.Engine.Secrets.KeyVault;

/// <summary>Unwraps a SOPS data key with an Azure Key Vault key: POST <c>{key id}/unwrapkey</c> with RSA-OAEP-256, on Azure.Core's pipeline with the host's credential.</summary>
/// <remarks>Azure.Security.KeyVault.Keys is not served here; this is the one REST operation SOPS needs.</remarks>
public sealed class KeyVaultKeyUnwrapper(TokenCredential credential, KeyVaultUnwrapOptions options) : IKeyVaultKeyUnwrapper
{
    private readonly HttpPipeline _pipeline = HttpPipelineBuilder.Build(
        options, new BearerTokenAuthenticationPolicy(credential, "https://vault.azure.net/.default"));

    /// <inheritdoc />
    public async Task<byte[]> UnwrapAsync(Uri keyId, byte[] wrappedKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        ArgumentNullException.ThrowIfNull(wrappedKey);
        using var message = _pipeline.CreateMessage();
        var request = message.Request;
        request.Method = RequestMethod.Post;
        request.Uri.Reset(new Uri(keyId.AbsoluteUri.TrimEnd('/') + "/unwrapkey"));
        request.Uri.AppendQuery("api-version", options.ApiVersion);
        request.Headers.Add(HttpHeader.Common.JsonContentType);
        request.Content = RequestContent.Create(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string>
        {
            ["alg"] = "RSA-OAEP-256",
            ["value"] = Base64Url.Encode(wrappedKey),
        }));
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        if (response.IsError)
        {
            throw new KeyVaultUnwrapException(response.Status, ErrorCode(response));
        }

        using var body = JsonDocument.Parse(response.Content.ToMemory());
        return body.RootElement.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.String
            ? Base64Url.Decode(value.GetString()!)
            : throw new KeyVaultUnwrapException(response.Status, "the response has no value");
    }

    // Key Vault's error body is {"error":{"code":…,"message":…}}; the code and message hold no key material.
    private static string ErrorCode(Response response)
    {
        try
        {
            using var body = JsonDocument.Parse(response.Content.ToMemory());
            if (body.RootElement.TryGetProperty("error", out var error))
            {
                var code = error.TryGetProperty("code", out var c) ? c.GetString() : null;
                var text = error.TryGetProperty("message", out var m) ? m.GetString() : null;
                return string.Join(": ", new[] { code, text }.Where(s => !string.IsNullOrEmpty(s)));
            }
        }
        catch (JsonException)
        {
        }

        return response.ReasonPhrase;
    }
}
