using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GitOps.Dashboard.Rendering;

/// <summary>Renders Razor components to HTML on the server (no circuit, no interactivity) and writes them, compressed when the client accepts it.</summary>
public sealed class PageRenderer(IServiceProvider services, ILoggerFactory loggerFactory)
{
    /// <summary>The HTML of component <typeparamref name="T"/> with <paramref name="parameters"/>.</summary>
    public async Task<string> RenderAsync<T>(IDictionary<string, object?> parameters)
        where T : IComponent
    {
        await using var renderer = new HtmlRenderer(services, loggerFactory);
        return await renderer.Dispatcher.InvokeAsync(async () =>
            (await renderer.RenderComponentAsync<T>(ParameterView.FromDictionary(parameters))).ToHtmlString());
    }

    /// <summary>Writes a whole page (with its doctype) or a fragment as HTML.</summary>
    public static async Task WriteAsync(HttpContext context, int status, string html, bool document)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(html);
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Vary = "Accept-Encoding, X-Dashboard-Part";
        var bytes = Encoding.UTF8.GetBytes(document ? "<!DOCTYPE html>\n" + html : html);
        var accepted = context.Request.Headers.AcceptEncoding.ToString();
        if (accepted.Contains("br", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.Headers.ContentEncoding = "br";
            await using var brotli = new BrotliStream(context.Response.Body, CompressionLevel.Fastest, leaveOpen: true);
            await brotli.WriteAsync(bytes, context.RequestAborted);
        }
        else if (accepted.Contains("gzip", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.Headers.ContentEncoding = "gzip";
            await using var gzip = new GZipStream(context.Response.Body, CompressionLevel.Fastest, leaveOpen: true);
            await gzip.WriteAsync(bytes, context.RequestAborted);
        }
        else
        {
            await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
        }
    }
}
