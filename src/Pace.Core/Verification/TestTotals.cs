namespace Pace.Core.Verification;

/// <summary>How many tests a runner reported as passed, failed and skipped.</summary>
public sealed record TestTotals(int Passed, int Failed, int Skipped)
{
    public static readonly TestTotals None = new(0, 0, 0);

    public int Total => Passed + Failed + Skipped;

    public TestTotals Add(TestTotals other) => new(Passed + other.Passed, Failed + other.Failed, Skipped + other.Skipped);

    public override string ToString() => $"{Passed} passed, {Failed} failed, {Skipped} skipped ({Total} total)";
}
