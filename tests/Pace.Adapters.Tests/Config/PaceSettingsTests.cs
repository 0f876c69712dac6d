using System.Text;
using Pace.Adapters.Config;
using Pace.Adapters.Forges;
using Pace.Core.Diagnostics;
using Pace.Core.Verification;

namespace Pace.Adapters.Tests.Config;

public sealed class PaceSettingsTests
{
    [Fact]
    public void One_reading_of_pace_json_gives_the_run_the_spec_and_the_forge_settings()
    {
        var settings = Parse("""
            {
              // comments and trailing commas, as in the seed's own file
              "pace": {
                "agent": "codex",
                "checks": ["make test", { "run": "make lint", "timeoutSeconds": 30 }],
                "spec": { "reviewer": "claude", "maxParallel": 3, "targetBranch": "develop" },
                "forge": { "type": "github", "github": { "owner": "acme", "repo": "search" } },
              },
            }
            """);

        settings.Config.Agent.ShouldBe("codex");
        settings.Config.Checks.ShouldBe([CheckSpec.Of("make test"), new CheckSpec("make lint", "make lint", TimeSpan.FromSeconds(30))]);
        settings.Spec.ShouldBe(Adapters.Specs.SpecSettings.Default with { Reviewer = "claude", MaxParallel = 3, TargetBranch = "develop" });
        settings.Forge.ShouldBe(ForgeKind.GitHub);
        (settings.GitHub.Owner, settings.GitHub.Repo).ShouldBe(("acme", "search"));
    }

    [Fact]
    public void A_check_without_a_timeout_gets_the_same_default_as_an_acceptance_command()
    {
        var settings = Parse("""{ "pace": { "checks": [{ "run": "make test" }] } }""");

        settings.Config.Checks.ShouldHaveSingleItem().Timeout.ShouldBe(CheckSpec.DefaultTimeout);
        CheckSpec.DefaultTimeout.ShouldBe(TimeSpan.FromMinutes(10));
    }

    [Fact]
    public void A_wrong_spec_value_is_reported_with_its_line_whichever_command_reads_pace_json()
    {
        var error = Should.Throw<InputException>(() => Parse("{\n  \"pace\": {\n    \"spec\": { \"maxParallel\": 0 }\n  }\n}\n"));

        error.Message.ShouldContain("pace.spec.maxParallel must be a whole number from 1");
        var diagnostic = error.Diagnostics.ShouldHaveSingleItem();
        (diagnostic.File, diagnostic.Line).ShouldBe(("pace.json", 3));
    }

    [Fact]
    public void Without_pace_json_every_section_has_its_defaults()
    {
        using var temp = new Support.TempFolder();

        PaceSettings.Load(temp.Path).ShouldBe(PaceSettings.Default);
    }

    private static PaceSettings Parse(string json) => PaceSettings.Parse("pace.json", Encoding.UTF8.GetBytes(json));
}
