namespace Pace.Adapters.Doctor;

/// <summary>
/// One part of Pace's state that `pace doctor` reconciles with git: the feature loop (<see cref="LoopDoctor"/>)
/// and the spec runs with the local forge (<see cref="SpecDoctor"/>).
/// </summary>
public interface IDoctorSection
{
    Task<IReadOnlyList<DoctorFinding>> ExamineAsync(CancellationToken cancellationToken);
}
