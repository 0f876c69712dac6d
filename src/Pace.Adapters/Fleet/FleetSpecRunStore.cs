using System.Text;
using Pace.Adapters.Forges.Local;
using Pace.Adapters.Specs;
using Pace.Core.Git;
using Pace.Core.Ports;
using Pace.Core.Waves;

namespace Pace.Adapters.Fleet;

/// <summary>
/// A spec run's state port on a fleet (<c>pace spec run --fleet</c>): its files as without a fleet,
/// and behind them the run's record in the fleet database, so a coordinator in another clone, on
/// another host, can take the run over (<c>--take-over RUN</c>). With each state the record gets
/// what the run keeps beside it: its journal lines; its files under <c>.pace/</c> that a resumed run
/// reads (each task's and each attempt's evidence, the waves' test-count baselines, the local forge's
/// pull requests of this spec, the run's name in the fleet); and its refs (the target branch, the
/// spec's, waves' and tasks' branches, its attempts and the rest under <c>refs/pace/KIND/SPEC/</c>),
/// each commit pushed to the run's remote as <c>refs/pace/fleet/RUN/commits/SHA</c> before the record
/// names it (by its commit: a ref the record names never moves on the remote, whatever a later write
/// that did not reach the database pushed). Transcripts and check logs stay here. Written off the run's path, in order
/// (<see cref="FleetRecordWriter{TBatch}"/>): the record is never ahead of the git it describes.
/// </summary>
public sealed class FleetSpecRunStore : ISpecRunStore, IAsyncDisposable
{
    private readonly FileSpecRunStore _files;
    private readonly SpecLayout _layout;
    private readonly FleetRunRecord _record;
    private readonly FleetItems _items;
    private readonly string _run;
    private readonly FleetRecordWriter<Batch> _writer;

    /// <summary>The latest state (JSON) and whether it is the run's end; null until the run has one.</summary>
    private (string Json, bool Finished)? _state;
    private List<string> _journal = [];

    /// <summary>What the record has of each file (by path under .pace/), as last written.</summary>
    private Dictionary<string, string> _written = new(StringComparer.Ordinal);

    /// <summary>The commits this process put on the remote.</summary>
    private readonly HashSet<string> _pushed = new(StringComparer.Ordinal);

    /// <param name="run">The spec run's name in the fleet (<see cref="FleetTaskSessions.RunName"/>).</param>
    /// <param name="hold">The run, held already (<see cref="SubjectOf"/> names what it holds).</param>
    public FleetSpecRunStore(FileSpecRunStore files, SpecLayout layout, FleetRunRecord record, FleetItems items, string run, FleetRunHold hold, Action<string> log)
    {
        _files = files;
        _layout = layout;
        _record = record;
        _items = items;
        _run = run;
        // A run started again, or taken over: what it saved before is what journal lines written before its next state go with.
        _state = LoadOrNull(files) is { } saved ? StateOf(saved) : null;
        _writer = new FleetRecordWriter<Batch>(record, FleetRunRecord.CoordinatorOf(layout.RepoRoot), SubjectOf(layout), hold, log, Take, PutBack, WriteAsync);
    }

    /// <summary>What a spec run's record says it works on: its spec file, so a takeover is made where that spec is.</summary>
    public static string SubjectOf(SpecLayout layout) => "spec " + layout.SpecFileRel;

    /// <summary>Where a commit of the run's refs is kept on the run's remote (and fetched to by a takeover).</summary>
    public static string RemoteRef(string run, string commit) => $"refs/pace/fleet/{run}/commits/{commit}";

    public SpecState? Load() => _files.Load();

    public void Save(SpecState state)
    {
        _writer.ThrowIfLost();
        _files.Save(state);
        var saved = StateOf(state);
        _writer.Queue(() => _state = saved);
    }

    public void Journal(string step, string? detail = null)
    {
        var line = _files.JournalLineOf(step, detail);
        _files.AppendJournal(line);
        // Lines before the run's first state wait for it (they are written with it).
        _writer.Queue(() => _journal.Add(line));
    }

    /// <summary>Waits until everything saved so far is in the database; the epoch to publish under (<see cref="FleetRecordWriter{TBatch}.FlushAsync"/>).</summary>
    public Task<long> FlushAsync(CancellationToken cancellationToken) => _writer.FlushAsync(cancellationToken);

    /// <summary>Waits (at most 15 s) until everything saved so far is in the database: false, said in the log, when it is not.</summary>
    public Task<bool> TryFlushAsync(CancellationToken cancellationToken) => _writer.TryFlushAsync(cancellationToken);

