using System.Diagnostics;
using Pace.Core.Agents;
using Pace.Core.Features;
using Pace.Core.Loop;
using Pace.Core.Verification;

namespace Pace.Bench.Loop;

/// <summary>One port call: which port, which method, how long it took.</summary>
internal sealed record PortCall(string Port, string Method, TimeSpan Took);

/// <summary>One session: its wall time (from the end of the previous one) and the port calls inside it.</summary>
internal sealed record SessionSample(TimeSpan Wall, IReadOnlyList<PortCall> Calls, IReadOnlyList<GitProcess> Git)
{
    /// <summary>CPU time of the benchmark process and of its children reaped during the session (10 ms ticks).</summary>
    public (double Self, double Children) CpuMs { get; init; }

    public TimeSpan In(string port) => Calls.Where(c => c.Port == port).Aggregate(TimeSpan.Zero, (sum, c) => sum + c.Took);

    /// <summary>Everything but the agent and the checks.</summary>
    public TimeSpan Overhead => Wall - In("agent") - In("checks");
}

/// <summary>
/// Times the port calls and cuts them into sessions. A session's wall time runs from the end of
/// the previous session (or of the baseline) to the end of this one, so picking the next feature
/// and the stop checks between sessions count too. Doubles as the loop's (silent) observer.
/// </summary>
internal sealed class Ledger(GitTrace? trace) : ILoopObserver
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<PortCall> _calls = [];
    private TimeSpan _lapStart;
    private (double Self, double Children) _cpuStart;

    public List<SessionSample> Sessions { get; } = [];

    public List<string> Failures { get; } = [];

    public async Task<T> Time<T>(string port, string method, Func<Task<T>> action)
    {
        var start = _clock.Elapsed;
        try
        {
            return await action().ConfigureAwait(false);
        }
        finally
        {
            _calls.Add(new PortCall(port, method, _clock.Elapsed - start));
        }
    }

    public async Task Time(string port, string method, Func<Task> action) =>
        await Time(port, method, async () => { await action().ConfigureAwait(false); return 0; }).ConfigureAwait(false);

    public T Time<T>(string port, string method, Func<T> action)
    {
        var start = _clock.Elapsed;
        try
        {
            return action();
        }
        finally
        {
            _calls.Add(new PortCall(port, method, _clock.Elapsed - start));
        }
    }

    public void Time(string port, string method, Action action) => Time(port, method, () => { action(); return 0; });

    public void RunStarted(RunState state, bool resumed)
    {
    }

    public void BaselineMeasured(TestTotals? totals, IReadOnlyList<CheckResult> checks)
    {
        _calls.Clear();
        trace?.Take();
        _cpuStart = Cpu();
        _lapStart = _clock.Elapsed;
    }

    public void SessionStarted(int session, Feature feature, FeatureProgress progress)
    {
    }

    public void AgentEvent(int session, AgentEvent evt)
    {
    }

    public void ChecksStarted(int session)
    {
    }

    public void SessionFinished(int session, Feature feature, bool passed, SessionEvidence? evidence, string? commit, RunState state)
    {
        if (!passed)
        {
            Failures.Add($"session {session} failed: {string.Join("; ", evidence?.Verdict.Reasons ?? [])}");
        }

        var now = _clock.Elapsed;
        var cpu = Cpu();
        // Reading the trace is the benchmark's own work: it falls outside the session's wall and CPU time.
        Sessions.Add(new SessionSample(now - _lapStart, [.. _calls], trace?.Take() ?? []) { CpuMs = (cpu.Self - _cpuStart.Self, cpu.Children - _cpuStart.Children) });
        cpu = Cpu();
        _calls.Clear();
        _cpuStart = cpu;
        _lapStart = _clock.Elapsed;
    }

    public void RunFinished(RunSummary summary)
    {
    }

    /// <summary>/proc/self/stat utime+stime and cutime+cstime, in milliseconds (USER_HZ is 100 on Linux).</summary>
    private static (double Self, double Children) Cpu()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        double Ticks(int field) => double.Parse(fields[field - 3], System.Globalization.CultureInfo.InvariantCulture) * 10;
        return (Ticks(14) + Ticks(15), Ticks(16) + Ticks(17));
    }
}
