namespace Pace.Core.Verification;

/// <summary>
/// Pace's decision on a session. <paramref name="Reasons"/> lists every reason it failed (empty when it
/// passed); <see cref="Notes"/> records what was seen without deciding anything (owned paths undone,
/// changed tests, a false claim of success).
/// </summary>
public sealed record Verdict(bool Passed, IReadOnlyList<string> Reasons)
{
    /// <summary>Observations worth keeping that do not fail the session.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The agent said it succeeded and verification failed.</summary>
    public bool ClaimedSuccessFalsely { get; init; }

    /// <summary>The test totals summed over the checks that reported them; null when none did.</summary>
    public TestTotals? Totals { get; init; }

    /// <summary>
    /// This verdict with a caller's own reasons added (<paramref name="passed"/> and <paramref name="reasons"/>
    /// are the final word); notes and totals stay, and a failed session whose agent claimed success says so.
    /// </summary>
    public Verdict Judged(bool passed, IReadOnlyList<string> reasons, bool claimsSuccess)
    {
        var falseClaim = claimsSuccess && !passed;
        var notes = Notes.ToList();
        if (falseClaim && !ClaimedSuccessFalsely)
        {
            notes.Add("the agent claimed success falsely");
        }

        return this with { Passed = passed, Reasons = reasons, Notes = notes, ClaimedSuccessFalsely = falseClaim };
    }
}
