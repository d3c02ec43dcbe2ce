using Azure.Core;
using Azure.Core.Pipeline;

namespace GitOps.Storage.Pipeline;

/// <summary>Appends a shared access signature's query parameters to every request.</summary>
internal sealed class SasQueryPolicy : HttpPipelineSynchronousPolicy
{
    private readonly string _sas;

    public SasQueryPolicy(string sas) => _sas = sas.TrimStart('?');

    public override void OnSendingRequest(HttpMessage message)
    {
        var query = message.Request.Uri.Query;
        if (!query.Contains(_sas, StringComparison.Ordinal))
        {
            message.Request.Uri.Query = string.IsNullOrEmpty(query) || query == "?" ? "?" + _sas : query + "&" + _sas;
        }
    }
}
