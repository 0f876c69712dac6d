using System.Text.Json.Nodes;

namespace Pace.Cli.Tests.Specs;

/// <summary>Spec runs in the states the doctor tests start from: completed, or waiting for a person's review of a wave.</summary>
internal static class SpecRunStates
{
    public static async Task<SpecRepo> CompletedAsync()
    {
        var repo = new SpecRepo();
        var run = await repo.RunAsync("spec", "run", "demo", "--yes");
        run.ExitCode.ShouldBe(0, run.ToString());
        return repo;
    }

    /// <summary>A person reviews: the run waits with the PR of <paramref name="wave"/> open (wave 1 approved and merged first for wave 2).</summary>
    public static async Task<SpecRepo> WaitingAsync(int wave)
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

    public static JsonObject Pull(SpecRepo repo, int number) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(repo.Folder, ".pace", "forge", "pulls", $"{number}.json")))!.AsObject();
}
