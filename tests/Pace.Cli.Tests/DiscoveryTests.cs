namespace Pace.Cli.Tests;

public sealed class DiscoveryTests
{
    [Fact]
    public async Task I_can_run_pace_from_a_subfolder_of_the_project()
    {
        using var folder = new TempFolder();
        folder.Write(SampleLists.FileName, SampleLists.Standard());
        var deep = folder.Folder("src/app/module");

        var run = await Pace.RunAsync(deep, "next");

        run.ExitCode.ShouldBe(0, run.ToString());
        run.Stdout.ShouldStartWith("Next: CRIT-1");
    }

    [Fact]
    public void I_get_the_nearest_list_when_a_subfolder_has_its_own()
    {
        using var folder = new TempFolder();
        folder.Write(SampleLists.FileName, SampleLists.Standard());
        folder.Write("sub/" + SampleLists.FileName, SampleLists.PlainArray());

        var run = Pace.RunInProcess(folder.Folder("sub/deeper"), "next");

        run.Stdout.ShouldStartWith("Next: F002 second");
    }

    [Fact]
    public async Task I_can_find_the_list_ten_folders_up_but_not_eleven()
    {
        using var folder = new TempFolder();
        folder.Write(SampleLists.FileName, SampleLists.Standard());
        var ten = folder.Folder(string.Join('/', Enumerable.Range(1, 10).Select(i => $"d{i}")));
        var eleven = folder.Folder(Path.GetRelativePath(folder.Path, ten) + "/d11");

        var found = await Pace.RunAsync(ten, "status", "--json");
        var missed = await Pace.RunAsync(eleven, "status");

        found.ExitCode.ShouldBe(0, found.ToString());
        found.Stdout.ShouldContain("\"total\": 4");
        missed.ExitCode.ShouldBe(2, missed.ToString());
        missed.Stdout.ShouldBeEmpty();
        missed.Stderr.ShouldBe($"pace: no feature_list.json in {eleven} or its 10 parent folders; run 'pace init' to create one, or name it with --file\n");
    }

    [Fact]
    public async Task I_can_name_the_list_with_file_relative_to_the_working_folder()
    {
        using var folder = new TempFolder();
        folder.Write("lists/mine.json", SampleLists.PlainArray());
        folder.Write(SampleLists.FileName, SampleLists.Standard());

        var relative = await Pace.RunAsync(folder.Path, "next", "--file", "lists/mine.json");
        var shortName = await Pace.RunAsync(folder.Folder("lists"), "status", "-f", "mine.json", "--json");
        var absolute = await Pace.RunAsync(folder.Folder("elsewhere"), "update", "F001", "fail", "--file", folder["lists/mine.json"]);

        relative.Stdout.ShouldStartWith("Next: F002 second");
        shortName.Stdout.ShouldContain("\"percentage\": 50");
        absolute.ExitCode.ShouldBe(0, absolute.ToString());
        folder.Text("lists/mine.json").ShouldContain("\"description\": \"first\", \"steps\": [\"s\"], \"passes\": false");
        folder.Text(SampleLists.FileName).ShouldBe(SampleLists.Standard());
    }

    [Theory]
    [InlineData("status")]
    [InlineData("next")]
    [InlineData("validate")]
    public async Task I_am_told_when_the_named_file_does_not_exist(string command)
    {
        using var folder = new TempFolder();
        folder.Write(SampleLists.FileName, SampleLists.Standard());

        var run = await Pace.RunAsync(folder.Path, command, "--file", "missing.json");

        run.ExitCode.ShouldBe(2, run.ToString());
        run.Stderr.ShouldBe("pace: missing.json: no such file\n");
    }
}
