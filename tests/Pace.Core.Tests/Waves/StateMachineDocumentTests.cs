using Pace.Core.Waves;

namespace Pace.Core.Tests.Waves;

public sealed class StateMachineDocumentTests
{
    [Fact]
    public void The_committed_state_machine_document_matches_the_transition_table()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Pace.slnx")))
        {
            root = root.Parent;
        }

        root.ShouldNotBeNull("the tests run inside the repository");
        var path = Path.Combine(root.FullName, "docs", "spec-state-machine.md");
        var generated = SpecStateDiagram.Render();
        if (Environment.GetEnvironmentVariable("PACE_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, generated);
        }

        var committed = File.Exists(path) ? File.ReadAllText(path) : "";
        committed.ShouldBe(generated, $"docs/spec-state-machine.md is out of date; regenerate it from the repository root with: {SpecStateDiagram.RegenerateCommand}");
    }

    [Fact]
    public void Every_phase_but_init_can_be_reached_and_every_phase_but_completed_can_be_left()
    {
        var transitions = SpecMachine.Transitions;

        foreach (var phase in Enum.GetValues<SpecPhase>())
        {
            if (phase != SpecPhase.Init)
            {
                transitions.ShouldContain(t => t.To == phase && t.From != phase, $"{phase} is reachable");
            }

            transitions.ShouldContain(t => t.From == phase && t.To != phase, $"{phase} can be left");
        }
    }
}