    /// <summary>Writes what is left (bounded), then stops the writes under way and lets go of the run.</summary>
    public async ValueTask DisposeAsync()
    {
        await _writer.TryFlushAsync(CancellationToken.None).ConfigureAwait(false);
        await _writer.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>The refs a spec run's record keeps, as this repository has them now, in git's order (by name).</summary>
    public static async Task<IReadOnlyList<(string Commit, string Ref)>> RefsAsync(string repositoryRoot, string spec, string targetBranch, CancellationToken cancellationToken)
    {
        var listed = await new Git.GitCli(repositoryRoot, null).RunAsync(["for-each-ref", "--format=%(objectname) %(refname)", "refs/heads/", "refs/pace/"], cancellationToken).ConfigureAwait(false);
        const string heads = "refs/heads/";
        return [.. ParseRefs(listed.Text).Where(r =>
        {
            var parts = r.Ref.Split('/');
            return r.Ref == heads + targetBranch || (r.Ref.StartsWith(heads, StringComparison.Ordinal) && RefNames.IsSpecBranch(spec, r.Ref[heads.Length..]))
                || (parts.Length > 4 && parts[1] == "pace" && parts[2] is not "fleet" and not "results" && parts[3] == spec);
        })];
    }

    /// <summary>The record's refs as text: a "COMMIT REF" line each, as <c>git for-each-ref</c> lists them.</summary>
    public static string FormatRefs(IEnumerable<(string Commit, string Ref)> refs) => string.Concat(refs.Select(r => $"{r.Commit} {r.Ref}\n"));

    /// <summary>"COMMIT REF" lines (<see cref="FormatRefs"/>, or <c>git for-each-ref</c>'s output) as pairs.</summary>
    public static IReadOnlyList<(string Commit, string Ref)> ParseRefs(string lines) =>
        [.. lines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ', 2)).Select(p => (p[0], p[1]))];

    /// <summary>The saved state; null when there is none, or it cannot be read (recover sets it aside and starts over; a run refuses it).</summary>
    private static SpecState? LoadOrNull(FileSpecRunStore files)
    {
        try
        {
            return files.Load();
        }
        catch (Core.Diagnostics.InputException)
        {
            return null;
        }
    }

    private static (string Json, bool Finished) StateOf(SpecState state) => (Encoding.UTF8.GetString(SpecStateJson.Write(state)), state.Phase == SpecPhase.Completed);

    private (string Run, Batch Batch)? Take()
    {
        if (_state is not { } state)
        {
            return null;
        }

        var batch = new Batch(state.Json, state.Finished, _journal);
        _journal = [];
        return (_run, batch);
    }

    private void PutBack(Batch batch) => _journal = [.. batch.Journal, .. _journal];

    private async Task WriteAsync(Batch batch, FleetRunHold hold, CancellationToken cancellationToken)
    {
        // Files first, then refs: together they are what a run killed at some moment after this state leaves (never refs older than the files).
        var files = Files();
        var state = SpecStateJson.Read(_layout.StatePath, Encoding.UTF8.GetBytes(batch.State));
        var refs = await RefsAsync(_layout.RepoRoot, _layout.SpecName, state.TargetBranch, cancellationToken).ConfigureAwait(false);
        var push = refs.Select(r => r.Commit).Distinct(StringComparer.Ordinal).Where(c => !_pushed.Contains(c)).Select(c => (c, RemoteRef(_run, c))).ToList();
        if (push.Count > 0)
        {
            await _items.PushAsync(push, cancellationToken).ConfigureAwait(false);
            _pushed.UnionWith(push.Select(p => p.c));
        }

        var changed = files.Where(f => !_written.TryGetValue(f.Key, out var was) || was != f.Value).ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        await _record.WriteAsync(_run, hold.Epoch, batch.State, null, batch.Finished, batch.Journal, [], cancellationToken, new RunFiles(changed, [.. files.Keys], FormatRefs(refs))).ConfigureAwait(false);
        _written = files;
    }

    /// <summary>The run's files a resumed run reads, by path under .pace/ (forward slashes).</summary>
    private Dictionary<string, string> Files()
    {
        for (var tries = 1; ; tries++)
        {
            try
            {
                return ReadFiles();
            }
            catch (IOException) when (tries < 3)
            {
                // A folder went while it was listed (a session's folder emptied for its next try): listed again.
            }
        }
    }

    private Dictionary<string, string> ReadFiles()
    {
        var pace = _layout.PaceFolder;
        var paths = new List<string>();
        if (Directory.Exists(_layout.DataFolder))
        {
            paths.AddRange(Directory.EnumerateFiles(_layout.DataFolder, "evidence.json", SearchOption.AllDirectories));
            paths.AddRange(Directory.EnumerateFiles(_layout.DataFolder, "baseline.txt", SearchOption.AllDirectories));
            paths.AddRange(Directory.EnumerateFiles(_layout.DataFolder, FleetTaskSessions.FileName, SearchOption.TopDirectoryOnly));
        }

        paths.AddRange(LocalForge.RecordsOfSpec(pace, _layout.SpecName));
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            try
            {
                files[Path.GetRelativePath(pace, path).Replace('\\', '/')] = File.ReadAllText(path);
            }
            catch (FileNotFoundException)
            {
                // Moved meanwhile (an attempt's evidence set aside): the next write has it where it went.
            }
        }

        return files;
    }

    /// <summary>One write: the latest state (JSON) and the journal lines since the last write.</summary>
    private sealed record Batch(string State, bool Finished, List<string> Journal);
}
