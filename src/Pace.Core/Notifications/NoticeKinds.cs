namespace Pace.Core.Notifications;

/// <summary>The events Pace notifies, as pace.json's <c>notify.events</c> names them.</summary>
public static class NoticeKinds
{
    public const string RunFinished = "run-finished";
    public const string Stuck = "stuck";
    public const string Paused = "paused";
    public const string Resumed = "resumed";
    public const string Waiting = "waiting";
    public const string BudgetReached = "budget-reached";

    public static IReadOnlyList<string> All { get; } = [RunFinished, Stuck, Paused, Resumed, Waiting, BudgetReached];
}
