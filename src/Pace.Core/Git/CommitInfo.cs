namespace Pace.Core.Git;

public sealed record CommitInfo(string Sha, string Subject, string Body, DateTimeOffset Date);

public sealed record DiffStats(int FilesChanged, int Insertions, int Deletions)
{
    public static readonly DiffStats None = new(0, 0, 0);
}
