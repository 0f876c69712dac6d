namespace Pace.Core.Git;

public sealed record CommitInfo(string Sha, string Subject, string Body, DateTimeOffset Date);

public sealed record DiffStats(int FilesChanged, int Insertions, int Deletions)
{
    public static readonly DiffStats None = new(0, 0, 0);
}

/// <summary>HEAD, the checked-out branch (null on a detached HEAD) and the paths changed since a base commit, read together.</summary>
public sealed record WorkspaceStatus(string Head, string? Branch, IReadOnlyList<string> ChangedPaths);
