using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Pace.Core.Features;
using Pace.Core.Verification;

namespace Pace.Core.Loop;

/// <summary>
/// The failed sessions of one feature, kept in the run state (never in feature_list.json). A stuck
/// feature is set aside: the run takes the next workable one, and `pace run --retry-stuck` clears it.
/// </summary>
/// <param name="Signature">A fingerprint of the last failure (its reasons and the failing checks' output, numbers masked).</param>
public sealed record FeatureAttempts(string FeatureId, int Failures, IReadOnlyList<string> LastReasons, string? Signature, bool Stuck);

/// <summary>A failing feature that is not taken yet: the features it depends on that do not pass.</summary>
public sealed record FeatureWait(string FeatureId, IReadOnlyList<string> WaitsOn);

/// <summary>The per-feature attempt rules of the loop: when a feature is stuck, which one comes next, when the failures in a row stop a run.</summary>
public static partial class StuckRules
{
    public const int DefaultMaxAttempts = 3;

    /// <summary>The first failing feature in priority order that is not set aside and whose dependencies all pass.</summary>
    public static Feature? NextWorkable(FeatureList list, RunState state) =>
        Scheduling.FeatureReadiness.Startable(list, id => IsStuck(state, id), NoneRunning).FirstOrDefault();

    private static readonly HashSet<string> NoneRunning = [];

    /// <summary>The failing features, not stuck, that wait on a dependency that does not pass (stuck, or still to do).</summary>
    public static IReadOnlyList<FeatureWait> Waiting(RunState state, FeatureList list) =>
        [.. FeatureOrder.Waiting(list, f => IsStuck(state, f.Id.Value))
            .Select(w => new FeatureWait(w.Feature.Id.Value, [.. w.WaitsOn.Select(d => d.Id.Value)]))];

    public static bool IsStuck(RunState state, string featureId) => state.Attempts.Any(a => a.FeatureId == featureId && a.Stuck);

    /// <summary>The stuck features that still fail, in the order they were tried.</summary>
    public static IReadOnlyList<FeatureAttempts> StillStuck(RunState state, FeatureList list) =>
        state.Attempts.Where(a => a.Stuck && list.Find(a.FeatureId) is { Passes: false }).ToList();

    /// <summary>
    /// --max-failures: failed sessions in a row, across features (a broken environment). Failures in a
    /// row that all belong to one feature now set aside as stuck were that feature's own limit, not the
    /// environment's: the run goes on with the next feature.
    /// </summary>
    public static bool TooManyFailures(RunState state) =>
        state.ConsecutiveFailures >= state.Options.MaxFailures
        && !(state.FailureStreak.Count == 1 && IsStuck(state, state.FailureStreak[0]));

    /// <summary>The state after a session's outcome: a pass forgets the feature's failures; a failure counts, and may set the feature aside.</summary>
    public static RunState Recorded(RunState state, string featureId, bool passed, IReadOnlyList<string> reasons, SessionEvidence? evidence)
    {
        var others = state.Attempts.Where(a => a.FeatureId != featureId).ToList();
        if (passed)
        {
            return state with { Attempts = others, FailureStreak = [] };
        }

        var before = state.Attempts.FirstOrDefault(a => a.FeatureId == featureId);
        var signature = Signature(reasons, evidence);
        var failures = (before?.Failures ?? 0) + 1;
        var repeated = before?.Signature is { } last && last == signature;
        var entry = new FeatureAttempts(featureId, failures, reasons, signature, failures >= state.Options.MaxAttemptsPerFeature || repeated);
        // A pass empties the streak, so it holds exactly the features of the failures in a row.
        var streak = state.FailureStreak;
        return state with
        {
            Attempts = [.. others, entry],
            FailureStreak = streak.Contains(featureId) ? streak : [.. streak, featureId],
        };
    }

    /// <summary>`pace run --retry-stuck`: the stuck features start again with no failures counted.</summary>
    public static RunState Unstuck(RunState state) => state with { Attempts = state.Attempts.Where(a => !a.Stuck).ToList() };

    /// <summary>
    /// The same failing tests or the same error give the same signature: the reasons and the failing
    /// checks' output tails, with numbers (durations, counts of runs, ports) masked.
    /// </summary>
    public static string Signature(IReadOnlyList<string> reasons, SessionEvidence? evidence)
    {
        var text = new StringBuilder();
        foreach (var reason in reasons)
        {
            text.Append(reason).Append('\n');
        }

        foreach (var check in evidence?.Checks.Where(c => !c.Passed) ?? [])
        {
            text.Append(check.Name).Append('\n').Append(check.OutputTail).Append('\n');
        }

        var masked = Numbers().Replace(text.ToString(), "#");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(masked)))[..16];
    }

    [GeneratedRegex("[0-9]+")]
    private static partial Regex Numbers();
}
