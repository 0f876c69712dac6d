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
    /// <summary>The command the arguments name, or null when the full parser must read them.</summary>
    public static Func<CliContext, int>? Parse(IReadOnlyList<string> args)
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

        return name switch
        {
            _ when name != "update" && positionals.Count > 0 => null,
            "next" => context => NextCommand.Run(context, new NextCommand.Options(file, json)),
            "status" or "progress" => context => StatusCommand.Run(context, new StatusCommand.Options(file, json, check)),
            "validate" => context => ValidateCommand.Run(context, new ValidateCommand.Options(file, json)),
            _ when positionals is [var id, "pass" or "fail"] =>
                context => UpdateCommand.Run(context, new UpdateCommand.Options(id, positionals[1], file, json)),
            _ => null,
        };
    }

    /// <summary>Runs the command when the arguments are fast-path ones; null when they are not.</summary>
    public static int? TryRun(string[] args, CliContext context)
    {
        var command = Parse(args);
        if (command is null)
        {
            return null;
        }

        // The same outcomes, printed the same way, as PaceCli.Run maps them for these commands.
        try
        {
            return command(context);
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

    /// <summary>A token that is only a value: not an option, not a response file (@file), not empty.</summary>
    private static bool IsValue(string token) => token.Length > 0 && token[0] is not ('-' or '@');
}
