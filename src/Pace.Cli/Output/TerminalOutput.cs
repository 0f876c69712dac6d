using Pace.Core.Features;
using Spectre.Console;

namespace Pace.Cli.Output;

/// <summary>Output for a person at a terminal: a progress bar and tables. Kept apart so pipes never load Spectre.</summary>
internal static class TerminalOutput
{
    private const int NextUpRows = 5;

    public static void Status(TextWriter output, FeatureList list, IReadOnlyList<Feature> workable, string none)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        var progress = list.Progress;
        if (list.ProjectName is { } name)
        {
            console.MarkupLine($"[bold]{Markup.Escape(name)}[/]");
        }

        const int width = 40;
        var filled = progress.Total == 0 ? 0 : progress.Passing * width / progress.Total;
        console.MarkupLine($"[green]{new string('█', filled)}[/][grey]{new string('░', width - filled)}[/] {progress.Passing}/{progress.Total} ({progress.Percentage:0.0}%)");

        var byPriority = new Table().Border(TableBorder.Rounded).AddColumns("Priority", "Passing", "Failing", "Total");
        foreach (var group in list.Features.GroupBy(f => f.Priority).OrderBy(g => g.Key ?? Priority.Critical))
        {
            var passing = group.Count(f => f.Passes);
            var total = group.Count();
            byPriority.AddRow(group.Key?.Name() ?? "(by position)", passing.ToString(), (total - passing).ToString(), total.ToString());
        }

        console.Write(byPriority);

        var failing = workable.Take(NextUpRows).ToList();
        if (failing.Count == 0)
        {
            console.MarkupLine(progress.IsComplete ? "[green]All features pass.[/]" : $"[yellow]{NextWork.Sentence(none)}.[/]");
            return;
        }

        var nextUp = new Table().Border(TableBorder.Rounded).Title("Next up").AddColumns("Id", "Priority", "Category", "Description");
        foreach (var feature in failing)
        {
            nextUp.AddRow(
                Markup.Escape(feature.Id.Value),
                feature.Priority?.Name() ?? "",
                Markup.Escape(feature.Category),
                Markup.Escape(feature.Description));
        }

        console.Write(nextUp);
    }
}
