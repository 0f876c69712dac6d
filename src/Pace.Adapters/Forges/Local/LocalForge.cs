using System.Globalization;
using System.Text.Json;
using Pace.Adapters.Storage;
using Pace.Core.Diagnostics;
using Pace.Core.Forge;
using Pace.Core.Git;
using Pace.Core.Ports;

namespace Pace.Adapters.Forges.Local;

/// <summary>
/// The default forge: pull requests are files under <c>.pace/forge/pulls/N.json</c> (number,
/// branches, body, reviews, status), written atomically; merges are squash merges done by
/// <see cref="IRepository.SquashMergeAsync"/>. Offline, on one machine, nothing to configure.
/// </summary>
public sealed class LocalForge : IForge
{
    private readonly string _folder;
    private readonly IRepository _repository;
    private readonly TimeProvider _clock;

    public LocalForge(string paceFolder, IRepository repository, TimeProvider clock)
    {
        _folder = Path.Combine(paceFolder, "forge", "pulls");
        _repository = repository;
        _clock = clock;
    }

    /// <summary>Called between the squash merge and the record that says so; the crash tests stop the process there.</summary>
    public Action<string> Checkpoint { get; init; } = _ => { };

    public Task<PullRequest> OpenOrFindAsync(PullRequestDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var all = All();
        if (all.FirstOrDefault(r => r.Status == PullRequestStatus.Open && r.Head == draft.Head && r.Base == draft.Base) is { } open)
        {
            // Reused (after pace spec retry, say): the title and body describe what the branch holds now.
            if (open.Title != draft.Title || open.Body != draft.Body)
            {
                open = open with { Title = draft.Title, Body = draft.Body };
                Save(open);
            }

            return Task.FromResult(ToPullRequest(open));
        }

        var record = new LocalPullRequestRecord
        {
            Number = all.Count == 0 ? 1 : all.Max(r => r.Number) + 1,
            Head = draft.Head,
            Base = draft.Base,
            Title = draft.Title,
            Body = draft.Body,
            Status = PullRequestStatus.Open,
            CreatedAt = _clock.GetUtcNow(),
        };
        Save(record);
        return Task.FromResult(ToPullRequest(record));
    }

    public Task<PullRequest?> GetAsync(int number, CancellationToken cancellationToken) =>
        Task.FromResult(Load(number) is { } record ? ToPullRequest(record) : null);

