using Pace.Core.Verification;

namespace Pace.Core.Loop;

public sealed partial class FeatureLoop
{
    /// <summary>How far back the loop looks for the feature's previous session (sessions of other features in between).</summary>
    private const int FeedbackLookBack = 50;

    private const int FeedbackOutputLines = 15;

    /// <summary>
    /// Why the feature's previous session failed, for the next prompt ({{previous_attempt}}): the
    /// verdict's reasons, the end of the first failing check's output and the ref holding the attempt,
    /// so a retry is not a blind repeat. Null when the feature has no failed session before this one.
    /// </summary>
    private string? PreviousAttempt(string featureId, int number)
    {
        for (var n = number - 1; n >= Math.Max(1, number - FeedbackLookBack); n--)
        {
            if (_context.Store.LoadEvidence(n) is not { } evidence || evidence.ItemId != featureId)
            {
                continue;
            }

            return evidence.Verdict.Passed ? null : Describe(evidence);
        }

        return null;
    }

    internal static string Describe(SessionEvidence evidence)
    {
        var lines = new List<string> { $"Session {evidence.Session} worked on this feature and failed Pace's verification:" };
        lines.AddRange(evidence.Verdict.Reasons.Select(r => "- " + r));
        if (evidence.Checks.FirstOrDefault(c => !c.Passed && c.OutputTail.Length > 0) is { } failing)
        {
            var tail = failing.OutputTail.TrimEnd('\n').Split('\n');
            lines.Add($"The end of the output of '{failing.Command}':");
            lines.AddRange(tail.Skip(Math.Max(0, tail.Length - FeedbackOutputLines)).Select(l => "    " + l));
        }

        if (evidence.AttemptRef is { } attempt)
        {
            lines.Add($"Its work is kept on {attempt} (git diff {evidence.BaseCommit[..Math.Min(7, evidence.BaseCommit.Length)]} {attempt}); the tree is back at the base.");
        }

        return string.Join("\n", lines);
    }
}
