namespace Pace.Core.Loop;

/// <summary>
/// `pace run --worktree`: the run works on <see cref="Branch"/> in a worktree of its own, so the
/// person's checkout is left alone while it runs. When the run ends, the person's branch
/// <see cref="Into"/> (null: their HEAD was detached) is moved to the run's work by a fast-forward,
/// only if it is still checked out, clean, and behind the run branch; never when
/// <see cref="FastForward"/> is off.
/// </summary>
public sealed record RunWorktree(string Branch, string? Into)
{
    public bool FastForward { get; init; } = true;
}
