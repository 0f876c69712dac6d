using System.Text;
using Pace.Adapters.Specs;
using Pace.Core.Verification;

namespace Pace.Cli.Commands;

/// <summary>`pace evidence --spec NAME`: every attempt of every task of a spec run, the earliest first.</summary>
internal static class SpecEvidence
{
    public static async Task<int> RunAsync(CliContext context, string name, bool json, CancellationToken cancellationToken)
    {
        var project = await SpecProject.LocateAsync(context, name, cancellationToken).ConfigureAwait(false);
        var attempts = project.Spec.Tasks
            .OrderBy(t => t.Wave)
            .Select(t => (Task: t, Attempts: TaskEvidence.All(project.Layout.SessionFolder(t.Wave, t.Id))))
            .ToList();
        if (json)
        {
            var items = attempts.SelectMany(a => a.Attempts).Select(e => Encoding.UTF8.GetString(EvidenceJson.Serialize(e)));
            context.Out.WriteLine("[" + string.Join(",\n", items) + "]");
            return ExitCodes.Ok;
        }

        if (attempts.All(a => a.Attempts.Count == 0))
        {
            context.Out.WriteLine($"No sessions yet for spec {project.Spec.Name}: run 'pace spec run {project.Spec.Name}'.");
            return ExitCodes.Ok;
        }

        foreach (var (task, evidence) in attempts.Where(a => a.Attempts.Count > 0))
        {
            context.Out.WriteLine($"wave {task.Wave} task {task.Id}: {evidence.Count} attempt(s)");
            for (var n = 0; n < evidence.Count; n++)
            {
                context.Out.WriteLine($"  attempt {n + 1}: {TaskEvidence.Describe(evidence[n])}");
            }
        }

        return ExitCodes.Ok;
    }
}
