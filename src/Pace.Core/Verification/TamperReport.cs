namespace Pace.Core.Verification;

/// <summary>Guarded paths a session touched, each list sorted and without duplicates.</summary>
public sealed record TamperReport(
    IReadOnlyList<string> OwnedPathsTouched,
    IReadOnlyList<string> ProtectedTestsDeleted,
    IReadOnlyList<string> ProtectedTestsChanged)
{
    public static readonly TamperReport Clean = new([], [], []);

    public bool IsClean => OwnedPathsTouched.Count == 0 && ProtectedTestsDeleted.Count == 0 && ProtectedTestsChanged.Count == 0;
}
