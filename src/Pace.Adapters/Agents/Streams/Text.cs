namespace Pace.Adapters.Agents.Streams;

internal static class Text
{
    public const int SummaryLength = 160;

    public static string Cut(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");

    /// <summary>A short printable form: the first non-empty line, cut to <paramref name="max"/> characters.</summary>
    public static string OneLine(string? text, int max = SummaryLength)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }

        var line = text.AsSpan().Trim();
        var newline = line.IndexOfAny('\r', '\n');
        if (newline >= 0)
        {
            line = line[..newline].TrimEnd();
        }

        return Cut(line.ToString(), max);
    }
}
