using System.CommandLine;
using Pace.Cli.Commands;
using Pace.Core.Diagnostics;

namespace Pace.Cli;

/// <summary>The composition root: builds the command tree and maps every outcome to an exit code.</summary>
public static class PaceCli
{
    public static int Run(string[] args, CliContext context)
    {
        var root = new RootCommand("Pace runs AI coding agents over a project's features and specs; Pace, not the agent, decides what is done.");
        root.Subcommands.Add(InitCommand.Create(context));
        root.Subcommands.Add(StatusCommand.Create(context));
        root.Subcommands.Add(NextCommand.Create(context));
        root.Subcommands.Add(UpdateCommand.Create(context));
        root.Subcommands.Add(ValidateCommand.Create(context));

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                context.Error.WriteLine($"pace: {error.Message}");
            }

            context.Error.WriteLine("Run 'pace --help' for usage.");
            return ExitCodes.InputError;
        }

        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = context.Out, Error = context.Error, EnableDefaultExceptionHandler = false });
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
        catch (OperationCanceledException)
        {
            context.Error.WriteLine("pace: interrupted");
            return ExitCodes.Interrupted;
        }
    }
}
