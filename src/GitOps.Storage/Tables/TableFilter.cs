using System.Globalization;

namespace GitOps.Storage.Tables;

/// <summary>Builds OData $filter literals safely (quotes doubled), so values from data never change a filter's meaning.</summary>
public static class TableFilter
{
    /// <summary>A string literal: 'value' with single quotes doubled.</summary>
    public static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary><c>property eq 'value'</c>.</summary>
    public static string Equal(string property, string value) => $"{property} eq {Quote(value)}";

    /// <summary><c>property ge 'low' and property lt 'high'</c>: every string starting with the prefix (for row-key ranges).</summary>
    public static string StartsWith(string property, string prefix) =>
        string.Create(CultureInfo.InvariantCulture, $"{property} ge {Quote(prefix)} and {property} lt {Quote(prefix + '\uffff')}");
}
