using System.CommandLine;
using System.Reflection;
using Pace.Adapters.Demo;
using Pace.Adapters.Processes;
using Pace.Core.Diagnostics;

namespace Pace.Cli.Commands;

/// <summary>
/// `pace demo`: the bundled example, offline, with built-in scripted agents: a planner turns the
/// example's description into its feature list (its first answer is sent back by the plan check),
/// then the whole feature loop builds it. One of its sessions claims success falsely, another is a
/// phantom completion (a test that passes without any code); Pace's own checks and proof catch both.
/// </summary>
internal static class DemoCommand
{
    private const string ResourcePrefix = "example/";

    public static Command Create(CliContext context)
    {
        var folder = new Option<string?>("--folder") { Description = "Where to put the example (default: a new temporary folder)", HelpName = "path" };
        var json = CommonOptions.Json();
        var command = new Command("demo", "Run the feature loop on the bundled example, offline, with a scripted agent") { folder, json };
        command.SetAction((parse, _) => RunAsync(context, parse.GetValue(folder), parse.GetValue(json), context.Cancellation));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, string? folder, bool json, CancellationToken cancellationToken)
    {
        var target = folder is null
            ? Path.Combine(Path.GetTempPath(), $"pace-demo-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}")
            : Path.GetFullPath(folder, context.WorkingFolder);
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
        {
            throw new InputException($"{target} is not empty; name an empty or new folder with --folder");
        }

        await RequireAsync("python3", ["--version"], "the example project's tests run with python3", cancellationToken).ConfigureAwait(false);
        await RequireAsync("git", ["--version"], "Pace commits each verified feature with git", cancellationToken).ConfigureAwait(false);
        var info = json ? context.Error : context.Out;
        info.WriteLine("Pace demo: the example project 'textstats' with 4 features, in " + target);
        info.WriteLine("The agent is Pace's built-in SCRIPTED agent (no model, no network). It plans the features");
        info.WriteLine("from DESCRIPTION.md, then writes the code. Once it claims success although a test fails,");
        info.WriteLine("and once it claims a feature with no code and a test that passes without it (a phantom");
        info.WriteLine("completion): watch Pace catch both.");
        info.WriteLine();

        Extract(target);
        // The planner writes the feature list from the description: the example's own list is its answer.
        var featureList = Path.Combine(target, "feature_list.json");
        var plan = await File.ReadAllTextAsync(featureList, cancellationToken).ConfigureAwait(false);
        File.Delete(featureList);
        await GitAsync(target, cancellationToken, "init", "-q", "-b", "main").ConfigureAwait(false);
        // The demo's repository is Pace's own: it commits as "Pace demo" on a machine with no git identity set.
        await GitAsync(target, cancellationToken, "config", "user.name", "Pace demo").ConfigureAwait(false);
        await GitAsync(target, cancellationToken, "config", "user.email", "demo@pace.invalid").ConfigureAwait(false);
        await GitAsync(target, cancellationToken, "add", "-A").ConfigureAwait(false);
        await GitAsync(target, cancellationToken, "commit", "-q", "-m", "The example project before Pace").ConfigureAwait(false);

        var demoContext = context with { WorkingFolder = target };
        var pace = context.IsTerminal ? TimeSpan.FromMilliseconds(250) : TimeSpan.Zero;
        info.WriteLine("Step 1: pace plan DESCRIPTION.md");
        var planOptions = new PlanCommand.Options("DESCRIPTION.md", null, null, null, null, false, null);
        var planned = await PlanSession.RunAsync(demoContext with { Out = info }, planOptions, cancellationToken, new DemoPlanAgent(plan, pace)).ConfigureAwait(false);
        if (planned != ExitCodes.Ok)
        {
            return planned;
        }

        await GitAsync(target, cancellationToken, "add", "feature_list.json").ConfigureAwait(false);
        await GitAsync(target, cancellationToken, "commit", "-q", "-m", "The plan, checked by Pace").ConfigureAwait(false);
        info.WriteLine();
        info.WriteLine("Step 2: pace run --until-complete");
        var options = new RunCommand.Options(null, null, UntilComplete: true, 3, false, "demo", null, json);
        var code = await LoopHost.RunAsync(demoContext, options, _ => new DemoAgent(pace), cancellationToken).ConfigureAwait(false);

        info.WriteLine();
        info.WriteLine($"The example is in {target}: try 'git log --oneline', 'cat progress.txt',");
        info.WriteLine("'git show-ref | grep pace' (the failed attempts are kept) and 'pace evidence' there.");
        return code;
    }

    private static void Extract(string target)
    {
        var assembly = Assembly.GetExecutingAssembly();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            var path = Path.Combine(target, name[ResourcePrefix.Length..]);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var source = assembly.GetManifestResourceStream(name)!;
            using var file = File.Create(path);
            source.CopyTo(file);
        }
    }

    private static async Task RequireAsync(string program, string[] args, string why, CancellationToken cancellationToken)
    {
        try
        {
            var (result, _, _) = await ProcessRunner.CaptureAsync(new ProcessSpec(program, args, Environment.CurrentDirectory), cancellationToken).ConfigureAwait(false);
            if (result.ExitCode == 0)
            {
                return;
            }
        }
        catch (ProcessStartException)
        {
        }

        throw new InputException($"the demo needs {program}: {why}");
    }

    private static async Task GitAsync(string folder, CancellationToken cancellationToken, params string[] args)
    {
        var (result, _, stderr) = await ProcessRunner.CaptureAsync(new ProcessSpec("git", args, folder), cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', args)} failed: {stderr}");
        }
    }
}
