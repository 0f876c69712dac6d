namespace Pace.Core.Forge;

/// <summary>
/// The kinds of review a forge records. Only <see cref="Approved"/> and <see cref="ChangesRequested"/>
/// are verdicts; a comment never ends the wait, and a reviewer agent's output that cannot be read is
/// recorded as <see cref="Unreadable"/>, which is not an approval.
/// </summary>
public enum ReviewKind
{
    Approved,
    ChangesRequested,
    Commented,
    Unreadable,
}

/// <summary>
/// A comment that must be addressed before the merge; <see cref="File"/> and <see cref="Line"/> say where,
/// when known. <see cref="Id"/> is the forge's id of the comment's thread, when it has one to reply on.
/// </summary>
public sealed record ReviewComment(string Text, string? File = null, int? Line = null)
{
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public long? Id { get; init; }

    public override string ToString() => File is null ? Text : Line is { } line ? $"{File}:{line}: {Text}" : $"{File}: {Text}";
}

/// <summary>One review of a pull request, given on the head commit <see cref="HeadSha"/>.</summary>
public sealed record Review(
    string Reviewer,
    ReviewKind Kind,
    string Body,
    IReadOnlyList<ReviewComment> Blocking,
    IReadOnlyList<string> FutureItems,
    string HeadSha,
    DateTimeOffset At)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsVerdict => Kind is ReviewKind.Approved or ReviewKind.ChangesRequested;
}
