using Pace.Core.Features;

namespace Pace.Cli.Output;

/// <summary>Line-by-line output for pipes, logs and CI: stable, greppable, no colour or layout.</summary>
internal static class PlainOutput
{
    /// <param name="none">Why no feature is next while some fail (NextWork.NoneText).</param>
    public static void Status(TextWriter output, FeatureList list, Feature? next, string none = "every failing feature is stuck")
    {
        var progress = list.Progress;
        if (list.ProjectName is { } name)
        {
            output.WriteLine($"Project: {name}");
        }

        output.WriteLine($"Progress: {progress.Passing}/{progress.Total} ({progress.Percentage:0.0}%)");
        output.WriteLine($"Passing: {progress.Passing}");
        output.WriteLine($"Failing: {progress.Failing}");
        output.WriteLine(next is not null ? $"Next: {Describe(next)}" : progress.IsComplete ? "All features pass." : $"Next: none; {none}.");
    }

    public static void Next(TextWriter output, FeatureList list, Feature? next, string none = "every failing feature is stuck")
    {
        var progress = list.Progress;
        if (next is null)
        {
            output.WriteLine(progress.IsComplete
                ? $"All features pass ({progress.Passing}/{progress.Total})."
                : $"{NextWork.Sentence(none)} ({progress.Passing}/{progress.Total} pass).");
            return;
        }

        output.WriteLine($"Next: {Describe(next)}");
        output.WriteLine($"Category: {next.Category}");
        for (var i = 0; i < next.Steps.Count; i++)
        {
            output.WriteLine($"  {i + 1}. {next.Steps[i]}");
        }

        output.WriteLine($"Progress: {progress.Passing}/{progress.Total} ({progress.Percentage:0.0}%), {progress.Failing} remaining");
    }

    public static string Describe(Feature feature) =>
        feature.Priority is { } priority
            ? $"{feature.Id} ({priority.Name()}) {feature.Description}"
            : $"{feature.Id} {feature.Description}";
}
