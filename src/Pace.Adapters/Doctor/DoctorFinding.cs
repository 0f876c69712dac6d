namespace Pace.Adapters.Doctor;

public enum FindingKind
{
    /// <summary>As it should be; listed so the report shows what was checked.</summary>
    Ok,

    /// <summary>Worth knowing, nothing to do (an interrupted session that `pace run` resumes, a lost attempt ref).</summary>
    Note,

    /// <summary>Differs from what it should be: `pace doctor` exits 1 while one remains.</summary>
    Problem,
}

/// <summary>
/// One thing `pace doctor` checked: what it found, and what it would do about it (or what a person
/// must do). <see cref="Repair"/> is set when the doctor can repair it safely with --fix; it returns
/// what it did. <see cref="BlocksRun"/> marks what `pace run` must not resume over.
/// </summary>
public sealed record DoctorFinding(string Area, string Check, FindingKind Kind, string Found, string Action)
{
    public Func<CancellationToken, Task<string>>? Repair { get; init; }

    public bool BlocksRun { get; init; }

    public static DoctorFinding Ok(string area, string check, string found) => new(area, check, FindingKind.Ok, found, "");
}
