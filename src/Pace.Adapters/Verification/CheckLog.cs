using System.Diagnostics;
using System.Text;
using Pace.Core.Verification;

using Pace.Adapters.Security;

namespace Pace.Adapters.Verification;

/// <summary>
/// Where a check's lines go: redacted, then appended to the log file, fed to the totals reader and kept
/// in a bounded tail. Lines from stdout and stderr arrive on two threads, hence the lock. The file is
/// flushed at most every <see cref="FlushEvery"/> so a crash loses little and a chatty check costs
/// few writes.
/// </summary>
internal sealed class CheckLog : IDisposable
{
    private static readonly TimeSpan FlushEvery = TimeSpan.FromMilliseconds(200);

    private readonly Lock _gate = new();
    private readonly StreamWriter _writer;
    private readonly TestTotalsReader _totals = new();
    private readonly OutputTail _tail;
    private readonly Stopwatch _sinceFlush = Stopwatch.StartNew();
    private bool _closed;

    public CheckLog(string path, int tailLength)
    {
        var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
        _writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { NewLine = "\n" };
        _tail = new OutputTail(tailLength);
    }

    public TestTotals? Totals
    {
        get
        {
            lock (_gate)
            {
                return _totals.Totals;
            }
        }
    }

    public string Tail
    {
        get
        {
            lock (_gate)
            {
                return _tail.ToString();
            }
        }
    }

    public void Write(string line)
    {
        var clean = Secrets.Redact(line);
        lock (_gate)
        {
            // A grandchild may still hold the pipe after the check was reaped and the log closed.
            if (_closed)
            {
                return;
            }

            _writer.WriteLine(clean);
            _totals.Read(clean);
            _tail.Add(clean);
            if (_sinceFlush.Elapsed >= FlushEvery)
            {
                _writer.Flush();
                _sinceFlush.Restart();
            }
        }
    }

    /// <summary>A line of Pace's own about the check (timed out, not started); not read for totals.</summary>
    public void Note(string message)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            var line = $"[pace] {message}";
            _writer.WriteLine(line);
            _tail.Add(line);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _closed = true;
            _writer.Dispose();
        }
    }
}
