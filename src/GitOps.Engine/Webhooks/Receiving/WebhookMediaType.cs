namespace GitOps.Engine.Webhooks.Receiving;

/// <summary>Classifies a delivery's Content-Type.</summary>
public static class WebhookMediaType
{
    /// <summary>False for application/json, true for application/x-www-form-urlencoded, null for anything else.</summary>
    public static bool? Classify(string? contentType)
    {
        var media = (contentType ?? "").Split(';', 2)[0].Trim();
        if (media.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (media.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return null;
    }
}
