using Pace.Cli.Tests.Faults;

namespace Pace.Cli.Tests.Loop;

/// <summary>pace.json is read once and whole: a wrong value in any section stops any command that reads it, before anything happens.</summary>
public sealed class PaceJsonTests
{
    [Fact]
    public async Task A_wrong_spec_setting_stops_pace_run_with_exit_2_and_its_line_before_any_session()
    {
        using var project = new LoopProject("A-1");
        project.Implements("A-1");
        Sessions.Configure(project, "\"pace\": {", "\"pace\": {\n    \"spec\": { \"maxParallel\": 0 },");

        var run = await project.RunAsync("run", "--until-complete");

        run.ExitCode.ShouldBe(2, run.ToString());
        run.Stderr.ShouldContain($"{Path.Combine(project.Folder, "pace.json")}:3:");
        run.Stderr.ShouldContain("pace.spec.maxParallel must be a whole number from 1");
        project.Exists(".pace/run/state.json").ShouldBeFalse();
        project.Subjects().Count.ShouldBe(2);
    }
}
