using System.CommandLine;
using Pace.Adapters.Verification;
using Pace.Core.Diagnostics;
using Pace.Core.Plans;

namespace Pace.Cli.Commands;

/// <summary>`pace plan DESCRIPTION.md` (an agent proposes a plan, Pace lints it) and `pace plan --check FILE` (docs/plan.md).</summary>
internal static class PlanCommand
{
    public sealed record Options(string? Description, string? Check, string? Spec, string? Agent, PlanFormat? Format, bool Merge, string? Output);

    public static Command Create(CliContext context)
    {
        var description = new Argument<string?>("DESCRIPTION") { Description = "The description of what to build (a Markdown file)", Arity = ArgumentArity.ZeroOrOne };
        var check = new Option<string?>("--check") { Description = "Only lint this plan file: print every problem with its line and column, write nothing", HelpName = "file" };
        var spec = new Option<string?>("--spec") { Description = "Plan a spec of this name (specs/NAME.json) instead of a feature list", HelpName = "name" };
        var agent = new Option<string?>("--agent") { Description = "The agent to use: claude, codex, gemini, or one named in pace.json", HelpName = "name" };
        var format = new Option<string?>("--format") { Description = "features (feature_list.json), spec (Pace's spec) or agent-os (tasks.json v4)", HelpName = "format" };
        format.AcceptOnlyFromAmong(PlanFormats.Names);
        var merge = new Option<bool>("--merge") { Description = "Add the plan's new items to the existing file (its items and their passes untouched)" };
        var output = new Option<string?>("--output", "-o") { Description = "Write the plan to this file instead of the default one", HelpName = "file" };
        var command = new Command("plan", "Have an agent turn a description into a checked plan, or check a plan file") { description, check, spec, agent, format, merge, output };
        command.SetAction((parse, _) =>
        {
            var options = new Options(
                parse.GetValue(description), parse.GetValue(check), parse.GetValue(spec), parse.GetValue(agent),
                parse.GetValue(format) is { } name ? PlanFormats.FromName(name) : null, parse.GetValue(merge), parse.GetValue(output));
            return options.Check is not null ? CheckAsync(context, options, context.Cancellation) : PlanSession.RunAsync(context, options, context.Cancellation);
        });
        return command;
    }

    /// <summary>Lints a file: 0 when it is a usable plan, 2 with every problem otherwise. Writes nothing into the project.</summary>
    public static async Task<int> CheckAsync(CliContext context, Options options, CancellationToken cancellationToken)
    {
        if (options.Description is not null)
        {
            throw new InputException("give either DESCRIPTION (to make a plan) or --check FILE (to check one), not both");
        }

        var path = Path.GetFullPath(options.Check!, context.WorkingFolder);
        if (!File.Exists(path))
        {
            throw new InputException($"{path}: no such file");
        }

        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        var result = await LintAsync(path, bytes, options.Format, new PlanLintOptions(), context.WorkingFolder, cancellationToken).ConfigureAwait(false);
        Print(context.Out, result);
        var errors = result.Errors.Count();
        context.Out.WriteLine(errors == 0
            ? $"{path}: a usable plan ({result.Format?.Describe()}, {Plural(result.Ids.Count, "item")})"
            : $"{path}: {Plural(errors, "problem")} found");
        return errors == 0 ? ExitCodes.Ok : ExitCodes.InputError;
    }

    /// <summary>The linter, then each verify command on the tree in <paramref name="folder"/> (their logs go to a temporary folder, removed after).</summary>
    public static async Task<PlanLintResult> LintAsync(string path, byte[] bytes, PlanFormat? format, PlanLintOptions options, string folder, CancellationToken cancellationToken)
    {
        var result = PlanLinter.Lint(path, bytes, format, options);
        if (result.Verify.Count == 0)
        {
            return result;
        }

        var logs = Path.Combine(Path.GetTempPath(), "pace-plan-" + Guid.NewGuid().ToString("N"));
        try
        {
            return await PlanVerifyProbe.RunAsync(result, new CheckRunner(), folder, logs, TimeSpan.FromMinutes(2), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (Directory.Exists(logs))
            {
                Directory.Delete(logs, recursive: true);
            }
        }
    }

    public static void Print(TextWriter writer, PlanLintResult result)
    {
        foreach (var diagnostic in result.Diagnostics)
        {
            writer.WriteLine(diagnostic.ToString());
        }
    }

    private static string Plural(int n, string word) => $"{n} {word}{(n == 1 ? "" : "s")}";
}
