namespace Pace.Core.Integration;

/// <summary>How a result joins the integration branch.</summary>
public enum IntegrationStyle
{
    /// <summary>A fast-forward when the branch has not moved since the result's base, else a merge commit with both parents.</summary>
    Merge,

    /// <summary>One commit on the branch with the result's changes, its message and a trailer naming the result's commit.</summary>
    Squash,

    /// <summary>Always a merge commit with both parents, even where a fast-forward would do: the history shows where each result came in (a spec wave's tasks).</summary>
    MergeCommit,
}
