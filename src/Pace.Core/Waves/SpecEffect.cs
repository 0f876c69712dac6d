using System.Text;

namespace Pace.Core.Waves;

// The effects Decide asks for, in one file because each is one line and they read best together.
// The executor persists the new state first, then performs the effects in order, then feeds the
// outcomes back as events. Every effect must be safe to perform again after a crash: names come
// from the state, and what exists already (a branch, a pull request) is found, not made twice.

/// <summary>Something the executor must do.</summary>
public abstract record SpecEffect
{
    // An effect's text is its journal line's detail. A record prints a list as its type name
    // (System.Collections.Generic.List`1[System.String]): the effects that hold one print its items.
    private protected static string Items(IEnumerable<string> items) => "[" + string.Join(", ", items) + "]";
}

/// <summary>
/// Make sure <see cref="BaseBranch"/> exists (from <see cref="TargetBranch"/>) and the wave branch
/// exists (from the base branch), then run each task of the wave that is not done in its own
/// worktree, in parallel, reporting <see cref="WaveStarted"/> and then <see cref="TaskPassed"/> or
/// <see cref="TaskFailed"/> for every task. <see cref="Fresh"/>: a retry; keep the old wave branch
/// and task branches on refs, then start them again from the base branch.
/// </summary>
public sealed record RunWaveTasks(int Wave, string WaveBranch, string BaseBranch, string TargetBranch, bool Fresh) : SpecEffect;

/// <summary>
/// Merge the branches of these tasks into the wave branch, in spec order, each checked on the merged
/// tree; report <see cref="TaskBranchesMerged"/>, or <see cref="TaskMergeRefused"/> for the first task
/// that conflicts or turns the merged tree red (the tasks before it stay merged).
/// </summary>
public sealed record MergeTaskBranches(int Wave, string WaveBranch, IReadOnlyList<string> TaskIds) : SpecEffect
{
    protected override bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"Wave = {Wave}, WaveBranch = {WaveBranch}, TaskIds = {Items(TaskIds)}");
        return true;
    }
}

/// <summary>Open (or find the open) pull request from <see cref="Head"/> into <see cref="Base"/>; report <see cref="PullRequestOpened"/> or <see cref="PullRequestFailed"/>.</summary>
public sealed record OpenPullRequest(int Wave, string Head, string Base, string Title) : SpecEffect;

/// <summary>Ask the configured reviewer (an agent, a person) to review the pull request.</summary>
public sealed record RequestReview(int PrNumber) : SpecEffect;

/// <summary>Wait <see cref="After"/> (through the injected TimeProvider), then check for a verdict; report <see cref="ReviewReceived"/> or <see cref="ReviewPending"/>.</summary>
public sealed record PollReview(int PrNumber, TimeSpan After) : SpecEffect;

/// <summary>Let an agent address the comments on the wave branch, verify, push; report <see cref="ReviewFixesVerified"/> or <see cref="ReviewFixesFailed"/>.</summary>
public sealed record AddressReview(int PrNumber, string WaveBranch, IReadOnlyList<string> Comments, int Cycle) : SpecEffect
{
    protected override bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"PrNumber = {PrNumber}, WaveBranch = {WaveBranch}, Comments = {Items(Comments)}, Cycle = {Cycle}");
        return true;
    }
}

/// <summary>
/// Merge the pull request into <see cref="Target"/>. When <see cref="NeedsConfirmation"/> is true,
/// do not merge: ask the user and report <see cref="MergeConfirmed"/> or <see cref="MergeDeclined"/>;
/// Decide then asks for the merge again without it. Otherwise merge and report
/// <see cref="PullRequestMerged"/> or <see cref="MergeFailed"/>.
/// </summary>
public sealed record MergePullRequest(int PrNumber, string Target, bool Squash, bool NeedsConfirmation) : SpecEffect;

/// <summary>
/// Delete these branches (local and on the forge) and the wave's worktrees; report
/// <see cref="BranchCleaned"/> or <see cref="BranchCleanupFailed"/>. The list never holds main,
/// master or the target branch; the executor must also skip the branch checked out in the main tree.
/// </summary>
public sealed record CleanupBranches(int Wave, IReadOnlyList<string> Branches) : SpecEffect
{
    protected override bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"Wave = {Wave}, Branches = {Items(Branches)}");
        return true;
    }
}

/// <summary>Tell the user the run failed and why; the run stops (exit code 1) until retry or recover.</summary>
public sealed record Fail(string Reason) : SpecEffect;
