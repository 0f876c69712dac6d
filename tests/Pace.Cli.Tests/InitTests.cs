namespace Pace.Cli.Tests;

public sealed class InitTests
{
    [Fact]
    public async Task I_can_set_up_an_empty_folder_with_a_starter_list_and_config()
    {
        using var folder = new TempFolder();
        var project = folder.Folder("my-shop");

        var run = await Pace.RunAsync(project, "init");

        run.ExitCode.ShouldBe(0, run.ToString());
        run.Stdout.ShouldBe("created  feature_list.json\ncreated  pace.json (no test command found: add one under pace.checks; Pace judges every session by its checks)\nupdated  .gitignore\nNext: edit feature_list.json, then 'pace status'.\n");
        folder.Files().ShouldBe(["my-shop/.gitignore", "my-shop/feature_list.json", "my-shop/pace.json"]);
        folder.Text("my-shop/.gitignore").ShouldBe(".pace/\nfeature_list.json.bak\n");
        folder.Text("my-shop/pace.json").ShouldContain("\"maxSessions\": 10");
        var validate = await Pace.RunAsync(project, "status", "--json");
        validate.ExitCode.ShouldBe(0, validate.ToString());
        validate.Stdout.ShouldContain("\"projectName\": \"my-shop\"");
        validate.Stdout.ShouldContain("\"total\": 1");
    }

    [Theory]
    [InlineData("package.json", "{ \"scripts\": { \"test\": \"vitest\" } }", "npm test")]
    [InlineData("shop.csproj", "<Project />", "dotnet test")]
    [InlineData("Cargo.toml", "[package]", "cargo test")]
    [InlineData("go.mod", "module shop", "go test ./...")]
    [InlineData("pyproject.toml", "[project]", "python3 -m pytest")]
    [InlineData("Makefile", "build:\n\ttrue\ntest:\n\ttrue\n", "make test")]
    public void I_get_the_projects_test_command_as_the_check_of_a_new_config(string file, string content, string command)
    {
        using var folder = new TempFolder();
        folder.Write(file, content);

        var run = Pace.RunInProcess(folder.Path, "init");

        run.ExitCode.ShouldBe(0, run.ToString());
        run.Stdout.ShouldContain($"created  pace.json (check: {command})");
        var dryRun = Pace.RunInProcess(folder.Path, "run", "--dry-run", "--json");
        dryRun.Stdout.ShouldContain($"\"{command}\"", Case.Sensitive, dryRun.ToString());
    }

    [Fact]
    public void I_can_name_the_project_of_a_new_list()
    {
        using var folder = new TempFolder();

        Pace.RunInProcess(folder.Path, "init", "--project-name", "Ünïcode \"quoted\"").ExitCode.ShouldBe(0);

        Pace.RunInProcess(folder.Path, "status").Stdout.ShouldStartWith("Project: Ünïcode \"quoted\"\n");
    }

    [Fact]
    public async Task I_keep_an_existing_list_config_and_gitignore_when_i_run_init_again()
    {
        using var folder = new TempFolder();
        folder.Write(SampleLists.FileName, SampleLists.Standard());
        folder.Write("pace.json", "{\"mine\": true}\n");
        folder.Write(".gitignore", "bin/\n.pace/\nfeature_list.json.bak");

        var run = await Pace.RunAsync(folder.Path, "init");

        run.ExitCode.ShouldBe(0, run.ToString());
        run.Stdout.ShouldBe("kept     feature_list.json (pace format, 4 features, 1 passing)\nkept     pace.json\nkept     .gitignore\nNext: edit feature_list.json, then 'pace status'.\n");
        folder.Text(SampleLists.FileName).ShouldBe(SampleLists.Standard());
        folder.Text("pace.json").ShouldBe("{\"mine\": true}\n");
        folder.Text(".gitignore").ShouldBe("bin/\n.pace/\nfeature_list.json.bak");
    }

    [Fact]
    public async Task I_get_the_missing_gitignore_lines_appended_to_mine()
    {
        using var folder = new TempFolder();
        folder.Write(".gitignore", "bin/");

        (await Pace.RunAsync(folder.Path, "init")).ExitCode.ShouldBe(0);

        folder.Text(".gitignore").ShouldBe("bin/\n.pace/\nfeature_list.json.bak\n");
    }

    [Fact]
    public async Task I_am_stopped_by_an_existing_list_that_is_invalid_and_nothing_is_written()
    {
        using var folder = new TempFolder();
        var path = folder.Write(SampleLists.FileName, "{\"features\": [1]}");

        var run = await Pace.RunAsync(folder.Path, "init");

        run.ExitCode.ShouldBe(2, run.ToString());
        run.Stderr.ShouldContain(path + ":1:15: error:");
        folder.Files().ShouldBe([SampleLists.FileName]);
    }

    [Theory]
    [InlineData("pace")]
    [InlineData("plain")]
    public async Task I_can_import_a_valid_list_of_either_format(string format)
    {
        using var folder = new TempFolder();
        var text = format == "pace" ? SampleLists.Standard() : SampleLists.PlainArray();
        folder.Write("old/tasks.json", text);
        var project = folder.Folder("project");

        var run = await Pace.RunAsync(project, "init", "--import", "../old/tasks.json");

        run.ExitCode.ShouldBe(0, run.ToString());
        run.Stdout.ShouldStartWith("created  feature_list.json\ncreated  pace.json (no test command found");
        folder.Text("project/feature_list.json").ShouldBe(text);
        folder.Text("old/tasks.json").ShouldBe(text);
    }

    [Theory]
    [InlineData("{\"features\": [{\"id\": \"A\"}]}", ":1:15: error:")]
    [InlineData("[{\"category\": \"c\", \"description\": \"d\", \"passes\": tru}]", ":1:")]
    [InlineData("", ":1:1: error:")]
    public async Task I_am_refused_the_import_of_an_invalid_list_and_nothing_is_written(string text, string place)
    {
        using var folder = new TempFolder();
        var source = folder.Write("old/tasks.json", text);
        var project = folder.Folder("project");

        var run = await Pace.RunAsync(project, "init", "--import", source);

        run.ExitCode.ShouldBe(2, run.ToString());
        run.Stderr.ShouldContain(source + place);
        run.Stderr.ShouldContain("nothing was changed");
        folder.Files().ShouldBe(["old/tasks.json"]);
    }

    [Fact]
    public async Task I_am_refused_an_import_over_an_existing_list_or_from_a_missing_file()
    {
        using var folder = new TempFolder();
        folder.Write("other.json", SampleLists.PlainArray());
        folder.Write(SampleLists.FileName, SampleLists.Standard());

        var over = await Pace.RunAsync(folder.Path, "init", "--import", "other.json");
        var missing = await Pace.RunAsync(folder.Folder("empty"), "init", "--import", "nothing.json");

        over.ExitCode.ShouldBe(2, over.ToString());
        over.Stderr.ShouldContain("already exists");
        missing.ExitCode.ShouldBe(2, missing.ToString());
        missing.Stderr.ShouldBe("pace: nothing.json: no such file\n");
        folder.Files().ShouldBe([SampleLists.FileName, "other.json"]);
        folder.Text(SampleLists.FileName).ShouldBe(SampleLists.Standard());
    }
}
