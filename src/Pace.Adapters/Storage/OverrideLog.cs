using System.Globalization;
using System.Text;
using Pace.Core.Features;

namespace Pace.Adapters.Storage;

/// <summary>
/// Records every status change made by hand (<c>pace update</c>) in <c>.pace/overrides.jsonl</c>
/// beside the feature list, so that a manual override is never mistaken for a verified result.
/// </summary>
public static class OverrideLog
{
    public const string FileName = "overrides.jsonl";

    public static string PathFor(string featureListPath) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(featureListPath))!, ".pace", FileName);

    public static void Append(string featureListPath, FeatureId id, bool from, bool to, DateTimeOffset at, bool durable = true)
    {
        var path = PathFor(featureListPath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var line = new StringBuilder()
            .Append("{\"at\":\"").Append(at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture))
            .Append("\",\"featureId\":").Append(Quoted(id.Value))
            .Append(",\"from\":\"").Append(from ? "passing" : "failing")
            .Append("\",\"to\":\"").Append(to ? "passing" : "failing")
            .Append("\",\"by\":\"pace update\"}\n")
            .ToString();
        // One write of one line in append mode: a crash leaves at most a torn last line, never a torn middle.
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        stream.Write(Encoding.UTF8.GetBytes(line));
        stream.Flush(flushToDisk: durable);
    }

    /// <summary>A JSON string: quotes, backslashes and control characters escaped, the rest as it is (a hot path: no serializer to set up).</summary>
    private static string Quoted(string text)
    {
        var quoted = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            _ = c switch
            {
                '"' => quoted.Append("\\\""),
                '\\' => quoted.Append("\\\\"),
                < ' ' => quoted.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)),
                _ => quoted.Append(c),
            };
        }

        return quoted.Append('"').ToString();
    }
}
