using GitOps.Dashboard.Views;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace GitOps.Dashboard.Rendering;

/// <summary>Small pieces repeated in every row, as render fragments rather than components (a thousand rows stay cheap).</summary>
public static class Fragments
{
    /// <summary>A state as shape plus word: &lt;span class="st st-good"&gt;&lt;span aria-hidden&gt;✓&lt;/span&gt; synced&lt;/span&gt;.</summary>
    public static RenderFragment Badge(State state, string? title = null) => builder =>
    {
        ArgumentNullException.ThrowIfNull(state);
        builder.OpenElement(0, "span");
        builder.AddAttribute(1, "class", state.CssClass);
        if (title is not null)
        {
            builder.AddAttribute(2, "title", title);
        }

        builder.OpenElement(3, "span");
        builder.AddAttribute(4, "class", "glyph");
        builder.AddAttribute(5, "aria-hidden", "true");
        builder.AddContent(6, state.Glyph);
        builder.CloseElement();
        builder.AddContent(7, " " + state.Text);
        builder.CloseElement();
    };

    /// <summary>A time as "3 min ago" with the exact instant in its datetime and title.</summary>
    public static RenderFragment When(PageContext context, DateTimeOffset? at) => builder =>
    {
        ArgumentNullException.ThrowIfNull(context);
        if (at is not { } value)
        {
            builder.AddContent(0, "—");
            return;
        }

        var iso = PageContext.Iso(value);
        builder.OpenElement(1, "time");
        builder.AddAttribute(2, "datetime", iso);
        builder.AddAttribute(3, "title", iso);
        builder.AddContent(4, context.Ago(value));
        builder.CloseElement();
    };

    /// <summary>A commit's short sha, linked to the Git host when known.</summary>
    public static RenderFragment Commit(CommitView? commit) => builder =>
    {
        if (commit is null)
        {
            builder.AddContent(0, "—");
            return;
        }

        builder.OpenElement(1, commit.Url is null ? "code" : "a");
        if (commit.Url is not null)
        {
            builder.AddAttribute(2, "href", commit.Url.ToString());
            builder.AddAttribute(3, "class", "sha");
            builder.AddAttribute(4, "rel", "noreferrer");
        }

        builder.AddAttribute(5, "title", commit.Sha);
        builder.AddContent(6, commit.Short);
        builder.CloseElement();
    };
}
