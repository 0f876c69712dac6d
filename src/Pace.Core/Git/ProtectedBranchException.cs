namespace Pace.Core.Git;

/// <summary>
/// Pace was asked to delete main, master or a branch checked out in a worktree. Always a bug in the
/// caller: branch cleanup must never reach those.
/// </summary>
public sealed class ProtectedBranchException : Exception
{
    public ProtectedBranchException(string branch, string reason)
        : base($"refusing to delete branch '{branch}': {reason}")
    {
        Branch = branch;
    }

    public ProtectedBranchException()
        : this("(unknown)", "it is protected")
    {
    }

    public ProtectedBranchException(string message)
        : base(message)
    {
        Branch = "";
    }

    public ProtectedBranchException(string message, Exception innerException)
        : base(message, innerException)
    {
        Branch = "";
    }

    public string Branch { get; }

    /// <summary>Branches no cleanup may delete, whatever is checked out.</summary>
    public static readonly IReadOnlySet<string> AlwaysProtected = new HashSet<string>(StringComparer.Ordinal) { "main", "master" };
}
