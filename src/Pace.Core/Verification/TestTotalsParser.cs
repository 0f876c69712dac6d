namespace Pace.Core.Verification;

/// <summary>Test totals from a whole output at once; see <see cref="TestTotalsReader"/> for what is understood.</summary>
public static class TestTotalsParser
{
    public static TestTotals? Parse(string output)
    {
        var reader = new TestTotalsReader();
        foreach (var line in output.AsSpan().EnumerateLines())
        {
            reader.Read(line.ToString());
        }

        return reader.Totals;
    }

    public static TestTotals? Parse(IEnumerable<string> lines)
    {
        var reader = new TestTotalsReader();
        foreach (var line in lines)
        {
            reader.Read(line);
        }

        return reader.Totals;
    }
}
