using System.Text;
using System.Text.Json;

namespace Pace.Cli.Dashboard;

/// <summary>
/// The dashboard's one copy of what it shows, refreshed from the files by one ticker (every
/// <see cref="Tick"/>: a handful of file lengths and times, and a read only when one moved), and
/// handed to every page: a snapshot when the page loads, then updates (the live part and the
/// sessions changed since the page's last) as server-sent events. However many pages are open, the
/// files are read once per change.
/// </summary>
internal sealed class DashboardFeed
{
    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(200);

    /// <summary>How often everything is read even when no watched file moved.</summary>
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(5);

    /// <summary>This start's name: a page that held the rows of an earlier start loads everything again.</summary>
    private readonly string _start = Guid.NewGuid().ToString("N")[..12];

    private readonly DashboardData _data;
    private readonly object _gate = new();
    private string? _fingerprint;
    private byte[] _live = "{}"u8.ToArray();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _version;
    private long _readAt;
    private long _published;
    private string? _failure;
    private byte[] _list = "[]"u8.ToArray();
    private long _listVersion;

    public DashboardFeed(DashboardData data) => _data = data;

    public DashboardData Data => _data;

    /// <summary>Counts the changes seen; a page's update stream waits for it to move.</summary>
    public long Version
    {
        get
        {
            lock (_gate)
            {
                return _version;
            }
        }
    }

    /// <summary>
    /// Reads the files again when any watched one moved, or when <see cref="Every"/> passed since the
    /// last read (what changes with time alone: a pause that ended, a lock holder killed with kill -9);
    /// true when something shown changed. A read that fails is named to the pages and tried again at
    /// the next forced read.
    /// </summary>
    public bool Refresh(bool force = false)
    {
        TaskCompletionSource? wake = null;
        lock (_gate)
        {
            var fingerprint = _data.Fingerprint();
            var now = Environment.TickCount64;
            if (!force && fingerprint == _fingerprint && now - _readAt < (long)Every.TotalMilliseconds)
            {
                return false;
            }

            _fingerprint = fingerprint;
            _readAt = now;
            string? failure = null;
            var live = _live;
            try
            {
                _data.Sessions.Refresh(_data.Specs());
                live = _data.Live();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                failure = $"{e.GetType().Name}: {e.Message}";
            }

            var list = _data.FeatureListJson;
            var sameList = list.AsSpan().SequenceEqual(_list);
            // The live part names the time it was read: compare it without that line.
            if (_data.Sessions.Sequence == _published && failure == _failure && sameList && SameExceptTime(live, _live))
            {
                return false;
            }

            if (!sameList)
            {
                _list = list;
                _listVersion++;
            }

            _live = live;
            _failure = failure;
            _published = _data.Sessions.Sequence;
            _version++;
            wake = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        wake.TrySetResult();
        return true;
    }

    /// <summary>As <see cref="Refresh"/>, for callers that show what was read last when a read fails (it is tried again at the next tick).</summary>
    public void TryRefresh(bool force = false)
    {
        try
        {
            Refresh(force);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A file replaced under the reader, or of a shape no part expected.
        }
    }

    /// <summary>Waits until the version moves past <paramref name="seen"/>, or the timeout ends.</summary>
    public async Task WaitAsync(long seen, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Task changed;
        lock (_gate)
        {
            if (_version != seen)
            {
                return;
            }

            changed = _changed.Task;
        }

        await Task.WhenAny(changed, Task.Delay(timeout, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>
    /// {"start", "seq", "version", "live", "failure", "sessions": [rows changed after <paramref name="since"/>],
    /// "count": rows in all, "listVersion", and "featureList" when the page's list (<paramref name="listSent"/>)
    /// is not the current one}: with since 0 and listSent -1, everything (the page's first load).
    /// </summary>
    public (string Json, long Sequence, long Version, long ListVersion) Since(long since, long listSent = -1)
    {
        lock (_gate)
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>(8192);
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                w.WriteString("start", _start);
                w.WriteNumber("seq", _data.Sessions.Sequence);
                w.WriteNumber("version", _version);
                w.WritePropertyName("live");
                w.WriteRawValue(_live, skipInputValidation: true);
                w.WriteString("failure", _failure);
                w.WriteNumber("listVersion", _listVersion);
                if (listSent != _listVersion)
                {
                    w.WritePropertyName("featureList");
                    w.WriteRawValue(_list, skipInputValidation: true);
                }

                w.WriteStartArray("sessions");
                foreach (var row in _data.Sessions.All.Where(r => r.Sequence > since).OrderBy(r => r.Sequence))
                {
                    w.WriteRawValue(row.Json, skipInputValidation: true);
                }

                w.WriteEndArray();
                // A page whose count differs after taking the rows (a session removed by recover) loads the whole snapshot again.
                w.WriteNumber("count", _data.Sessions.All.Count);
                w.WriteEndObject();
            }

            return (Encoding.UTF8.GetString(buffer.WrittenSpan), _data.Sessions.Sequence, _version, _listVersion);
        }
    }

    private static bool SameExceptTime(byte[] a, byte[] b)
    {
        // "at" is the second property of the live object: skip it in both.
        static ReadOnlySpan<byte> WithoutTime(byte[] json)
        {
            var span = json.AsSpan();
            var at = span.IndexOf("\"at\":\""u8);
            if (at < 0)
            {
                return span;
            }

            var end = span[(at + 6)..].IndexOf((byte)'"');
            return end < 0 ? span : span[(at + 6 + end)..];
        }

        return WithoutTime(a).SequenceEqual(WithoutTime(b));
    }
}
