namespace Pace.Adapters.Forges.GitHub;

// The parts of GitHub's REST responses and requests that Pace reads or sends, named as GitHub
// names them (snake_case through GitHubJson). Everything else in a response is skipped.

internal sealed record WireUser(string Login, string? Type);

internal sealed record WireBranchRef(string Ref, string Sha);

internal sealed record WirePull(
    int Number,
    string HtmlUrl,
    string State,
    string Title,
    string? Body,
    bool? Merged,
    string? MergedAt,
    string? MergeCommitSha,
    WireBranchRef Head,
    WireBranchRef Base);

internal sealed record WireReview(long Id, WireUser? User, string? Body, string State, string? CommitId, DateTimeOffset? SubmittedAt);

internal sealed record WireReviewComment(
    long Id,
    long? PullRequestReviewId,
    long? InReplyToId,
    string Path,
    int? Line,
    int? OriginalLine,
    string Body,
    WireUser? User,
    string? CommitId,
    DateTimeOffset CreatedAt);

internal sealed record WireIssueComment(long Id, WireUser? User, string? Body, DateTimeOffset CreatedAt);

internal sealed record WireCheckRun(long Id, string Name, string Status, string? Conclusion, string? HtmlUrl);

internal sealed record WireCheckRuns(int TotalCount, IReadOnlyList<WireCheckRun> CheckRuns);

internal sealed record WireStatus(string Context, string State, string? Description, string? TargetUrl);

internal sealed record WireCombinedStatus(string State, int TotalCount, IReadOnlyList<WireStatus> Statuses);

internal sealed record WireMergeResult(string? Sha, bool Merged, string? Message);

internal sealed record WireRepository(string DefaultBranch);

internal sealed record WireRefObject(string Sha);

internal sealed record WireRef(string Ref, WireRefObject Object);

internal sealed record WireCommitPerson(DateTimeOffset Date);

internal sealed record WireCommitDetail(WireCommitPerson Committer);

internal sealed record WireCommit(string Sha, WireCommitDetail Commit);

internal sealed record WireError(string? Message, string? DocumentationUrl, IReadOnlyList<WireErrorDetail>? Errors);

internal sealed record WireErrorDetail(string? Resource, string? Field, string? Code, string? Message);

internal sealed record WireNewPull(string Title, string Head, string Base, string Body);

internal sealed record WireMergeRequest(string CommitTitle, string CommitMessage, string Sha, string MergeMethod);

internal sealed record WireBody(string Body);

internal sealed record WireState(string State);

internal sealed record WireEdit(string Title, string Body);
