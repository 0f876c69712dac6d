using Pace.Adapters.Tests.Fleet;
using Pace.EndToEnd.Tests.Agents;
using Pace.EndToEnd.Tests.ModelServer;

namespace Pace.EndToEnd.Tests.Loop;

/// <summary>`pace run --fleet` with a `pace worker` process that runs the real Claude Code against the scripted model (docs/fleet.md).</summary>
public sealed class ClaudeFleetTests(AgentClis clis)
{
    [Fact(Timeout = 240_000)]
    public async Task A_worker_runs_Claude_Code_for_the_coordinator_and_the_key_it_repeats_reaches_neither_the_database_nor_the_run()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var project = await PaceProject.CreateAsync(clis, [new("FL-1", "greet.sh prints hello", "SCRIPT-FLEET-GREET")]);
        var key = project.Sandbox.ApiKey;
        // Relative paths, through the shell: the agent works in the worker's tree, not in this repository.
        project.Script("SCRIPT-FLEET-GREET",
            new RunShell("echo 'echo hello' > greet.sh && mkdir -p tests && echo '[ \"$(sh greet.sh)\" = hello ]' > tests/greet.sh") { Text = "I'll write greet.sh and its test." },
            new Say($"FL-1 done; I used the key {key} to check."));
        var remote = Path.Combine(project.Sandbox.Root, "remote.git");
        await project.GitAsync("init", "-q", "--bare", remote);
        await project.GitAsync("remote", "add", "origin", remote);
        await project.GitAsync("push", "-q", "origin", "main");
        await using var worker = project.StartWorker(database.ConnectionString, "claude-host");
        await worker.ReadyAsync();

        var run = await project.RunAsync("run", "--fleet", database.ConnectionString, "--until-complete");

        run.ExitCode.ShouldBe(0, $"{run}\n--- worker\n{worker.Output}");
        project.Exists("greet.sh").ShouldBeTrue();
        (await project.SubjectsAsync())[0].ShouldBe("feat(core): FL-1 - greet.sh prints hello");
        project.Passes().ShouldBe(new Dictionary<string, bool> { ["FL-1"] = true });
        var evidence = await project.EvidenceAsync(1);
        evidence.GetProperty("agent").GetString().ShouldBe("claude");
        evidence.GetProperty("costUsd").GetDecimal().ShouldBeGreaterThan(0m);
        evidence.GetProperty("ranOn").GetProperty("worker").GetString().ShouldBe("claude-host");
        evidence.GetProperty("transcriptPath").GetString()!.ShouldStartWith(Path.Combine(project.Sandbox.Root, "claude-host"));
        evidence.GetProperty("agentMessage").GetString()!.ShouldContain("[REDACTED]");
        await using (var rows = database.Source.CreateCommand("SELECT coalesce(string_agg(payload || coalesce(result, ''), ''), '') FROM pace_fleet.work_items"))
        {
            var stored = (string)(await rows.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
            stored.ShouldContain("claude-host");
            stored.ShouldNotContain(key);
        }

        await using (var cost = database.Source.CreateCommand("SELECT cost_usd FROM pace_fleet.runs"))
        {
            ((decimal)(await cost.ExecuteScalarAsync(TestContext.Current.CancellationToken))!).ShouldBeGreaterThan(0m);
        }

        // The scripted answers hold the key, so the server's log does; nothing of Pace's, here or on the worker, does.
        run.ToString().ShouldNotContain(key);
        worker.Output.ShouldNotContain(key);
        foreach (var file in Directory.EnumerateFiles(project.PathOf(".pace"), "*", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(project.Sandbox.Root, "claude-host", "sessions"), "*", SearchOption.AllDirectories)))
        {
            File.ReadAllText(file).ShouldNotContain(key, customMessage: file);
        }

        (await project.GitAsync("log", "-p", "--all")).ShouldNotContain(key);
    }
}
