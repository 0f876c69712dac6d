using System.Text;

namespace Pace.Core.Text;

/// <summary>
/// Edits a user's file by replacing byte ranges, so that everything Pace does not own stays byte
/// for byte as the user wrote it (the feature list's and the spec's editors both work this way).
/// </summary>
public static class Utf8Splice
{
    /// <summary>
    /// The new file as pieces: unchanged stretches of the source between the edits' new texts, so that
    /// a writer can put them on disk without first copying a large file into one new array.
    /// </summary>
    public static IReadOnlyList<ReadOnlyMemory<byte>> Pieces(ReadOnlyMemory<byte> source, List<(int Start, int Length, string Text)> edits)
    {
        ArgumentNullException.ThrowIfNull(edits);
        edits.Sort((a, b) => a.Start.CompareTo(b.Start));
        var pieces = new List<ReadOnlyMemory<byte>>((2 * edits.Count) + 1);
        var from = 0;
        foreach (var (start, length, text) in edits)
        {
            pieces.Add(source[from..start]);
            pieces.Add(Encoding.UTF8.GetBytes(text));
            from = start + length;
        }

        pieces.Add(source[from..]);
        return pieces;
    }

    /// <summary>Applies non-overlapping edits (start, length to replace, new text) in any order.</summary>
    public static byte[] Apply(ReadOnlyMemory<byte> source, List<(int Start, int Length, string Text)> edits)
    {
        var pieces = Pieces(source, edits);
        // One array of the final size: a list of megabytes is copied once, not grown and copied again.
        var output = new byte[pieces.Sum(p => p.Length)];
        var to = 0;
        foreach (var piece in pieces)
        {
            piece.Span.CopyTo(output.AsSpan(to));
            to += piece.Length;
        }

        return output;
    }

    /// <summary>The file's own line break: CRLF when its first line ends so, else LF.</summary>
    public static string NewLine(ReadOnlySpan<byte> source)
    {
        var lf = source.IndexOf((byte)'\n');
        return lf > 0 && source[lf - 1] == (byte)'\r' ? "\r\n" : "\n";
    }
}
