using Pace.Core.Loop;
using Pace.Core.Tests.Features;

namespace Pace.Core.Tests.Loop;

public sealed class PromptBuilderTests
{
    [Fact]
    public void A_feature_that_depends_on_others_is_told_which_features_it_builds_on()
    {
        var list = Lists.Valid(Lists.Pace(
            Lists.Feature("API-1", passes: true, description: "Token endpoint"),
            Lists.Feature("UI-2", description: "Login form").Replace("\"passes\": false", "\"passes\": false, \"depends_on\": [\"API-1\"]", StringComparison.Ordinal),
            Lists.Feature("DOC-3")));

        var login = PromptBuilder.Build(null, list.Find("UI-2")!, null, [], []);
        var docs = PromptBuilder.Build(null, list.Find("DOC-3")!, null, [], []);
        var templated = PromptBuilder.Build("needs: {{feature_depends_on}}", list.Find("UI-2")!, null, [], []);

        login.ShouldContain("It builds on these features (they pass: use their code, do not redo it):\n- API-1: Token endpoint\n");
        docs.ShouldContain("It builds on these features (they pass: use their code, do not redo it):\n(none: it depends on no other feature)\n");
        templated.ShouldBe("needs: - API-1: Token endpoint");
    }
}
