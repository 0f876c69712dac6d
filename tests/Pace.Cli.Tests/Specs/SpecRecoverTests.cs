namespace Pace.Cli.Tests.Specs;

public sealed class SpecRecoverTests
{
    [Fact]
    public async Task Spec_recover_on_a_cut_short_state_file_keeps_a_copy_and_starts_the_spec_again()
    {
        using var repo = await SpecRunStates.WaitingAsync(wave: 1);
        var whole = File.ReadAllBytes(repo.StatePath);
        var cut = whole[..(whole.Length / 2)];
        File.WriteAllBytes(repo.StatePath, cut);

        var status = await repo.RunAsync("spec", "status", "demo");
        var recover = await repo.RunAsync("spec", "recover", "demo", "--manual");

        status.ExitCode.ShouldBe(2, status.ToString());
        status.Stderr.ShouldContain("not a valid spec state file");
        status.Stderr.ShouldContain("'pace spec recover demo' starts the spec over from wave 1 and keeps a copy of this file");
        recover.ExitCode.ShouldBe(3, recover.ToString());
        var copies = Directory.GetFiles(Path.GetDirectoryName(repo.StatePath)!, "state.json.broken-*");
        var copy = copies.ShouldHaveSingleItem();
        File.ReadAllBytes(copy).ShouldBe(cut);
        recover.Stdout.ShouldContain($"kept it as {copy} and started the spec over from wave 1.");
        recover.Stdout.ShouldContain("PR #1 awaits review");
        repo.State().GetProperty("phase").GetString().ShouldBe("AWAITING_REVIEW");
        repo.State().GetProperty("current_wave").GetInt32().ShouldBe(1);
        File.ReadAllText(repo.JournalPath).ShouldContain("\"step\":\"state-set-aside\"");
    }
}
