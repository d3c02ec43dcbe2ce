using System.Globalization;
using System.Text;
using DiffPlex;

namespace GitOps.Engine.Diff;

/// <summary>A unified diff of two texts (DiffPlex line diff, hunks with context lines).</summary>
public static class UnifiedDiff
{
    /// <summary>The unified diff from <paramref name="oldText"/> to <paramref name="newText"/>; empty when they are equal.</summary>
    public static string Create(string oldText, string newText, string oldLabel, string newLabel, int contextLines = 3)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(contextLines);
        var result = new Differ().CreateLineDiffs(oldText, newText, ignoreWhitespace: false);
        if (result.DiffBlocks.Count == 0)
        {
            return "";
        }

        var oldLines = result.PiecesOld;
        var newLines = result.PiecesNew;
        var builder = new StringBuilder();
        builder.Append("--- ").Append(oldLabel).Append('\n');
        builder.Append("+++ ").Append(newLabel).Append('\n');

        var blocks = result.DiffBlocks;
        var index = 0;
        while (index < blocks.Count)
        {
            // Merge blocks whose context would touch into one hunk.
            var last = index;
            while (last + 1 < blocks.Count && blocks[last + 1].DeleteStartA - (blocks[last].DeleteStartA + blocks[last].DeleteCountA) <= 2 * contextLines)
            {
                last++;
            }

            var oldStart = Math.Max(0, blocks[index].DeleteStartA - contextLines);
            var newStart = Math.Max(0, blocks[index].InsertStartB - contextLines);
            var oldEnd = Math.Min(oldLines.Length, blocks[last].DeleteStartA + blocks[last].DeleteCountA + contextLines);
            var newEnd = Math.Min(newLines.Length, blocks[last].InsertStartB + blocks[last].InsertCountB + contextLines);

            builder.Append(CultureInfo.InvariantCulture, $"@@ -{oldStart + 1},{oldEnd - oldStart} +{newStart + 1},{newEnd - newStart} @@\n");
            var oldPos = oldStart;
            for (var b = index; b <= last; b++)
            {
                var block = blocks[b];
                for (; oldPos < block.DeleteStartA; oldPos++)
                {
                    builder.Append(' ').Append(oldLines[oldPos]).Append('\n');
                }

                for (var i = 0; i < block.DeleteCountA; i++)
                {
                    builder.Append('-').Append(oldLines[block.DeleteStartA + i]).Append('\n');
                }

                for (var i = 0; i < block.InsertCountB; i++)
                {
                    builder.Append('+').Append(newLines[block.InsertStartB + i]).Append('\n');
                }

                oldPos = block.DeleteStartA + block.DeleteCountA;
            }

            for (; oldPos < oldEnd; oldPos++)
            {
                builder.Append(' ').Append(oldLines[oldPos]).Append('\n');
            }

            index = last + 1;
        }

        return builder.ToString();
    }
}
