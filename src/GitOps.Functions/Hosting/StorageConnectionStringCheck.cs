namespace GitOps.Functions.Hosting;

/// <summary>Finds what is wrong with a storage connection string without ever echoing its secrets.</summary>
public static class StorageConnectionStringCheck
{
    /// <summary>Returns a description of the problem, or null when the string is usable for queues and tables.</summary>
    public static string? FindProblem(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var pairs = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                return "expected 'Key=Value' pairs separated by ';' (or UseDevelopmentStorage=true).";
            }

            pairs[part[..eq].Trim()] = part[(eq + 1)..].Trim();
        }

        if (pairs.TryGetValue("UseDevelopmentStorage", out var dev))
        {
            return string.Equals(dev, "true", StringComparison.OrdinalIgnoreCase) ? null : "UseDevelopmentStorage must be 'true'.";
        }

        if (!pairs.TryGetValue("AccountName", out var account) || account.Length == 0)
        {
            return "AccountName is missing.";
        }

        var hasKey = pairs.TryGetValue("AccountKey", out var key) && key.Length > 0;
        var hasSas = pairs.TryGetValue("SharedAccessSignature", out var sas) && sas.Length > 0;
        if (!hasKey && !hasSas)
        {
            return "AccountKey (or SharedAccessSignature) is missing.";
        }

        if (hasKey && !IsBase64(key!))
        {
            return "AccountKey is not valid base64.";
        }

        foreach (var endpoint in new[] { "QueueEndpoint", "TableEndpoint" })
        {
            if (pairs.TryGetValue(endpoint, out var value) && !Uri.TryCreate(value, UriKind.Absolute, out _))
            {
                return $"{endpoint} is not an absolute URL.";
            }
        }

        var hasBoth = pairs.ContainsKey("QueueEndpoint") && pairs.ContainsKey("TableEndpoint");
        if (!hasBoth && !pairs.ContainsKey("DefaultEndpointsProtocol"))
        {
            return "DefaultEndpointsProtocol (or both QueueEndpoint and TableEndpoint) is missing.";
        }

        return null;
    }

    private static bool IsBase64(string value)
    {
        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value, buffer, out _);
    }
}
