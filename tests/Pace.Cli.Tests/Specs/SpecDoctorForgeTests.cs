using System.Text.Json.Nodes;
using static Pace.Cli.Tests.Specs.SpecRunStates;

namespace Pace.Cli.Tests.Specs;

/// <summary>`pace doctor` on spec runs against the local forge: pull request records and the commits merged waves left, each difference made by hand.</summary>
public sealed class SpecDoctorForgeTests
{
    [Fact]
    public async Task A_merged_waves_commit_missing_from_the_base_branch_is_a_problem_for_a_person()
    {
        using var repo = await WaitingAsync(wave: 2);
        repo.Git("branch", "-f", "feature/demo", "main");

        var fix = await repo.RunAsync("doctor", "--fix");

        fix.ExitCode.ShouldBe(1, fix.ToString());
        fix.Stdout.ShouldContain("[PROBLEM] spec demo/merged commits: commit ");
        fix.Stdout.ShouldContain("the merge of wave 1 (PR #1), is not on feature/demo");
        repo.Git("rev-parse", "feature/demo").ShouldBe(repo.Git("rev-parse", "main"));
    }

    [Fact]
    public async Task A_pull_request_the_state_names_but_the_forge_lacks_is_a_problem_for_a_person()
    {
        using var repo = await CompletedAsync();
        File.Delete(Path.Combine(repo.Folder, ".pace", "forge", "pulls", "2.json"));

        var fix = await repo.RunAsync("doctor", "--fix");

        fix.ExitCode.ShouldBe(1, fix.ToString());
        fix.Stdout.ShouldContain("[PROBLEM] spec demo/pull requests: the state names PR #2 of wave 2, but the forge has no record");
    }

    [Fact]
    public async Task A_pull_request_still_open_for_a_merged_wave_is_marked_merged_by_its_squash_commit()
    {
        using var repo = await WaitingAsync(wave: 2);
        var record = Pull(repo, 1);
        var merge = record["merge_commit"]!.GetValue<string>();
        record["status"] = "Open";
        record["merge_commit"] = null;
        File.WriteAllText(Path.Combine(repo.Folder, ".pace", "forge", "pulls", "1.json"), record.ToJsonString());

        var look = await repo.RunAsync("doctor");
        var fix = await repo.RunAsync("doctor", "--fix");

        look.ExitCode.ShouldBe(1, look.ToString());
        look.Stdout.ShouldContain("[PROBLEM] spec demo/pull requests: PR #1 is open on the forge, but the state says wave 1 is merged");
        fix.ExitCode.ShouldBe(0, fix.ToString());
        Pull(repo, 1)["status"]!.GetValue<string>().ShouldBe("Merged");
        Pull(repo, 1)["merge_commit"]!.GetValue<string>().ShouldBe(merge);
    }

    [Fact]
    public async Task An_open_pull_request_whose_head_branch_is_gone_is_marked_closed()
    {
        using var repo = await CompletedAsync();
        var record = Pull(repo, 3);
        record["number"] = 4;
        record["status"] = "Open";
        record["head"] = "feature/demo-wave-9";
        File.WriteAllText(Path.Combine(repo.Folder, ".pace", "forge", "pulls", "4.json"), record.ToJsonString());

        var look = await repo.RunAsync("doctor");
        var fix = await repo.RunAsync("doctor", "--fix");

        look.ExitCode.ShouldBe(1, look.ToString());
        look.Stdout.ShouldContain("[PROBLEM] forge/pull requests: PR #4 is open, but its head branch feature/demo-wave-9 is gone");
        fix.ExitCode.ShouldBe(0, fix.ToString());
        Pull(repo, 4)["status"]!.GetValue<string>().ShouldBe("Closed");
    }

    [Fact]
    public async Task Pull_requests_on_a_remote_forge_the_project_is_not_set_up_for_are_noted_as_not_checked_rather_than_missing()
    {
        using var repo = await CompletedAsync();
        var state = JsonNode.Parse(File.ReadAllText(repo.StatePath))!.AsObject();
        state["pr_url"] = "https://github.com/o/r/pull/3";
        foreach (var wave in state["history"]!.AsArray())
        {
            wave!["pr_url"] = $"https://github.com/o/r/pull/{wave["pr_number"]}";
        }

        File.WriteAllText(repo.StatePath, state.ToJsonString());
        Directory.Delete(Path.Combine(repo.Folder, ".pace", "forge"), recursive: true);

        var doctor = await repo.RunAsync("doctor");

        doctor.ExitCode.ShouldBe(0, doctor.ToString());
        doctor.Stdout.ShouldContain("[note] spec demo/pull requests: the spec's pull requests are on a remote forge (https://github.com/o/r/pull/");
        doctor.Stdout.ShouldContain("not checked: the project is not set up for that forge (pace.forge)");
    }
}
