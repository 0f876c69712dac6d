using System.Text;
using Pace.Core.Specs.Internal;

namespace Pace.Core.Plans;

/// <summary>
/// Appends the items of a plan to an existing list or spec, changing no byte of what is there:
/// the new items go after the last existing one (in the existing file's indentation and line
/// ends), each as the plan's own text. The caller recomputes what it owns (feature-list metadata).
/// </summary>
public static class PlanMerge
{
    public static byte[] Append(byte[] existing, byte[] plan, PlanFormat format)
    {
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(plan);
        var into = PlanItems.ItemArray(JsonTree.Build(existing, Start(existing)), format)
            ?? throw new InvalidOperationException("the existing file has no item array (it was linted first)");
        var from = PlanItems.ItemArray(JsonTree.Build(plan, Start(plan)), format)
            ?? throw new InvalidOperationException("the plan has no item array (it was linted first)");
        if (from.Items.Count == 0)
        {
            return existing;
        }

        var nl = existing.AsSpan().IndexOf("\r\n"u8) >= 0 ? "\r\n" : "\n";
        var closeIndent = IndentBefore(existing, into.End - 1) ?? LineIndent(existing, into.Start);
        var indent = into.Items.Count > 0 ? IndentBefore(existing, into.Items[^1].Start) ?? " " : closeIndent + "  ";
        var text = new StringBuilder();
        foreach (var item in from.Items)
        {
            var own = IndentBefore(plan, item.Start) ?? "";
            var body = Encoding.UTF8.GetString(plan, item.Start, item.Length).ReplaceLineEndings("\n");
            // Lines after the first keep their depth relative to the item's own first line.
            var lines = body.Split('\n').Select((l, i) => i == 0 || !l.StartsWith(own, StringComparison.Ordinal) ? l : indent + l[own.Length..]);
            var separator = text.Length > 0 || into.Items.Count > 0 ? "," : "";
            text.Append(separator).Append(IsBreak(indent) ? " " : nl + indent).Append(string.Join(nl, lines));
        }

        int at;
        if (into.Items.Count > 0)
        {
            at = into.Items[^1].End;
        }
        else
        {
            // An empty array: the items go between the brackets, the closing one on a line of its own.
            text.Append(nl).Append(closeIndent);
            at = into.End - 1;
            while (at > into.Start + 1 && existing[at - 1] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
            {
                at--;
            }

            return Splice(existing, at, into.End - 1 - at, text.ToString());
        }

        return Splice(existing, at, 0, text.ToString());
    }

    // An item that does not start its own line (all on one line): the new ones follow on that line.
    private static bool IsBreak(string indent) => indent == " ";

    private static byte[] Splice(byte[] source, int at, int remove, string insert)
    {
        var added = Encoding.UTF8.GetBytes(insert);
        var result = new byte[source.Length - remove + added.Length];
        source.AsSpan(0, at).CopyTo(result);
        added.CopyTo(result.AsSpan(at));
        source.AsSpan(at + remove).CopyTo(result.AsSpan(at + added.Length));
        return result;
    }

    /// <summary>The whitespace between the previous line break and an offset; null when something else comes first.</summary>
    private static string? IndentBefore(byte[] source, int offset)
    {
        var i = offset;
        while (i > 0 && source[i - 1] is (byte)' ' or (byte)'\t')
        {
            i--;
        }

        return i == 0 || source[i - 1] == (byte)'\n' ? Encoding.UTF8.GetString(source, i, offset - i) : null;
    }

    /// <summary>The leading whitespace of the line an offset is on.</summary>
    private static string LineIndent(byte[] source, int offset)
    {
        var lineStart = offset;
        while (lineStart > 0 && source[lineStart - 1] != (byte)'\n')
        {
            lineStart--;
        }

        var end = lineStart;
        while (end < offset && source[end] is (byte)' ' or (byte)'\t')
        {
            end++;
        }

        return Encoding.UTF8.GetString(source, lineStart, end - lineStart);
    }

    private static int Start(byte[] utf8) => utf8.AsSpan().StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }) ? 3 : 0;
}
