using System.Text;
using Pace.Core.Specs.Internal;
using Pace.Core.Text;

namespace Pace.Core.Specs;

/// <summary>
/// Produces the new bytes of a spec file after task statuses change. Only the <c>status</c> values
/// change (a task without one gets a <c>status</c> member after its last one, in the object's own
/// layout); every other byte, key and key order stays as it was.
/// </summary>
public static class SpecEditor
{
    /// <param name="changes">By task id; subtask ids are accepted (their own status changes, not the parent's).</param>
    /// <exception cref="ArgumentException">An id the spec does not have: a bug in the caller.</exception>
    public static byte[] SetStatus(Spec spec, IReadOnlyDictionary<string, SpecTaskStatus> changes)
    {
        var source = spec.Source;
        var edits = new List<(int Start, int Length, string Text)>();
        foreach (var (id, status) in changes)
        {
            if (!spec.Entries.TryGetValue(id, out var entry))
            {
                throw new ArgumentException($"the spec has no task \"{id}\"", nameof(changes));
            }

            var json = "\"" + status.Name() + "\"";
            if (entry["status"] is { } value)
            {
                edits.Add((value.Start, value.Length, json));
            }
            else if (entry.Members.Count == 0)
            {
                edits.Add((entry.Start + 1, 0, "\"status\": " + json));
            }
            else
            {
                var last = entry.Members[^1];
                var separator = IndentOf(source, last.NameStart) is { } indent ? Utf8Splice.NewLine(source) + indent : " ";
                edits.Add((last.Value.End, 0, "," + separator + "\"status\": " + json));
            }
        }

        return Utf8Splice.Apply(source, edits);
    }

    /// <summary>The whitespace before a token when it starts its line; null when something else precedes it on the line.</summary>
    private static string? IndentOf(byte[] source, int offset)
    {
        var i = offset;
        while (i > 0 && source[i - 1] is (byte)' ' or (byte)'\t')
        {
            i--;
        }

        return i > 0 && source[i - 1] == (byte)'\n' ? Encoding.UTF8.GetString(source, i, offset - i) : null;
    }
}
