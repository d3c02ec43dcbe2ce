namespace GitOps.Engine.Webhooks.Payloads;

/// <summary>A verified delivery whose body cannot be understood (invalid UTF-8 or JSON, wrong shape); answered 400 with this message.</summary>
public sealed class WebhookPayloadException : Exception
{
    public WebhookPayloadException() { }
    public WebhookPayloadException(string message) : base(message) { }
    public WebhookPayloadException(string message, Exception inner) : base(message, inner) { }
}
