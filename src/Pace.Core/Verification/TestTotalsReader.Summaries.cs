using System.Text.RegularExpressions;
using static Pace.Core.Verification.TestTotalsPatterns;

namespace Pace.Core.Verification;

/// <summary>Formats whose whole summary is one line.</summary>
public sealed partial class TestTotalsReader
{
    /// <summary>Assemblies kept apart; lines of more add up under one key, so memory stays bounded.</summary>
    private const int MaxAssemblies = 1024;
    private const string MoreAssemblies = "\0more";

    private readonly Dictionary<string, TestTotals> _vsTest = new(StringComparer.Ordinal);
    private long _vsTestAt;

    private static TestTotals? ReadSummaryLine(string line)
    {
        if (Xunit().Match(line) is { Success: true } xunit)
        {
            var (total, errors, failed, skipped) = (Int(xunit, 1), Int(xunit, 2), Int(xunit, 3), Int(xunit, 4));
            var notRun = xunit.Groups[5].Success ? Int(xunit, 5) : 0;
            // Errors are failures outside any one test (a broken fixture); they count as failed.
            return new TestTotals(Math.Max(total - failed - skipped - notRun, 0), failed + errors, skipped + notRun);
        }

        if (TestSummaryLine().Match(line) is { Success: true } summary)
        {
            return new TestTotals(Int(summary, 3), Int(summary, 2), Int(summary, 4));
        }

        if (Plain().Match(line) is { Success: true } plain)
        {
            return new TestTotals(Int(plain, 1), Int(plain, 2), plain.Groups[3].Success ? Int(plain, 3) : 0);
        }

        if (Jest().Match(line) is { Success: true } jest)
        {
            return FromItems(jest.Groups[1].Value);
        }

        if (Vitest().Match(line) is { Success: true } vitest)
        {
            return FromItems(vitest.Groups[1].Value);
        }

        if (Pytest().Match(line) is { Success: true } pytest)
        {
            return FromItems(pytest.Groups[1].Value);
        }

        return null;
    }

    /// <summary>
    /// "N word" items of pytest, jest and vitest. Errors count as failed, unexpected passes (xpassed)
    /// as passed, expected failures (xfailed) and todos as skipped; warnings, deselected and totals not at all.
    /// </summary>
    private static TestTotals FromItems(string items)
    {
        int passed = 0, failed = 0, skipped = 0;
        foreach (Match item in CountItem().Matches(items))
        {
            var count = Int(item, 1);
            switch (item.Groups[2].Value)
            {
                case "passed" or "xpassed":
                    passed += count;
                    break;
                case "failed" or "error" or "errors":
                    failed += count;
                    break;
                case "skipped" or "xfailed" or "todo" or "pending":
                    skipped += count;
                    break;
            }
        }

        return new TestTotals(passed, failed, skipped);
    }

    /// <summary>One line per assembly; a later line for the same assembly replaces the earlier one.</summary>
    private bool ReadVsTest(string line)
    {
        if (VsTest().Match(line) is not { Success: true } match)
        {
            return false;
        }

        var assembly = match.Groups[4].Success ? match.Groups[4].Value : string.Empty;
        var totals = new TestTotals(Int(match, 2), Int(match, 1), Int(match, 3));
        if (_vsTest.Count >= MaxAssemblies && !_vsTest.ContainsKey(assembly))
        {
            _vsTest[MoreAssemblies] = _vsTest.TryGetValue(MoreAssemblies, out var more) ? more.Add(totals) : totals;
        }
        else
        {
            _vsTest[assembly] = totals;
        }

        _vsTestAt = _line;
        return true;
    }

    private Found? VsTestTotals()
    {
        if (_vsTest.Count == 0)
        {
            return null;
        }

        var sum = TestTotals.None;
        foreach (var totals in _vsTest.Values)
        {
            sum = sum.Add(totals);
        }

        return new Found(sum, _vsTestAt);
    }

    private static int Int(Match match, int group) => int.Parse(match.Groups[group].ValueSpan, System.Globalization.CultureInfo.InvariantCulture);
}
