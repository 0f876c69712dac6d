namespace Pace.Core.Verification;

/// <summary>An item already passing, with its own <c>verify</c> commands: the project's acceptance suite.</summary>
public sealed record PassingItem(string Id, IReadOnlyList<string> Verify);

/// <summary>
/// Which passing items' <c>verify</c> commands run after a session as regression checks. Up to the
/// cap, all of them; beyond it, a window of <c>cap</c> items that moves on by <c>cap</c> with each
/// session (wrapping), so a long list is covered in turn at a bounded cost per session.
/// </summary>
public static class Regression
{
    public const int DefaultCap = 20;

    public static IReadOnlyList<CheckSpec> Choose(IReadOnlyList<PassingItem> passing, int cap, int session)
    {
        var withChecks = passing.Where(p => p.Verify.Count > 0).ToList();
        if (cap <= 0 || withChecks.Count == 0)
        {
            return [];
        }

        var chosen = withChecks.Count <= cap
            ? withChecks
            : [.. Enumerable.Range(0, cap).Select(i => withChecks[(int)(((long)session * cap + i) % withChecks.Count)])];
        return [.. chosen.SelectMany(item => item.Verify.Select((command, i) =>
            new CheckSpec(item.Verify.Count == 1 ? $"regression {item.Id}" : $"regression {item.Id} {i + 1}", command, CheckSpec.DefaultTimeout)))];
    }
}
