using System.Text;

namespace Pace.Core.Waves;

/// <summary>Renders docs/spec-state-machine.md from <see cref="SpecMachine.Transitions"/>.</summary>
public static class SpecStateDiagram
{
    public const string RegenerateCommand =
        "PACE_UPDATE_DOCS=1 tests/Pace.Core.Tests/bin/Release/net10.0/Pace.Core.Tests -method \"*state_machine_document*\"";

    public static string Render()
    {
        var transitions = SpecMachine.Transitions;
        var text = new StringBuilder();
        text.Append("# The spec state machine\n\n");
        text.Append("<!-- Generated from SpecMachine.Transitions by SpecStateDiagram.Render(); do not edit by hand.\n");
        text.Append("     Regenerate after a build: ").Append(RegenerateCommand).Append(" -->\n\n");
        text.Append("`SpecMachine.Decide(state, event)` returns the next state and the effects to perform; it checks\n");
        text.Append("every decision against this table, so the table is what the code does. Events not listed for a\n");
        text.Append("phase are ignored (the decision says why), as are events for another wave than the current one.\n\n");
        text.Append("```mermaid\nstateDiagram-v2\n");
        text.Append("    [*] --> INIT\n");
        foreach (var edge in transitions.GroupBy(t => (t.From, t.To)).OrderBy(g => g.Key.From).ThenBy(g => g.Key.To))
        {
            var events = string.Join(", ", edge.Select(t => t.Event).Distinct());
            text.Append("    ").Append(edge.Key.From.Name()).Append(" --> ").Append(edge.Key.To.Name()).Append(" : ").Append(events).Append('\n');
        }

        text.Append("    COMPLETED --> [*]\n```\n\n");
        text.Append("| From | Event | When | To | Effects |\n|---|---|---|---|---|\n");
        foreach (var t in transitions)
        {
            var effects = t.Effects.Count == 0 ? "-" : string.Join(", ", t.Effects);
            text.Append($"| {t.From.Name()} | {t.Event} | {t.Guard ?? ""} | {t.To.Name()} | {effects} |\n");
        }

        return text.ToString();
    }
}
