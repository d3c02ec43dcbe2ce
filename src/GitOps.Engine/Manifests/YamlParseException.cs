namespace GitOps.Engine.Manifests;

/// <summary>YAML input was malformed or exceeded a limit; the message names the file, document and line.</summary>
public sealed class YamlParseException : Exception
{
    public YamlParseException(string file, int document, long line, string problem, Exception? inner = null)
        : base(Format(file, document, line, problem), inner)
    {
        File = file;
        Document = document;
        Line = line;
        Problem = problem;
    }

    public YamlParseException() { }

    public YamlParseException(string message) : base(message) { }

    public YamlParseException(string message, Exception inner) : base(message, inner) { }

    /// <summary>The file (relative to the app folder) or a tool output name.</summary>
    public string File { get; } = "";

    /// <summary>1-based document index within the file; 0 when unknown.</summary>
    public int Document { get; }

    /// <summary>1-based line; 0 when unknown.</summary>
    public long Line { get; }

    /// <summary>What is wrong, without the location.</summary>
    public string Problem { get; } = "";

    internal static string Format(string file, int document, long line, string problem)
    {
        var where = file;
        if (document > 0)
        {
            where += $" (document {document}";
            where += line > 0 ? $", line {line})" : ")";
        }
        else if (line > 0)
        {
            where += $":{line}";
        }

        return $"{where}: {problem}";
    }
}
