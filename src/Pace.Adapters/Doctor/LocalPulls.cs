using System.Globalization;
using System.Text.Json;
using Pace.Adapters.Forges.Local;
using Pace.Adapters.Storage;
using Pace.Core.Diagnostics;

namespace Pace.Adapters.Doctor;

/// <summary>The local forge's pull request records (.pace/forge/pulls/N.json) as the doctor reads and repairs them.</summary>
internal sealed class LocalPulls(string paceFolder, TimeProvider clock)
{
    private readonly string _folder = Path.Combine(paceFolder, "forge", "pulls");

    public string PathOf(int number) => Path.Combine(_folder, number.ToString(CultureInfo.InvariantCulture) + ".json");

    /// <summary>Every readable record by number, and a problem for each one that cannot be read.</summary>
    public (Dictionary<int, LocalPullRequestRecord> Pulls, List<DoctorFinding> Unreadable) LoadAll()
    {
        var pulls = new Dictionary<int, LocalPullRequestRecord>();
        var unreadable = new List<DoctorFinding>();
        if (!Directory.Exists(_folder))
        {
            return (pulls, unreadable);
        }

        foreach (var file in Directory.EnumerateFiles(_folder, "*.json").Order(StringComparer.Ordinal))
        {
            if (!int.TryParse(Path.GetFileNameWithoutExtension(file), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                continue;
            }

            try
            {
                if (JsonSerializer.Deserialize(File.ReadAllBytes(file), LocalForgeJson.Default.LocalPullRequestRecord) is { } record)
                {
                    pulls[number] = record;
                }
            }
            catch (JsonException e)
            {
                unreadable.Add(new DoctorFinding("forge", "pull request", FindingKind.Problem, $"{file} cannot be read: {JsonProblem.Describe(e)}",
                    "a person: repair or restore the record; pace spec run and pace review stop on it"));
            }
        }

        return (pulls, unreadable);
    }

    /// <summary>Marks an open record merged (with the commit that merged it) or closed.</summary>
    public string Close(LocalPullRequestRecord record, string? mergeCommit)
    {
        var closed = record with
        {
            Status = mergeCommit is null ? Core.Forge.PullRequestStatus.Closed : Core.Forge.PullRequestStatus.Merged,
            MergeCommit = mergeCommit ?? record.MergeCommit,
            ClosedAt = clock.GetUtcNow(),
        };
        AtomicFile.Write(PathOf(record.Number), JsonSerializer.SerializeToUtf8Bytes(closed, LocalForgeJson.Default.LocalPullRequestRecord));
        return mergeCommit is null
            ? $"marked PR #{record.Number} ({record.Head}) closed in {PathOf(record.Number)}"
            : $"marked PR #{record.Number} ({record.Head}) merged by {mergeCommit[..Math.Min(12, mergeCommit.Length)]} in {PathOf(record.Number)}";
    }
}
