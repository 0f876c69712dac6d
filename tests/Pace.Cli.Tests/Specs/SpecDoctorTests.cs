using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pace.Cli.Tests.Specs;

/// <summary>`pace doctor` on spec runs: each difference between a spec's state, git and the local forge, made by hand in a real repository.</summary>
public sealed class SpecDoctorTests
{
    [Fact]
    public async Task The_doctor_finds_a_completed_spec_run_healthy_and_lists_what_it_checked()
    {
        using var repo = await CompletedAsync();

        var doctor = await repo.RunAsync("doctor", "--json");

        doctor.ExitCode.ShouldBe(0, doctor.ToString());
        using var report = JsonDocument.Parse(doctor.Stdout);
        var spec = report.RootElement.GetProperty("findings").EnumerateArray().Where(f => f.GetProperty("area").GetString() == "spec demo").ToList();
        spec.Select(f => f.GetProperty("check").GetString()).ShouldBe(["state", "branches", "worktrees", "pull requests"]);
        spec.ShouldAllBe(f => f.GetProperty("kind").GetString() == "ok");
        spec[0].GetProperty("found").GetString()!.ShouldContain("COMPLETED, wave 3 of 3, 3 merged");
    }

    [Fact]
    public async Task A_worktree_whose_folder_was_deleted_is_pruned_and_made_again_from_its_branch()
    {
        using var repo = await WaitingAsync(wave: 1);
        var tree = Path.Combine(repo.Folder, ".pace", "worktrees", "demo", "wave-1");
        Directory.Delete(tree, recursive: true);

        var look = await repo.RunAsync("doctor");
        var fix = await repo.RunAsync("doctor", "--fix");

        look.ExitCode.ShouldBe(1, look.ToString());
        look.Stdout.ShouldContain($"[PROBLEM] spec demo/worktrees: git has a worktree at {tree} (feature/demo-wave-1), but its folder is gone");
        look.Stdout.ShouldContain("would: prune it and make it again from its branch feature/demo-wave-1 (pace doctor --fix)");
        fix.ExitCode.ShouldBe(0, fix.ToString());
        fix.Stdout.ShouldContain($"fixed: pruned the worktree {tree} and made it again from feature/demo-wave-1");
        new Loop.LoopProjectGit(tree).Run("rev-parse", "--abbrev-ref", "HEAD").Trim().ShouldBe("feature/demo-wave-1");
        File.Exists(Path.Combine(tree, "a.txt")).ShouldBeTrue();
    }

    [Fact]
    public async Task The_worktree_of_the_wave_under_review_removed_by_hand_is_made_again_from_its_branch()
    {
        using var repo = await WaitingAsync(wave: 1);
        var tree = Path.Combine(repo.Folder, ".pace", "worktrees", "demo", "wave-1");
        repo.Git("worktree", "remove", "--force", tree);

        var look = await repo.RunAsync("doctor");
        var fix = await repo.RunAsync("doctor", "--fix");

        look.ExitCode.ShouldBe(1, look.ToString());
        look.Stdout.ShouldContain($"[PROBLEM] spec demo/worktrees: wave 1 is AWAITING_REVIEW, but its worktree {tree} is not there");
        fix.ExitCode.ShouldBe(0, fix.ToString());
        new Loop.LoopProjectGit(tree).Run("rev-parse", "--abbrev-ref", "HEAD").Trim().ShouldBe("feature/demo-wave-1");
    }

    [Fact]
    public async Task A_folder_among_the_worktrees_that_git_does_not_know_is_left_for_a_person()
    {
        using var repo = await WaitingAsync(wave: 1);
        var stray = repo.Write(".pace/worktrees/demo/wave-7/notes.txt", "mine");

        var fix = await repo.RunAsync("doctor", "--fix");

        fix.ExitCode.ShouldBe(1, fix.ToString());
        fix.Stdout.ShouldContain($"[PROBLEM] spec demo/worktrees: {Path.GetDirectoryName(stray)} is a folder where Pace keeps worktrees, but git has no worktree there");
        fix.Stdout.ShouldContain("->: a person: it may hold work");
        File.ReadAllText(stray).ShouldBe("mine");
    }

    [Fact]
    public async Task A_worktree_left_from_a_cleaned_up_wave_is_removed_when_it_holds_no_change()
    {
        using var repo = await CompletedAsync();
        var tree = Path.Combine(repo.Folder, ".pace", "worktrees", "demo", "wave-1");
        repo.Git("worktree", "add", "-q", "-b", "leftover", tree, "main");

        var fix = await repo.RunAsync("doctor", "--fix");

        fix.ExitCode.ShouldBe(0, fix.ToString());
        fix.Stdout.ShouldContain($"fixed: removed the worktree {tree}");
        Directory.Exists(tree).ShouldBeFalse();
        repo.Git("worktree", "list", "--porcelain").ShouldNotContain(tree);
    }

    [Fact]
    public async Task A_wave_branch_deleted_while_its_pull_request_awaits_review_is_a_problem_for_a_person()
    {
        using var repo = await WaitingAsync(wave: 1);
        repo.Git("worktree", "remove", "--force", Path.Combine(repo.Folder, ".pace", "worktrees", "demo", "wave-1"));
        repo.Git("branch", "-D", "feature/demo-wave-1");

        var fix = await repo.RunAsync("doctor", "--fix");

        fix.ExitCode.ShouldBe(1, fix.ToString());
        fix.Stdout.ShouldContain("[PROBLEM] spec demo/wave branch: wave 1 is AWAITING_REVIEW with PR #1, but its branch feature/demo-wave-1 does not exist");
        fix.Stdout.ShouldContain("->: a person: restore the branch");
        repo.Branches().ShouldNotContain("feature/demo-wave-1");
    }

