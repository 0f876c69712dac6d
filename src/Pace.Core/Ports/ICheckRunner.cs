using Pace.Core.Verification;

namespace Pace.Core.Ports;

/// <summary>
/// Runs one check in a working tree with its timeout, writes the output to a log file in
/// <c>outputFolder</c>, and reads test totals from it. A failing, timed-out or unstartable check is a
/// result, not an exception; cancellation kills the check and throws <see cref="OperationCanceledException"/>.
/// </summary>
public interface ICheckRunner
{
    Task<CheckResult> RunAsync(CheckSpec check, string workingFolder, string outputFolder, CancellationToken cancellationToken);
}
