using System.Globalization;
using System.Text;

namespace GitOps.Dashboard.Rendering;

/// <summary>What every page needs besides its model: links (keeping the function key), the anti-forgery field, actions and the clock.</summary>
/// <param name="Base">The dashboard's path, for example "/api/ui".</param>
/// <param name="FunctionKey">The function key the request carried in ?code= (Azure), kept on every link and form; null otherwise.</param>
/// <param name="AntiforgeryField">The anti-forgery form field's name.</param>
/// <param name="AntiforgeryToken">The anti-forgery request token for this response's forms.</param>
/// <param name="ActionsNote">Null when actions are allowed; otherwise why they are disabled.</param>
/// <param name="Notice">What the last action did, shown once.</param>
/// <param name="Now">The time the page was rendered.</param>
/// <param name="RefreshSeconds">How often the page's live region refreshes.</param>
public sealed record PageContext(string Base, string? FunctionKey, string AntiforgeryField, string AntiforgeryToken, string? ActionsNote, Notice? Notice, DateTimeOffset Now, int RefreshSeconds)
{
    /// <summary>True when the action forms are enabled.</summary>
    public bool ActionsAllowed => ActionsNote is null;

    /// <summary>The URL of a dashboard path ("" is the overview) with the query pairs given, plus the function key.</summary>
    public string Link(string path, params (string Name, string? Value)[] query)
    {
        var url = new StringBuilder(Base).Append('/').Append(path);
        var first = true;
        foreach (var (name, value) in query.Append(("code", FunctionKey)))
        {
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            url.Append(first ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
            first = false;
        }

        return url.ToString();
    }

    /// <summary>The link of one app's page.</summary>
    public string AppLink(string app) => Link("apps/" + Uri.EscapeDataString(app));

    /// <summary>"3 min ago", "2 h ago", "in 5 s" (clock skew) as text; the exact time goes in the datetime attribute.</summary>
    public string Ago(DateTimeOffset at)
    {
        var span = Now - at;
        var past = span >= TimeSpan.Zero;
        span = span.Duration();
        var text = span.TotalSeconds < 60 ? $"{(int)span.TotalSeconds} s"
            : span.TotalMinutes < 60 ? $"{(int)span.TotalMinutes} min"
            : span.TotalHours < 48 ? $"{(int)span.TotalHours} h"
            : $"{(int)span.TotalDays} d";
        return past ? text + " ago" : "in " + text;
    }

    /// <summary>An instant for the datetime attribute.</summary>
    public static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    /// <summary>A duration as "850 ms", "12.4 s" or "3 min 5 s".</summary>
    public static string Took(TimeSpan span) =>
        span.TotalSeconds < 1 ? $"{(int)span.TotalMilliseconds} ms"
        : span.TotalSeconds < 60 ? span.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s"
        : $"{(int)span.TotalMinutes} min {span.Seconds} s";
}

/// <summary>The outcome of an action, shown on the page the action redirects to.</summary>
/// <param name="Text">What happened.</param>
/// <param name="Failed">True when the action did not do what was asked.</param>
public sealed record Notice(string Text, bool Failed);
