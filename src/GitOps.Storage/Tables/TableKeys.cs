using System.Globalization;

namespace GitOps.Storage.Tables;

/// <summary>Key and filter building: keys escape what tables forbid (/ \ # ?); filter literals double their quotes.</summary>
internal static class TableKeys
{
    /// <summary>A value made safe as (part of) a key; '|' stays free as our separator.</summary>
    public static string Escape(string value) => Uri.EscapeDataString(value);

    /// <summary>Inverted ticks, fixed width, so newer times sort first in key order.</summary>
    public static string NewestFirst(DateTimeOffset time) =>
        (DateTimeOffset.MaxValue.UtcTicks - time.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>An OData string literal with single quotes doubled.</summary>
    public static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary><c>property ge 'low' and property lt 'high'</c>: every string starting with the prefix.</summary>
    public static string StartsWith(string property, string prefix) =>
        $"{property} ge {Quote(prefix)} and {property} lt {Quote(prefix + '\uffff')}";

    /// <summary><c>property ge 'from' and property lt 'prefix￿'</c>: the keys of a prefix from <paramref name="from"/> on.</summary>
    public static string Between(string property, string from, string prefix) =>
        $"{property} ge {Quote(from)} and {property} lt {Quote(prefix + '\uffff')}";
}
