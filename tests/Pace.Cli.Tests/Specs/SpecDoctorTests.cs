using System.Text.Json;
using static Pace.Cli.Tests.Specs.SpecRunStates;

namespace Pace.Cli.Tests.Specs;

/// <summary>`pace doctor` on spec runs against git: the state file, branches and worktrees, each difference made by hand in a real repository.</summary>
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
}
