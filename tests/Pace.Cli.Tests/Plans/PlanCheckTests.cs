namespace Pace.Cli.Tests.Plans;

public sealed class PlanCheckTests
{
    [Fact]
    public async Task Plan_check_names_every_problem_with_its_place_exits_2_and_writes_nothing()
    {
        using var temp = new TempFolder();
        temp.Write("bad.json", """
            {"features": [
              {"id": "A", "category": "c", "priority": "high", "description": "## Overview", "steps": ["s"], "passes": false, "depends_on": ["B"]},
              {"id": "B", "category": "c", "priority": "high", "description": "Add the cart", "steps": ["s"], "passes": false, "depends_on": ["A"], "verify": "true"},
              {"id": "B", "category": "c", "priority": "high", "description": "Add checkout", "passes": false, "verify": ["test -f checkout.txt"]}
            ]}
            """);

        var run = await Pace.RunAsync(temp.Path, "plan", "--check", "bad.json");

        run.ExitCode.ShouldBe(2, run.ToString());
        var file = temp["bad.json"];
        run.Stdout.ShouldBe($"""
            {file}:2:10: error: dependency cycle: A -> B -> A (each feature depends on the next)
            {file}:2:67: error: features[0] ("A"): "## Overview" looks like a heading, not work; describe a piece of work ("Add ...", "User can ...") or leave it out
            {file}:3:147: error: "B": verify command "true" already passes on the current tree, so it proves nothing; give a command that fails until the item is built
            {file}:4:3: error: features[2] ("B") has no steps ("steps"): say how to build it and how to see that it works
            {file}:4:10: error: duplicate id "B" (first used at line 3, column 10)
            {file}: 5 problems found

            """, StringCompareShould.IgnoreLineEndings);
        temp.Files().ShouldBe(["bad.json"]);
    }

    [Fact]
    public async Task Plan_check_of_a_good_spec_exits_0()
    {
        using var temp = new TempFolder();
        temp.Write("specs/search.json", """
            {"name": "search", "tasks": [
              {"id": "index", "title": "Build the inverted index", "prompt": "Add src/Index.cs", "checks": ["test -f src/Index.cs"]},
              {"id": "query", "title": "Answer AND/OR queries", "prompt": "Add src/Query.cs", "depends_on": ["index"]}
            ]}
            """);

        var run = await Pace.RunAsync(temp.Path, "plan", "--check", "specs/search.json");

        run.ExitCode.ShouldBe(0, run.ToString());
        run.Stdout.ShouldEndWith($"{temp["specs/search.json"]}: a usable plan (a Pace spec, 2 items)\n");
    }

    [Fact]
    public async Task Plan_check_of_a_cut_short_file_says_so_with_its_position()
    {
        using var temp = new TempFolder();
        temp.Write("cut.json", """{"features": [{"id": "A" """);

        var run = await Pace.RunAsync(temp.Path, "plan", "--check", "cut.json");

        run.ExitCode.ShouldBe(2);
        run.Stdout.ShouldStartWith($"{temp["cut.json"]}:1:26: error: invalid JSON: the file ends before every object and array is closed; it may have been cut short");
    }

    [Fact]
    public async Task Plan_check_of_a_missing_file_exits_2()
    {
        using var temp = new TempFolder();

        var run = await Pace.RunAsync(temp.Path, "plan", "--check", "nope.json");

        run.ExitCode.ShouldBe(2);
        run.Stderr.ShouldContain("nope.json: no such file");
    }
}
