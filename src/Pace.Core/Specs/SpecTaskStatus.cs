namespace Pace.Core.Specs;

/// <summary>The status values of execute-spec tasks.json (v3 and v4), written as lower-case snake case.</summary>
public enum SpecTaskStatus
{
    Pending,
    InProgress,
    Pass,
    Blocked,
    Skipped,
}

public static class SpecTaskStatuses
{
    public static string Name(this SpecTaskStatus status) => status switch
    {
        SpecTaskStatus.Pending => "pending",
        SpecTaskStatus.InProgress => "in_progress",
        SpecTaskStatus.Pass => "pass",
        SpecTaskStatus.Blocked => "blocked",
        SpecTaskStatus.Skipped => "skipped",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static bool TryParse(string name, out SpecTaskStatus status)
    {
        foreach (var candidate in Enum.GetValues<SpecTaskStatus>())
        {
            if (candidate.Name() == name)
            {
                status = candidate;
                return true;
            }
        }

        status = default;
        return false;
    }

    /// <summary>Whether a task in this status needs no more work (pass, or skipped by the user).</summary>
    public static bool IsDone(this SpecTaskStatus status) => status is SpecTaskStatus.Pass or SpecTaskStatus.Skipped;
}
