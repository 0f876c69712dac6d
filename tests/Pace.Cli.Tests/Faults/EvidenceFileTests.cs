using Pace.Cli.Tests.Loop;

namespace Pace.Cli.Tests.Faults;

public sealed class EvidenceFileTests
{
    [Fact]
    public async Task Pace_evidence_of_a_truncated_evidence_file_names_file_line_and_column_and_exits_2_without_a_stack_trace()
    {
        using var project = new LoopProject("A-1");
        project.Implements("A-1");
        (await project.RunAsync("run")).ExitCode.ShouldBe(0);
        var path = Path.Combine(project.Folder, ".pace/sessions/0001/evidence.json");
        var whole = File.ReadAllText(path);
        File.WriteAllText(path, whole[..(whole.Length / 2)]);

        var shown = await project.RunAsync("evidence", "1");
        var listed = await project.RunAsync("evidence");

        shown.ExitCode.ShouldBe(2, shown.ToString());
        shown.Stderr.ShouldMatch(@"\.pace/sessions/0001/evidence\.json:\d+:\d+: error: \S");
        shown.Stderr.ShouldContain("the evidence of session 1 cannot be read; nothing was changed");
        shown.Stderr.ShouldNotContain("internal error");
        shown.Stderr.ShouldNotContain("   at ");
        File.ReadAllText(path).ShouldBe(whole[..(whole.Length / 2)]);
        listed.ExitCode.ShouldBe(0, listed.ToString());
        listed.Stdout.ShouldContain("1  (its evidence file cannot be read: 'pace evidence 1' says where)");
    }
}
