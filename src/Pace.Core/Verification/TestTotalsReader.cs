namespace Pace.Core.Verification;

/// <summary>
/// Reads test totals from a runner's output one line at a time, keeping only counters, so memory stays
/// flat however long the output. Where several summaries appear, the last one wins (a wrapper's grand
/// total after the per-project lines, a re-run after a first run); formats that print one summary per
/// part are added up first (cargo per test binary, VSTest per assembly, go and TAP per test line).
/// Understood: xunit, VSTest, Microsoft.Testing.Platform, pytest, unittest, jest, vitest, node --test,
/// go test -v, cargo test, TAP, and the plain "N passed, N failed".
/// </summary>
public sealed partial class TestTotalsReader
{
    /// <summary>Summary lines are short; longer lines are not parsed (they are still counted).</summary>
    private const int MaxParsedLength = 4096;

    private long _line;
    private Found? _single;

    /// <summary>The totals of the last summary read so far; null when none was recognised.</summary>
    public TestTotals? Totals
    {
        get
        {
            Found? best = null;
            foreach (var candidate in (ReadOnlySpan<Found?>)[_single, VsTestTotals(), _unittest, _node, GoTotals(), _cargo, TapTotals(), _runSummary])
            {
                if (candidate is { } found && (best is null || found.At > best.Value.At))
                {
                    best = found;
                }
            }

            return best?.Totals;
        }
    }

    public void Read(string line)
    {
        _line++;
        if (line.Length > MaxParsedLength)
        {
            return;
        }

        if (line.Contains('\x1B'))
        {
            line = TestTotalsPatterns.AnsiEscape().Replace(line, string.Empty);
        }

        if (ReadRunSummary(line))
        {
            return;
        }

        if (ReadSummaryLine(line) is { } totals)
        {
            _single = new Found(totals, _line);
            return;
        }

        _ = ReadVsTest(line) || ReadUnittest(line) || ReadNode(line)
            || ReadGo(line) || ReadCargo(line) || ReadTap(line);
    }

    private readonly record struct Found(TestTotals Totals, long At);
}
