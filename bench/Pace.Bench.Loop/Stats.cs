using System.Globalization;

namespace Pace.Bench.Loop;

/// <summary>Median, p90 and spread of a sample, in milliseconds.</summary>
internal sealed record Stats(int Count, double Median, double P90, double Min, double Max, double Mean, double StdDev)
{
    public static Stats Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return new Stats(0, 0, 0, 0, 0, 0, 0);
        }

        var mean = sorted.Average();
        var variance = sorted.Sum(v => (v - mean) * (v - mean)) / Math.Max(1, sorted.Length - 1);
        return new Stats(sorted.Length, Quantile(sorted, 0.5), Quantile(sorted, 0.9), sorted[0], sorted[^1], mean, Math.Sqrt(variance));
    }

    public string Row(string name) => string.Create(
        CultureInfo.InvariantCulture,
        $"| {name} | {Median:0.0} | {P90:0.0} | {Min:0.0} | {Max:0.0} | {Mean:0.0} | {StdDev:0.0} |");

    public const string Header = "| ms per session | median | p90 | min | max | mean | std dev |\n|---|---:|---:|---:|---:|---:|---:|";

    private static double Quantile(double[] sorted, double q)
    {
        var position = (sorted.Length - 1) * q;
        var low = (int)Math.Floor(position);
        var high = (int)Math.Ceiling(position);
        return sorted[low] + ((sorted[high] - sorted[low]) * (position - low));
    }
}
