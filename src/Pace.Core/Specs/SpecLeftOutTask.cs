namespace Pace.Core.Specs;

/// <summary>
/// A task of the file that Pace does not plan: an infrastructure step of agent-os v4
/// (<c>task_type</c> git-operation, verification, e2e-testing or pr-review: branch, pull request,
/// merge, deliver), which Pace performs itself. <see cref="Reason"/> says what Pace does instead.
/// </summary>
public sealed record SpecLeftOutTask(string Id, string TaskType, string Description, string Reason);
