using Pace.Core.Verification;

namespace Pace.Core.Tests.Verification;

public sealed class RegressionTests
{
    private static readonly PassingItem[] Five = [.. Enumerable.Range(1, 5).Select(i => new PassingItem($"F{i}", [$"check {i}"]))];

    [Fact]
    public void Up_to_the_cap_every_passing_item_with_verify_commands_is_checked_by_name()
    {
        var checks = Regression.Choose([new PassingItem("A", ["a1", "a2"]), new PassingItem("B", []), new PassingItem("C", ["c"])], cap: 20, session: 7);

        checks.Select(c => (c.Name, c.Command)).ShouldBe([("regression A 1", "a1"), ("regression A 2", "a2"), ("regression C", "c")]);
    }

    [Fact]
    public void Beyond_the_cap_each_session_checks_the_next_items_in_turn()
    {
        Regression.Choose(Five, cap: 2, session: 0).Select(c => c.Command).ShouldBe(["check 1", "check 2"]);
        Regression.Choose(Five, cap: 2, session: 1).Select(c => c.Command).ShouldBe(["check 3", "check 4"]);
        Regression.Choose(Five, cap: 2, session: 2).Select(c => c.Command).ShouldBe(["check 5", "check 1"]);
    }

    [Fact]
    public void A_cap_of_zero_turns_regression_checks_off() =>
        Regression.Choose(Five, cap: 0, session: 3).ShouldBeEmpty();
}
