using Pace.Core.Waves;

namespace Pace.Core.Tests.Waves;

/// <summary>An effect's text is the detail of its journal line (SpecExecutor).</summary>
public sealed class SpecEffectTextTests
{
    [Fact]
    public void Journal_lines_of_effects_print_the_items_of_their_lists_not_a_list_type_name()
    {
        List<string> ids = ["1.1", "1.2"];
        SpecEffect[] effects =
        [
            new MergeTaskBranches(1, "feature/demo-wave-1", ids),
            new AddressReview(7, "feature/demo-wave-1", ["fix a", "fix b"], 2),
            new CleanupBranches(1, ["pace/demo/1.1", "feature/demo-wave-1"]),
        ];

        var texts = effects.Select(e => e.ToString()).ToList();

        texts.ShouldBe([
            "MergeTaskBranches { Wave = 1, WaveBranch = feature/demo-wave-1, TaskIds = [1.1, 1.2] }",
            "AddressReview { PrNumber = 7, WaveBranch = feature/demo-wave-1, Comments = [fix a, fix b], Cycle = 2 }",
            "CleanupBranches { Wave = 1, Branches = [pace/demo/1.1, feature/demo-wave-1] }",
        ]);
    }
}
