using Pace.Adapters.Storage;
using Pace.Cli.Commands;
using Pace.Core.Diagnostics;

namespace Pace.Cli;

/// <summary>
/// The feature-list commands that hooks and helper scripts call many times a run (next, status,
/// progress, update, validate), read by hand so that they start without building the
/// System.CommandLine tree (docs/performance.md). Only the plainest spellings are taken: anything
/// else (help, an unknown or repeated option, a flag followed by a value, a response file, a wrong
/// status) is declined, and <see cref="PaceCli"/>'s parser then runs it or reports the usage error.
/// Tests compare both paths on the same arguments (tests/Pace.Cli.Tests/FastPathTests.cs).
/// </summary>
internal static class FastPath
{
    /// <summary>A command of the fast path, and the --file it names (null: discovered).</summary>
    public sealed record Command(Func<CliContext, int> Run, string? File);

    /// <summary>The command the arguments name, or null when the full parser must read them.</summary>
    public static Command? Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0] is not ("next" or "status" or "progress" or "update" or "validate"))
        {
            return null;
        }

        var name = args[0];
        var json = false;
        var check = false;
        string? file = null;
        var positionals = new List<string>(2);
        for (var i = 1; i < args.Count; i++)
        {
            var token = args[i];
            // A flag takes an optional true/false value in System.CommandLine: take a flag only when
            // no value can follow it, so that its meaning is never in doubt.
            var flagEnds = i + 1 == args.Count || args[i + 1].StartsWith('-');
            if (token == "--json" && !json && flagEnds)
            {
                json = true;
            }
            else if (token == "--check" && !check && flagEnds && name is ("status" or "progress"))
            {
                check = true;
            }
            else if (token is "--file" or "-f" && file is null && i + 1 < args.Count && IsValue(args[i + 1]))
            {
                file = args[++i];
            }
            else if (IsValue(token))
            {
                positionals.Add(token);
            }
            else
            {
                return null;
            }
        }

        Func<CliContext, int>? run = name switch
        {
            _ when name != "update" && positionals.Count > 0 => null,
            "next" => context => NextCommand.Run(context, new NextCommand.Options(file, json)),
            "status" or "progress" => context => StatusCommand.Run(context, new StatusCommand.Options(file, json, check)),
            "validate" => context => ValidateCommand.Run(context, new ValidateCommand.Options(file, json)),
            _ when positionals is [var id, var status] && UpdateCommand.ParseStatus(status) is { } passes =>
                context => UpdateCommand.Run(context, new UpdateCommand.Options(id, passes, file, json)),
            _ => null,
        };
        return run is null ? null : new Command(run, file);
    }

    /// <summary>
    /// For a process that runs one fast-path command and exits (Program.cs; never a test host): reads
    /// a large list into huge pages (<see cref="FileBytes"/>) and asks the runtime not to collect
    /// while the command reads the list. Such a command allocates about
    /// the file's size again in objects that all stay alive to the end, so a collection would only
    /// copy them (docs/performance.md). When the guess is short the runtime simply collects.
    /// </summary>
    public static void PrepareShortProcess(Command command, CliContext context)
    {
        FileBytes.ShortLived = true;
        const long floor = 16L << 20;
        const long ceiling = 240L << 20;
        try
        {
            var length = new FileInfo(FeatureListFiles.Resolve(command.File, context.WorkingFolder)).Length;
            GC.TryStartNoGCRegion(Math.Min(ceiling, floor + length));
        }
        catch (Exception e) when (e is InputException or IOException or UnauthorizedAccessException or ArgumentOutOfRangeException)
        {
            // The command itself reports a missing or unreadable list; without the hold it only runs as usual.
        }
    }

    /// <summary>Runs the command when the arguments are fast-path ones; null when they are not.</summary>
    public static int? TryRun(string[] args, CliContext context)
    {
        var command = Parse(args);
        return command is null ? null : Run(command, context);
    }

    /// <summary>Runs a fast-path command with the same outcomes, printed the same way, as PaceCli.Run maps them.</summary>
    public static int Run(Command command, CliContext context)
    {
        context = context.Redacted();
        try
        {
            return RunRedacted(command, context);
        }
        finally
        {
            context.Out.Flush();
            context.Error.Flush();
        }
    }

    private static int RunRedacted(Command command, CliContext context)
    {
        try
        {
            return command.Run(context);
        }
        catch (InputException e)
        {
            foreach (var diagnostic in e.Diagnostics)
            {
                context.Error.WriteLine(diagnostic.ToString());
            }

            context.Error.WriteLine($"pace: {e.Message}");
            return ExitCodes.InputError;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            context.Error.WriteLine($"pace: internal error: {e}");
            return ExitCodes.InternalError;
        }
    }

    /// <summary>A token that is only a value: not an option, not empty (@ starts an id like any other letter: response files are off).</summary>
    private static bool IsValue(string token) => token.Length > 0 && token[0] != '-';
}
