using System.Text;

namespace Pace.Core.Text;

/// <summary>
/// Edits a user's file by replacing byte ranges, so that everything Pace does not own stays byte
/// for byte as the user wrote it (the feature list's and the spec's editors both work this way).
/// </summary>
public static class Utf8Splice
{
    /// <summary>Applies non-overlapping edits (start, length to replace, new text) in any order.</summary>
    public static byte[] Apply(byte[] source, List<(int Start, int Length, string Text)> edits)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(edits);
        edits.Sort((a, b) => a.Start.CompareTo(b.Start));
        using var output = new MemoryStream(source.Length + 64 * edits.Count);
        var at = 0;
        foreach (var (start, length, text) in edits)
        {
            output.Write(source, at, start - at);
            output.Write(Encoding.UTF8.GetBytes(text));
            at = start + length;
        }

        output.Write(source, at, source.Length - at);
        return output.ToArray();
    }

    /// <summary>The file's own line break: CRLF when its first line ends so, else LF.</summary>
    public static string NewLine(byte[] source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var lf = Array.IndexOf(source, (byte)'\n');
        return lf > 0 && source[lf - 1] == (byte)'\r' ? "\r\n" : "\n";
    }
}
