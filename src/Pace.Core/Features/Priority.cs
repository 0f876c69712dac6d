namespace Pace.Core.Features;

/// <summary>Feature priority; the numeric order is the order in which failing features are taken.</summary>
public enum Priority
{
    Critical = 0,
    High = 1,
    Medium = 2,
    Low = 3,
}

public static class Priorities
{
    public static readonly IReadOnlyList<Priority> All = [Priority.Critical, Priority.High, Priority.Medium, Priority.Low];

    public static string Name(this Priority priority) => priority switch
    {
        Priority.Critical => "critical",
        Priority.High => "high",
        Priority.Medium => "medium",
        Priority.Low => "low",
        _ => throw new ArgumentOutOfRangeException(nameof(priority), priority, null),
    };

    public static bool TryParse(ReadOnlySpan<byte> utf8Name, out Priority priority)
    {
        if (utf8Name.SequenceEqual("critical"u8)) { priority = Priority.Critical; return true; }
        if (utf8Name.SequenceEqual("high"u8)) { priority = Priority.High; return true; }
        if (utf8Name.SequenceEqual("medium"u8)) { priority = Priority.Medium; return true; }
        if (utf8Name.SequenceEqual("low"u8)) { priority = Priority.Low; return true; }
        priority = default;
        return false;
    }
}
