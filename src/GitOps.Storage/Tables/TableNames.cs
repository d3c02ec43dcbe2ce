using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace GitOps.Storage.Tables;

/// <summary>Table name and key rules: names are 3–63 letters and digits not starting with a digit; keys exclude / \ # ? and control characters.</summary>
internal static partial class TableNames
{
    public static void Validate(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!Pattern().IsMatch(name) || string.Equals(name, "tables", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"'{name}' is not a valid table name: use 3-63 letters and digits, starting with a letter.", nameof(name));
        }
    }

    public static void ValidateKey(string key, string parameter)
    {
        ArgumentNullException.ThrowIfNull(key, parameter);
        if (key.Length > 1024 || key.AsSpan().IndexOfAny("/\\#?") >= 0 || key.Any(char.IsControl))
        {
            throw new ArgumentException($"Key '{key}' is not a valid table key: at most 1 KiB, without / \\ # ? or control characters.", parameter);
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    private static partial Regex Pattern();
}

[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class TableJsonContext : JsonSerializerContext;
