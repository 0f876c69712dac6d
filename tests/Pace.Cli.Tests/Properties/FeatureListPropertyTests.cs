using System.Text;
using System.Text.Json;
using Pace.Core.Features;

namespace Pace.Cli.Tests.Properties;

/// <summary>
/// Thousands of broken and intact lists through validate and update: nothing crashes, a refusal
/// changes nothing, and a save changes only what Pace owns. Every failure names its seed; set
/// PACE_PROPERTY_SEED to replay a run.
/// </summary>
public sealed class FeatureListPropertyTests
{
    private const string List = "feature_list.json";
    private static readonly int BaseSeed = int.TryParse(Environment.GetEnvironmentVariable("PACE_PROPERTY_SEED"), out var seed) ? seed : Random.Shared.Next();

    [Fact]
    public async Task Nothing_i_feed_to_validate_and_update_crashes_or_half_writes_a_file()
    {
        using var folder = TempFolder.InMemory();
        var outcomes = new int[3];
        for (var i = 0; i < 3000; i++)
        {
            var @case = Case.Create(BaseSeed + i);
            outcomes[await Check(folder, @case, (f, args) => Task.FromResult(Pace.RunInProcess(f, args)))]++;
        }

        // The generator must reach all three outcomes, or the property says little.
        outcomes.ShouldAllBe(n => n > 100, $"seed {BaseSeed}: outcomes (refused, unchanged, saved) {string.Join(", ", outcomes)}");
    }

    [Fact]
    public async Task Nothing_i_feed_to_validate_and_update_as_real_processes_crashes_or_half_writes_a_file()
    {
        using var folder = TempFolder.InMemory();
        var seed = BaseSeed ^ 0x5A5A5A;
        for (var i = 0; i < 25; i++)
        {
            await Check(folder, Case.Create(seed + i), Pace.RunAsync);
        }
    }

    /// <summary>Runs validate then update on the case; returns 0 refused, 1 valid but unchanged, 2 saved.</summary>
    /// <remarks>Plain checks instead of Shouldly here: its assertions cost a quarter of a millisecond each, times thousands.</remarks>
    private static async Task<int> Check(TempFolder folder, Case @case, Func<string, string[], Task<PaceRun>> pace)
    {
        try
        {
            return await CheckCase(folder, @case, pace);
        }
        catch (Exception e) when (e is not ShouldAssertException)
        {
            throw new ShouldAssertException($"seed {@case.Seed} (replay: PACE_PROPERTY_SEED={@case.Seed}, first case); {@case.What}\n{e}");
        }
    }

    private static async Task<int> CheckCase(TempFolder folder, Case @case, Func<string, string[], Task<PaceRun>> pace)
    {
        Reset(folder, @case.Bytes);
        var context = $"seed {@case.Seed} (replay: PACE_PROPERTY_SEED={@case.Seed}, first case); {@case.What}";
        var valid = FeatureListParser.Parse(folder[List], @case.Bytes).IsValid;

        var validate = await Run(pace, folder, @case.ValidateArgs, context);
        Expect(validate.ExitCode == (valid ? 0 : 2), $"{context}\nvalidate disagrees with the parser (valid: {valid})\n{validate}");
        ExpectUntouched(folder, @case, context + "\nafter validate");

        var update = await Run(pace, folder, @case.UpdateArgs, context);
        if (update.ExitCode == 2)
        {
            ExpectUntouched(folder, @case, $"{context}\nafter a refused update\n{update}");
            return 0;
        }

        Expect(valid, $"{context}\nupdate saved a list the parser calls invalid\n{update}");
        var after = folder.Bytes(List);
        if (after.AsSpan().SequenceEqual(@case.Bytes))
        {
            ExpectUntouched(folder, @case, $"{context}\nafter an update that changed nothing\n{update}");
            return 1;
        }

        var files = folder.Files();
        Expect(files.SequenceEqual([".pace/overrides.jsonl", List, List + ".bak"]), $"{context}\nfiles after a save: {string.Join(", ", files)}");
        Expect(folder.Bytes(List + ".bak").AsSpan().SequenceEqual(@case.Bytes), $"{context}\nthe .bak is not the old file");
        var reread = FeatureListParser.Parse(folder[List], after).List;
        Expect(reread is not null, $"{context}\nthe saved file does not parse: {Encoding.UTF8.GetString(after)}");
        var target = reread!.Find(@case.UpdateArgs[1]);
        Expect(target?.Passes == (@case.UpdateArgs[2] == "pass"), $"{context}\nthe saved file does not hold the new status");
        var difference = OwnedValues.Check(@case.Bytes, after, target!.Index);
        Expect(difference is null, $"{context}\nthe save changed more than passes and metadata: {difference}\n{Encoding.UTF8.GetString(after)}");
        return 2;
    }

    private static void ExpectUntouched(TempFolder folder, Case @case, string context)
    {
        var files = folder.Files();
        Expect(files.Count == 1 && files[0] == List, $"{context}\nfiles: {string.Join(", ", files)}");
        Expect(folder.Bytes(List).AsSpan().SequenceEqual(@case.Bytes), $"{context}\nthe file changed");
    }

    private static void Expect(bool condition, string message)
    {
        if (!condition)
        {
            throw new ShouldAssertException(message);
        }
    }

    private static async Task<PaceRun> Run(Func<string, string[], Task<PaceRun>> pace, TempFolder folder, string[] args, string context)
    {
        PaceRun run;
        try
        {
            run = await pace(folder.Path, args);
        }
        catch (Exception e)
        {
            throw new ShouldAssertException($"{context}: pace {string.Join(' ', args)} threw {e}");
        }

        Expect(run.ExitCode is 0 or 2, $"{context}: pace {string.Join(' ', args)}\n{run}");
        if (args.Contains("--json"))
        {
            try
            {
                JsonDocument.Parse(run.Stdout).Dispose();
            }
            catch (JsonException e)
            {
                throw new ShouldAssertException($"{context}: --json printed no JSON ({e.Message})\n{run}");
            }
        }

        return run;
    }

    private static void Reset(TempFolder folder, byte[] bytes)
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(folder.Path))
        {
            if (Directory.Exists(entry))
            {
                Directory.Delete(entry, recursive: true);
            }
            else
            {
                File.Delete(entry);
            }
        }

        folder.Write(List, bytes);
    }

    private sealed record Case(int Seed, byte[] Bytes, string What, string[] ValidateArgs, string[] UpdateArgs)
    {
        public static Case Create(int seed)
        {
            var random = new Random(seed);
            var list = RandomList.Create(random);
            var (bytes, what) = Mutations.Apply(random, list);
            var id = random.Next(10) == 0 ? "NO-SUCH-" + random.Next(100) : list.Ids[random.Next(list.Ids.Count)];
            var json = random.Next(3) == 0;
            string[] validate = json ? ["validate", "--json"] : ["validate"];
            string[] update = ["update", id, random.Next(2) == 0 ? "pass" : "fail", .. json ? new[] { "--json" } : []];
            return new Case(seed, bytes, what + $"; text: {Encoding.UTF8.GetString(bytes)}", validate, update);
        }
    }
}
