using System.Text.Json;
using Pace.Adapters.Storage;

namespace Pace.Adapters.Forges.GitHub;

/// <summary>
/// When GitHub had each head commit of a pull request, by GitHub's own clock (the Date of its answer
/// right after Pace pushed, or of the first answer that showed the head). A comment carries no commit,
/// so it speaks of a head only when GitHub made it after this time: comparing GitHub's times with
/// GitHub's times, skew between Pace's clock and GitHub's cannot count an old comment for a new head
/// or ignore a fresh one. The committer date is no help there: it is the local clock of whoever committed.
/// Kept in a file (when given one) so that a resumed run judges comments made while it was stopped the same way.
/// </summary>
internal sealed class GitHubHeadTimes(string? path)
{
    private const int Kept = 200;

    private readonly Lock _lock = new();
    private Dictionary<string, DateTimeOffset>? _times;

    public DateTimeOffset? Of(string sha)
    {
        lock (_lock)
        {
            return Times().TryGetValue(sha, out var at) ? at : null;
        }
    }

    /// <summary>Records that GitHub had <paramref name="sha"/> at <paramref name="at"/>, unless an earlier time is known; returns the time kept.</summary>
    public DateTimeOffset Record(string sha, DateTimeOffset at)
    {
        lock (_lock)
        {
            var times = Times();
            if (times.TryGetValue(sha, out var known) && known <= at)
            {
                return known;
            }

            times[sha] = at;
            if (times.Count > Kept)
            {
                foreach (var old in times.OrderBy(t => t.Value).Take(times.Count - Kept).Select(t => t.Key).ToList())
                {
                    times.Remove(old);
                }
            }

            if (path is not null)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                AtomicFile.Write(path, JsonSerializer.SerializeToUtf8Bytes(times, GitHubJson.Default.DictionaryStringDateTimeOffset));
            }

            return at;
        }
    }

    private Dictionary<string, DateTimeOffset> Times()
    {
        if (_times is null)
        {
            _times = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
            try
            {
                if (path is not null && File.Exists(path)
                    && JsonSerializer.Deserialize(File.ReadAllBytes(path), GitHubJson.Default.DictionaryStringDateTimeOffset) is { } saved)
                {
                    _times = new Dictionary<string, DateTimeOffset>(saved, StringComparer.Ordinal);
                }
            }
            catch (JsonException)
            {
                // Pace's own cache, written atomically: unreadable only if damaged by hand. Heads then
                // get the time they are next seen, which can only make a comment too late, never too early.
            }
        }

        return _times;
    }
}
