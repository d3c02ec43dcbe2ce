using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Spectre.Console;

namespace GitOps.Cli;

/// <summary>How a verb prints its result.</summary>
public enum OutputFormat
{
    /// <summary>Human tables: Spectre.Console with colours on a terminal, aligned plain text when redirected.</summary>
    Table,

    /// <summary>Indented JSON, stable for scripts.</summary>
    Json,
}

/// <summary>The one place that renders tables and JSON for every verb.</summary>
public sealed class CliOutput(TextWriter writer, OutputFormat format)
{
    /// <summary>The chosen format.</summary>
    public OutputFormat Format { get; } = format;

    /// <summary>True when writing to an interactive terminal (colours and box tables).</summary>
    public bool IsTerminal { get; } = ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected;

    /// <summary>Writes a value as JSON.</summary>
    public Task WriteJsonAsync<T>(T value, JsonTypeInfo<T> typeInfo) => writer.WriteLineAsync(JsonSerializer.Serialize(value, typeInfo));

    /// <summary>Writes a line of text.</summary>
    public Task WriteLineAsync(string text = "") => writer.WriteLineAsync(text);

    /// <summary>Writes a titled table; an empty one prints "(none)".</summary>
    public async Task WriteTableAsync(string? title, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows)
    {
        var data = rows.Select(r => r.Select(c => c ?? "-").ToArray()).ToList();
        if (IsTerminal)
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });
            var table = new Table { Title = title is null ? null : new TableTitle(Markup.Escape(title)) };
            foreach (var header in headers)
            {
                table.AddColumn(new TableColumn(Markup.Escape(header)));
            }

            foreach (var row in data)
            {
                table.AddRow([.. row.Select(c => new Markup(Colour(c)))]);
            }

            console.Write(table);
            return;
        }

        if (title is not null)
        {
            await writer.WriteLineAsync(title);
        }

        if (data.Count == 0)
        {
            await writer.WriteLineAsync("  (none)");
            return;
        }

        var widths = headers.Select((h, i) => Math.Max(h.Length, data.Max(r => r[i].Length))).ToArray();
        await writer.WriteLineAsync(Line(headers, widths));
        foreach (var row in data)
        {
            await writer.WriteLineAsync(Line(row, widths));
        }
    }

    /// <summary>Formats a timestamp for tables (UTC, seconds).</summary>
    public static string? Time(DateTimeOffset? value) => value?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Shortens a commit id for tables.</summary>
    public static string? Short(string? commit) => commit is { Length: > 12 } ? commit[..12] : commit;

    private static string Line(IReadOnlyList<string> cells, int[] widths) =>
        ("  " + string.Join("  ", cells.Select((c, i) => i == cells.Count - 1 ? c : c.PadRight(widths[i])))).TrimEnd();

    private static string Colour(string cell)
    {
        var colour = cell switch
        {
            "Succeeded" or "Healthy" or "InSync" => "green",
            "Failed" or "Poisoned" or "Degraded" or "Error" or "Drifted" => "red",
            "Running" or "Progressing" or "Queued" or "SyncPending" or "Retrying" => "yellow",
            _ => null,
        };
        return colour is null ? Markup.Escape(cell) : $"[{colour}]{Markup.Escape(cell)}[/]";
    }
}
