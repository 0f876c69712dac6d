namespace Pace.Core.Git;

/// <summary>
/// Every branch and ref name Pace makes, in one place. Ids enter names only through
/// <see cref="Safe"/>. Refs under <c>refs/pace/</c> keep work that is not on a branch: a failed
/// attempt, what an interrupted agent left, a result set aside; docs/faults.md says which is which.
/// </summary>
public static class RefNames
{
    /// <summary>A failed session's work (loop: one per session; spec: counted per task).</summary>
    public const string Attempts = "attempts";

    /// <summary>What a killed or paused session left in its tree.</summary>
    public const string Interrupted = "interrupted";

    /// <summary>A loop session's tree that the run had not verified when it was killed.</summary>
    public const string Unverified = "unverified";

    /// <summary>The tree an evaluator agent judged.</summary>
    public const string Evaluated = "evaluated";

    /// <summary>A verified spec task result that the run no longer records.</summary>
    public const string Dropped = "dropped";

    /// <summary>A spec task's early result, while it is replayed onto its wave's base.</summary>
    public const string Early = "early";

    /// <summary>A failed spec task attempt or review-fix session.</summary>
    public const string SpecAttempts = "spec-attempts";

    /// <summary>A result the merge queue could not integrate (a conflict, or an integrated tree that failed the checks).</summary>
    public const string Kept = "kept";

    /// <summary>A spec task's passed result that its wave branch refused (apart from the loop's <see cref="Kept"/>: a spec and a feature may share a name).</summary>
    public const string SpecKept = "spec-kept";

    /// <summary>Branch tips the doctor removed.</summary>
    public const string Doctor = "doctor";

    /// <summary>An id as it may appear in a ref or a folder name: letters, digits, '-', '_' and '.' stay, the rest become '_'.</summary>
    public static string Safe(string id) =>
        string.Concat(id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')).Trim('.');

    /// <summary>The branch a `pace run --worktree` works on, until the person's branch is moved to it.</summary>
    public const string RunBranch = "pace/run";

    /// <summary>The branch a spec's waves merge into until its final merge.</summary>
    public static string SpecBranch(string spec) => $"feature/{spec}";

    public static string WaveBranch(string spec, int wave) => $"{SpecBranch(spec)}{WavePart}{wave}";

    public static string TaskBranch(string spec, int wave, string taskId) => $"{WaveBranch(spec, wave)}-task-{Safe(taskId)}";

    /// <summary>Whether <paramref name="branch"/> (a short name) is one of the spec's own: its branch, a wave's or a task's.</summary>
    public static bool IsSpecBranch(string spec, string branch) =>
        branch == SpecBranch(spec) || branch.StartsWith(SpecBranch(spec) + WavePart, StringComparison.Ordinal);

    private const string WavePart = "-wave-";

    /// <summary>The branch of a parallel run's lane: the session's own (a session number is never reused).</summary>
    public static string LaneBranch(int session) => LaneBranches + session.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The prefix of every lane's branch.</summary>
    public const string LaneBranches = "pace/lane/";

    /// <summary><c>refs/pace/KIND/FEATURE/SESSION</c>: one feature-loop session's work of that kind.</summary>
    public static string Session(string kind, string featureId, int session) => $"refs/pace/{kind}/{Safe(featureId)}/{session}";

    /// <summary><c>refs/pace/KIND/FEATURE</c>: the latest of that kind for a feature.</summary>
    public static string Feature(string kind, string featureId) => $"refs/pace/{kind}/{Safe(featureId)}";

    /// <summary><c>refs/pace/KIND/SPEC/ITEM</c>: a spec task's (or review's) work of that kind; a counter follows where several are kept.</summary>
    public static string SpecItem(string kind, string spec, string item) => $"refs/pace/{kind}/{spec}/{Safe(item)}";

    /// <summary>Where the branches of a wave that was started again are kept (a counter follows).</summary>
    public static string Retired(string spec, int wave) => $"refs/pace/retired/{spec}/wave-{wave}";
}
