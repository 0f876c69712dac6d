using Pace.Core.Diagnostics;
using Pace.Core.Ports;
using Pace.Core.Verification;

namespace Pace.Core.Plans;

/// <summary>
/// Runs each <c>verify</c> command of a plan on the current tree: one that already passes before
/// the work is done proves nothing about the work, so it is a problem of the plan.
/// </summary>
public static class PlanVerifyProbe
{
    public static async Task<PlanLintResult> RunAsync(PlanLintResult result, ICheckRunner checks, string folder, string outputFolder, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(checks);
        if (result.Verify.Count == 0)
        {
            return result;
        }

        var found = new List<Diagnostic>(result.Diagnostics);
        var n = 0;
        foreach (var verify in result.Verify)
        {
            var check = new CheckSpec($"plan-verify-{++n}", verify.Command, timeout);
            var run = await checks.RunAsync(check, folder, outputFolder, cancellationToken).ConfigureAwait(false);
            if (run.Passed)
            {
                found.Add(Diagnostic.Error(verify.File, verify.At, $"\"{verify.Subject}\": verify command \"{verify.Command}\" already passes on the current tree, so it proves nothing; give a command that fails until the item is built")
                    with { Subject = verify.Subject, Field = "verify" });
            }
        }

        return result with { Diagnostics = [.. found.OrderBy(d => d.Line ?? 0).ThenBy(d => d.Column ?? 0)] };
    }
}
