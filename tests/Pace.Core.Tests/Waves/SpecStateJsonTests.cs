using System.Text;
using System.Text.Json.Nodes;
using Pace.Core.Diagnostics;
using Pace.Core.Waves;

namespace Pace.Core.Tests.Waves;

public sealed class SpecStateJsonTests
{
    // A state file as the seed's scripts write it: no flags, pr_number as a string, fields Pace does not know.
    private const string SeedFile = """
        {
          "version": "1.0",
          "spec_name": "frontend-ui",
          "spec_path": ".agent-os/specs/2025-01-31-frontend-ui",
          "current_wave": 2,
          "total_waves": 4,
          "phase": "AWAITING_REVIEW",
          "pr_number": "123",
          "pr_url": "https://github.com/o/r/pull/123",
          "wave_branch": "feature/frontend-ui-wave-2",
          "base_branch": "feature/frontend-ui",
          "is_final_wave": false,
          "review_status": { "bot_reviewed": false, "last_check": null, "poll_count": 3, "review_decision": null, "blocking_count": 0, "reviewer": "bot" },
          "execution_status": { "tasks_total": 4, "tasks_completed": 4, "tasks_failed": 0, "last_error": null },
          "history": [ { "wave": 1, "pr_number": 120, "pr_url": "https://github.com/o/r/pull/120", "status": "merged",
                         "started_at": "2025-01-31T10:00:00Z", "merged_at": "2025-01-31T11:00:00Z", "branch_cleaned": true, "review_cycles": 1 } ],
          "created_at": "2025-01-31T10:00:00Z",
          "updated_at": "2025-01-31T12:00:00Z",
          "custom_note": { "kept": [1, 2] }
        }
        """;

    private static SpecState ReadSeed() => SpecStateJson.Read("execute-spec-frontend-ui.json", Encoding.UTF8.GetBytes(SeedFile));

    [Fact]
    public void I_can_read_the_seed_state_file()
    {
        var state = ReadSeed();

        (state.SpecName, state.CurrentWave, state.TotalWaves, state.Phase, state.PrNumber).ShouldBe(("frontend-ui", 2, 4, SpecPhase.AwaitingReview, (int?)123));
        state.ReviewStatus.PollCount.ShouldBe(3);
        state.History.ShouldHaveSingleItem().MergedAt.ShouldBe(new DateTimeOffset(2025, 1, 31, 11, 0, 0, TimeSpan.Zero));
        state.TargetBranch.ShouldBe("main");
    }

    [Fact]
    public void A_state_file_without_flags_gets_the_defaults_and_keeps_polling()
    {
        // The original read a missing manual_mode as true and stopped polling.
        var state = ReadSeed();

        state.Flags.ShouldBe(new SpecFlags());
        (state.Flags.ManualMode, state.Flags.PollIntervalMs, state.Flags.MaxPollDurationMs).ShouldBe((false, 120_000L, 1_800_000L));
        var decision = SpecMachine.Decide(state, new ReviewPending(new DateTimeOffset(2025, 1, 31, 12, 2, 0, TimeSpan.Zero)));
        decision.Effects.ShouldHaveSingleItem().ShouldBe(new PollReview(123, TimeSpan.FromMinutes(2)));
    }

    [Fact]
    public void Flags_missing_from_a_flags_object_get_their_defaults()
    {
        var state = SpecStateJson.Read("s.json", Encoding.UTF8.GetBytes("""{ "spec_name": "x", "total_waves": 2, "phase": "INIT", "flags": { "manual_mode": true } }"""));

        state.Flags.ShouldBe(new SpecFlags { ManualMode = true });
        (state.Version, state.CurrentWave, state.TargetBranch).ShouldBe(("1.0", 1, "main"));
    }

    [Fact]
    public void Fields_Pace_does_not_know_survive_a_round_trip()
    {
        var written = JsonNode.Parse(SpecStateJson.Write(ReadSeed()))!;

        written["custom_note"]!.ToJsonString().ShouldBe("""{"kept":[1,2]}""");
        written["review_status"]!["reviewer"]!.GetValue<string>().ShouldBe("bot");
        written["phase"]!.GetValue<string>().ShouldBe("AWAITING_REVIEW");
        written["flags"]!["manual_mode"]!.GetValue<bool>().ShouldBeFalse();
        SpecStateJson.Write(SpecStateJson.Read("again.json", SpecStateJson.Write(ReadSeed()))).ShouldBe(SpecStateJson.Write(ReadSeed()));
    }

    [Fact]
    public void A_bad_phase_is_reported_with_file_line_and_column()
    {
        var bytes = Encoding.UTF8.GetBytes(SeedFile.Replace("\"AWAITING_REVIEW\"", "\"WAITING\""));

        var error = Should.Throw<InputException>(() => SpecStateJson.Read("state.json", bytes));

        var diagnostic = error.Diagnostics.ShouldHaveSingleItem();
        (diagnostic.File, diagnostic.Line, diagnostic.Column).ShouldBe(("state.json", 7, (int?)12));
        diagnostic.Message.ShouldContain("$.phase");
    }

    [Fact]
    public void Broken_JSON_in_the_state_file_is_an_input_error()
    {
        var error = Should.Throw<InputException>(() => SpecStateJson.Read("state.json", Encoding.UTF8.GetBytes("{\n  \"phase\": \n}")));

        error.Diagnostics.ShouldHaveSingleItem().Line.ShouldBe(3);
    }
}
