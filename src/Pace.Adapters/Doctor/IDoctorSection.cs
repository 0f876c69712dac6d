namespace Pace.Adapters.Doctor;

/// <summary>
/// One part of Pace's state that `pace doctor` reconciles with git: the feature loop now; the spec
/// executor's state (waves, worktrees, pull requests) is meant to be another section.
/// </summary>
public interface IDoctorSection
{
    Task<IReadOnlyList<DoctorFinding>> ExamineAsync(CancellationToken cancellationToken);
}
