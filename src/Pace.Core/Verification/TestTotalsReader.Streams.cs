using System.Text.RegularExpressions;
using static Pace.Core.Verification.TestTotalsPatterns;

namespace Pace.Core.Verification;

/// <summary>Formats whose summary spans several lines or is counted from one line per test.</summary>
public sealed partial class TestTotalsReader
{
    private int? _unittestRan;
    private Found? _unittest;

    private int? _nodePass, _nodeFail, _nodeCancelled, _nodeSkipped, _nodeTodo;
    private Found? _node;

    private int _goPassed, _goFailed, _goSkipped;
    private long _goAt;

    private Found? _cargo;

    private int _tapPlanned, _tapPassed, _tapFailed, _tapSkipped;
    private long _tapAt;
    private bool _tapPlanSeen;

    private bool _inRunSummary;
    private int? _runSucceeded, _runFailed, _runSkipped;
    private Found? _runSummary;

    private bool ReadRunSummary(string line)
    {
        if (TestRunSummaryStart().IsMatch(line))
        {
            (_inRunSummary, _runSucceeded, _runFailed, _runSkipped) = (true, null, null, null);
            return true;
        }

        if (!_inRunSummary || TestRunSummaryField().Match(line) is not { Success: true } field)
        {
            // "duration: 1s 20ms" and anything else ends the block.
            _inRunSummary = false;
            return false;
        }

        var count = Int(field, 2);
        switch (field.Groups[1].Value)
        {
            case "succeeded": _runSucceeded = count; break;
            case "failed": _runFailed = count; break;
            case "skipped": _runSkipped = count; break;
        }

        if (_runSucceeded is { } passed && _runFailed is { } failed)
        {
            _runSummary = new Found(new TestTotals(passed, failed, _runSkipped ?? 0), _line);
        }

        return true;
    }

    private bool ReadUnittest(string line)
    {
        if (UnittestRan().Match(line) is { Success: true } ran)
        {
            _unittestRan = Int(ran, 1);
            return true;
        }

        if (_unittestRan is not { } total || UnittestStatus().Match(line) is not { Success: true } status)
        {
            return false;
        }

        int failed = 0, skipped = 0;
        foreach (Match detail in UnittestDetail().Matches(status.Groups[2].Value))
        {
            var count = Int(detail, 2);
            switch (detail.Groups[1].Value.Trim())
            {
                case "failures" or "errors" or "unexpected successes": failed += count; break;
                case "skipped": skipped += count; break;
            }
        }

        _unittest = new Found(new TestTotals(Math.Max(total - failed - skipped, 0), failed, skipped), _line);
        _unittestRan = null;
        return true;
    }

    private bool ReadNode(string line)
    {
        if (Node().Match(line) is not { Success: true } match)
        {
            return false;
        }

        var count = Int(match, 2);
        switch (match.Groups[1].Value)
        {
            case "tests": (_nodePass, _nodeFail, _nodeCancelled, _nodeSkipped, _nodeTodo) = (null, null, null, null, null); break;
            case "pass": _nodePass = count; break;
            case "fail": _nodeFail = count; break;
            case "cancelled": _nodeCancelled = count; break;
            case "skipped": _nodeSkipped = count; break;
            case "todo": _nodeTodo = count; break;
        }

        if (_nodePass is { } passed && _nodeFail is { } failed)
        {
            var totals = new TestTotals(passed, failed + (_nodeCancelled ?? 0), (_nodeSkipped ?? 0) + (_nodeTodo ?? 0));
            _node = new Found(totals, _line);
        }

        return true;
    }

    private bool ReadGo(string line)
    {
        if (Go().Match(line) is not { Success: true } match)
        {
            return false;
        }

        switch (match.Groups[1].Value)
        {
            case "PASS": _goPassed++; break;
            case "FAIL": _goFailed++; break;
            default: _goSkipped++; break;
        }

        _goAt = _line;
        return true;
    }

    private Found? GoTotals() => _goAt == 0 ? null : new Found(new TestTotals(_goPassed, _goFailed, _goSkipped), _goAt);

    private bool ReadCargo(string line)
    {
        if (Cargo().Match(line) is not { Success: true } match)
        {
            return false;
        }

        var totals = new TestTotals(Int(match, 1), Int(match, 2), Int(match, 3));
        _cargo = new Found(_cargo is { } sum ? sum.Totals.Add(totals) : totals, _line);
        return true;
    }

    private bool ReadTap(string line)
    {
        if (TapPlan().Match(line) is { Success: true } plan)
        {
            _tapPlanned += Int(plan, 1);
            _tapPlanSeen = true;
            _tapAt = _line;
            return true;
        }

        if (TapTest().Match(line) is not { Success: true } test)
        {
            return false;
        }

        var failed = test.Groups[1].Success;
        var directive = TapDirective().Match(test.Groups[2].Value) is { Success: true } d ? d.Groups[1].Value.ToUpperInvariant() : null;
        // "ok # SKIP" did not run; "not ok # TODO" is a known gap, not a failure; "ok # TODO" passed.
        switch (failed, directive)
        {
            case (false, "SKIP") or (true, "TODO"): _tapSkipped++; break;
            case (true, _): _tapFailed++; break;
            default: _tapPassed++; break;
        }

        _tapAt = _line;
        return true;
    }

    /// <summary>TAP counts only with a plan; planned tests that never reported count as failed.</summary>
    private Found? TapTotals()
    {
        if (!_tapPlanSeen)
        {
            return null;
        }

        var missing = Math.Max(_tapPlanned - (_tapPassed + _tapFailed + _tapSkipped), 0);
        return new Found(new TestTotals(_tapPassed, _tapFailed + missing, _tapSkipped), _tapAt);
    }
}