    [Fact]
    public async Task A_task_branch_deleted_during_review_is_a_note_and_the_run_goes_on()
    {
        using var repo = await WaitingAsync(wave: 1);
        repo.Git("worktree", "remove", "--force", Path.Combine(repo.Folder, ".pace", "worktrees", "demo", "wave-1-a"));
        repo.Git("branch", "-D", "feature/demo-wave-1-task-a");

        var doctor = await repo.RunAsync("doctor");
        (await repo.RunAsync("review", "demo", "approve")).ExitCode.ShouldBe(0);
        var run = await repo.RunAsync("spec", "run", "demo", "--manual");

        doctor.ExitCode.ShouldBe(0, doctor.ToString());
        doctor.Stdout.ShouldContain("[note] spec demo/task branches: the task branch feature/demo-wave-1-task-a of wave 1 is gone before its wave's cleanup");
        run.ExitCode.ShouldBe(3, run.ToString());
        run.Stdout.ShouldContain("PR #2 awaits review");
    }

    [Fact]
    public async Task A_branch_the_state_says_was_deleted_is_kept_on_a_ref_and_deleted()
    {
        using var repo = await CompletedAsync();
        repo.Git("branch", "feature/demo-wave-1-task-a", "main");
        var tip = repo.Git("rev-parse", "main");

        var look = await repo.RunAsync("doctor");
        var fix = await repo.RunAsync("doctor", "--fix");

        look.ExitCode.ShouldBe(1, look.ToString());
        look.Stdout.ShouldContain("[PROBLEM] spec demo/branches: the state says feature/demo-wave-1-task-a was deleted when its wave was cleaned up, but it exists");
        fix.ExitCode.ShouldBe(0, fix.ToString());
        repo.Branches().ShouldBe(["main"]);
        repo.Git("rev-parse", "refs/pace/doctor/demo/feature_demo-wave-1-task-a").ShouldBe(tip);
    }

    [Fact]
    public async Task The_base_branch_deleted_mid_run_is_made_again_at_the_last_waves_squash_merge()
    {
        using var repo = await WaitingAsync(wave: 2);
        var merge = Pull(repo, 1)["merge_commit"]!.GetValue<string>();
        repo.Git("branch", "-D", "feature/demo");

        var look = await repo.RunAsync("doctor");
        var fix = await repo.RunAsync("doctor", "--fix");

        look.ExitCode.ShouldBe(1, look.ToString());
        look.Stdout.ShouldContain("[PROBLEM] spec demo/base branch: the spec's base branch feature/demo does not exist; 1 wave(s) were merged into it");
        fix.ExitCode.ShouldBe(0, fix.ToString());
        repo.Git("rev-parse", "feature/demo").ShouldBe(merge);
    }

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
    public async Task Pull_requests_on_a_remote_forge_are_noted_as_not_checked_rather_than_missing()
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
        doctor.Stdout.ShouldContain("not checked: the doctor works offline");
    }

    [Fact]
    public async Task An_unreadable_spec_state_is_moved_aside_with_fix()
    {
        using var repo = await CompletedAsync();
        File.WriteAllText(repo.StatePath, "{ \"phase\": ");

        var look = await repo.RunAsync("doctor");
        var fix = await repo.RunAsync("doctor", "--fix");

        look.ExitCode.ShouldBe(1, look.ToString());
        look.Stdout.ShouldContain("[PROBLEM] spec demo/state: ");
        look.Stdout.ShouldContain("state.json:1:");
        fix.ExitCode.ShouldBe(0, fix.ToString());
        File.Exists(repo.StatePath).ShouldBeFalse();
        Directory.GetFiles(Path.GetDirectoryName(repo.StatePath)!, "state.json.broken-*").Length.ShouldBe(1);
    }

    private static async Task<SpecRepo> CompletedAsync()
    {
        var repo = new SpecRepo();
        var run = await repo.RunAsync("spec", "run", "demo", "--yes");
        run.ExitCode.ShouldBe(0, run.ToString());
        return repo;
    }

    /// <summary>A person reviews: the run waits with the PR of <paramref name="wave"/> open (wave 1 approved and merged first for wave 2).</summary>
    private static async Task<SpecRepo> WaitingAsync(int wave)
    {
        var repo = new SpecRepo(reviewer: "person");
        for (var w = 1; w <= wave; w++)
        {
            if (w > 1)
            {
                (await repo.RunAsync("review", "demo", "approve")).ExitCode.ShouldBe(0);
            }

            var run = await repo.RunAsync("spec", "run", "demo", "--manual");
            run.ExitCode.ShouldBe(3, run.ToString());
        }

        repo.State().GetProperty("current_wave").GetInt32().ShouldBe(wave);
        return repo;
    }

    private static JsonObject Pull(SpecRepo repo, int number) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(repo.Folder, ".pace", "forge", "pulls", $"{number}.json")))!.AsObject();
}