    public Task<IReadOnlyList<Review>> GetReviewsAsync(int number, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Review>>(Require(number).Reviews);

    public Task PostReviewAsync(int number, Review review, CancellationToken cancellationToken)
    {
        var record = Require(number);
        // Records compare lists by reference, and a review read back from the file has new lists: compare the values.
        if (!record.Reviews.Any(r => r with { Blocking = review.Blocking, FutureItems = review.FutureItems } == review
            && r.Blocking.SequenceEqual(review.Blocking) && r.FutureItems.SequenceEqual(review.FutureItems)))
        {
            record.Reviews.Add(review);
            Save(record);
        }

        return Task.CompletedTask;
    }

    public async Task<ForgeMergeResult> MergeAsync(int number, string expectedHeadSha, string message, CancellationToken cancellationToken)
    {
        var record = Require(number);
        switch (record.Status)
        {
            case PullRequestStatus.Merged:
                return new ForgeMergeResult.Merged(record.MergeCommit!);
            case PullRequestStatus.Closed:
                return new ForgeMergeResult.Refused($"PR #{number} is closed");
        }

        var head = await _repository.ResolveAsync("refs/heads/" + record.Head, cancellationToken).ConfigureAwait(false);
        if (head != expectedHeadSha)
        {
            return new ForgeMergeResult.HeadMoved(expectedHeadSha, head ?? "(no branch)");
        }

        var outcome = await _repository.SquashMergeAsync(record.Head, record.Base, message, cancellationToken).ConfigureAwait(false);
        string commit;
        switch (outcome)
        {
            case MergeOutcome.Merged merged:
                commit = merged.Commit;
                break;
            case MergeOutcome.AlreadyUpToDate:
                commit = await _repository.ResolveAsync("refs/heads/" + record.Base, cancellationToken).ConfigureAwait(false) ?? "";
                break;
            case MergeOutcome.Conflict conflict:
                return new ForgeMergeResult.Conflict(conflict.Paths);
            default:
                throw new InvalidOperationException($"unexpected merge outcome {outcome}");
        }

        Checkpoint($"squash-merged:{number}");
        Save(record with { Status = PullRequestStatus.Merged, MergeCommit = commit, ClosedAt = _clock.GetUtcNow() });
        return new ForgeMergeResult.Merged(commit);
    }

    public Task CloseAsync(int number, CancellationToken cancellationToken)
    {
        var record = Require(number);
        if (record.Status == PullRequestStatus.Open)
        {
            Save(record with { Status = PullRequestStatus.Closed, ClosedAt = _clock.GetUtcNow() });
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Reads every pull request record, so that a run refuses a broken one (an InputException naming
    /// file:line:col) before it changes anything, not half-way through.
    /// </summary>
    public void Validate() => _ = All();

    /// <summary>The records (their files) of the pull requests whose head is one of <paramref name="spec"/>'s branches: its waves' and its final one.</summary>
    public static IReadOnlyList<string> RecordsOfSpec(string paceFolder, string spec) => [.. ReadRecordsOfSpec(paceFolder, spec).Select(r => r.File)];

    /// <summary>A pull request of the local forge as a view shows it (the dashboard): never written back.</summary>
    public sealed record View(int Number, string Title, string Head, string Base, PullRequestStatus Status, DateTimeOffset CreatedAt, IReadOnlyList<Review> Reviews);

    /// <summary>The pull requests of <paramref name="spec"/>, by number; a record that cannot be read is left out (a run refuses it with its place).</summary>
    public static IReadOnlyList<View> ViewsOfSpec(string paceFolder, string spec) =>
        [.. ReadRecordsOfSpec(paceFolder, spec).Select(r => new View(r.Record.Number, r.Record.Title, r.Record.Head, r.Record.Base, r.Record.Status, r.Record.CreatedAt, r.Record.Reviews)).OrderBy(v => v.Number)];

    /// <summary>Each record of the spec's pull requests with its file, read once, in the files' order.</summary>
    private static IEnumerable<(string File, LocalPullRequestRecord Record)> ReadRecordsOfSpec(string paceFolder, string spec)
    {
        var folder = Path.Combine(paceFolder, "forge", "pulls");
        if (!Directory.Exists(folder))
        {
            yield break;
        }

        foreach (var file in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            if (Record(File.ReadAllBytes(file)) is { } record && RefNames.IsSpecBranch(spec, record.Head))
            {
                yield return (file, record);
            }
        }
    }

    /// <summary>The head branch a pull request's record names, or null when it is not a record.</summary>
    public static string? HeadOf(byte[] record) => Record(record)?.Head;

    private static LocalPullRequestRecord? Record(byte[] bytes)
    {
        try
        {
            return JsonSerializer.Deserialize(bytes, LocalForgeJson.Default.LocalPullRequestRecord);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Nothing to do: the local forge's branches are the repository's own.</summary>
    public Task PublishAsync(string branch, string? sha, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Nothing to do: a local review's comments have no threads.</summary>
    public Task ReplyAsync(int number, ReviewComment comment, string body, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Where a pull request's record is; also its URL on this forge.</summary>
    public string PathOf(int number) => Path.Combine(_folder, number.ToString(CultureInfo.InvariantCulture) + ".json");

    private PullRequest ToPullRequest(LocalPullRequestRecord r) =>
        new(r.Number, "file://" + PathOf(r.Number), r.Head, r.Base, r.Title, r.Status) { MergeCommit = r.MergeCommit };

    private LocalPullRequestRecord Require(int number) =>
        Load(number) ?? throw new InputException($"the local forge has no pull request #{number} ({PathOf(number)})");

    private LocalPullRequestRecord? Load(int number)
    {
        var path = PathOf(number);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(path), LocalForgeJson.Default.LocalPullRequestRecord)
                ?? throw new InputException($"{path}: the pull request record is null");
        }
        catch (JsonException e)
        {
            throw new InputException($"{path}: the pull request record cannot be read", [JsonProblem.Error(path, File.ReadAllBytes(path), e, prefix: "")]);
        }
    }

    private List<LocalPullRequestRecord> All() =>
        !Directory.Exists(_folder) ? []
        : Directory.EnumerateFiles(_folder, "*.json")
            .Select(f => int.TryParse(Path.GetFileNameWithoutExtension(f), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? Load(n) : null)
            .OfType<LocalPullRequestRecord>()
            .ToList();

    private void Save(LocalPullRequestRecord record) =>
        AtomicFile.Write(PathOf(record.Number), JsonSerializer.SerializeToUtf8Bytes(record, LocalForgeJson.Default.LocalPullRequestRecord));
}
