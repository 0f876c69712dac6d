using Pace.Core.Git;

namespace Pace.Core.Tests.Git;

/// <summary>The names are a format users and their scripts see (docs/faults.md, docs/specs.md): they may not drift.</summary>
public sealed class RefNamesTests
{
    [Fact]
    public void A_spec_run_makes_its_branches_under_feature_slash_the_spec_name()
    {
        RefNames.SpecBranch("ui").ShouldBe("feature/ui");
        RefNames.WaveBranch("ui", 2).ShouldBe("feature/ui-wave-2");
        RefNames.TaskBranch("ui", 2, "1.3 login/form").ShouldBe("feature/ui-wave-2-task-1.3_login_form");
    }

    [Theory]
    [InlineData("feature/ui", true)]
    [InlineData("feature/ui-wave-2", true)]
    [InlineData("feature/ui-wave-2-task-a", true)]
    [InlineData("feature/uix", false)]
    [InlineData("feature/ui-other", false)]
    [InlineData("main", false)]
    public void A_spec_owns_its_branch_and_its_waves_and_tasks_branches_and_no_other(string branch, bool owned) =>
        RefNames.IsSpecBranch("ui", branch).ShouldBe(owned);

    [Fact]
    public void Kept_work_goes_under_refs_pace_by_kind_then_feature_or_spec_and_item()
    {
        RefNames.Session(RefNames.Attempts, "AUTH-002", 3).ShouldBe("refs/pace/attempts/AUTH-002/3");
        RefNames.Session(RefNames.Interrupted, "a b", 1).ShouldBe("refs/pace/interrupted/a_b/1");
        RefNames.Feature(RefNames.Evaluated, "F-7").ShouldBe("refs/pace/evaluated/F-7");
        RefNames.SpecItem(RefNames.SpecAttempts, "demo", "c").ShouldBe("refs/pace/spec-attempts/demo/c");
        RefNames.SpecItem(RefNames.Doctor, "demo", "feature/demo-wave-1-task-a").ShouldBe("refs/pace/doctor/demo/feature_demo-wave-1-task-a");
        RefNames.Retired("demo", 1).ShouldBe("refs/pace/retired/demo/wave-1");
    }

    [Theory]
    [InlineData("plain-id_1.2", "plain-id_1.2")]
    [InlineData("../escape", "_escape")]
    [InlineData("..", "")]
    [InlineData("a:b~c^d?e*f[g", "a_b_c_d_e_f_g")]
    [InlineData("é", "_")]
    public void An_id_keeps_only_what_git_and_file_names_accept(string id, string safe) =>
        RefNames.Safe(id).ShouldBe(safe);
}
