using System.CommandLine;
using Pace.Cli.Commands;
using Pace.Core.Diagnostics;

namespace Pace.Cli;

/// <summary>The composition root: builds the command tree and maps every outcome to an exit code.</summary>
public static class PaceCli
{
    public static int Run(string[] args, CliContext context)
    {
        context = context.Redacted();
        try
        {
            return RunRedacted(args, context);
        }
        finally
        {
            context.Out.Flush();
            context.Error.Flush();
        }
    }

    private static int RunRedacted(string[] args, CliContext context)
    {
        using var signals = context.HandleSignals ? new SignalCancellation() : null;
        context = signals is null ? context : context with { Cancellation = signals.Token };
        var root = new RootCommand("Pace runs AI coding agents over a project's features and specs; Pace, not the agent, decides what is done.");
        root.Subcommands.Add(InitCommand.Create(context));
        root.Subcommands.Add(StatusCommand.Create(context));
        root.Subcommands.Add(NextCommand.Create(context));
        root.Subcommands.Add(UpdateCommand.Create(context));
        root.Subcommands.Add(ValidateCommand.Create(context));
        root.Subcommands.Add(VerifyCommand.Create(context));
        root.Subcommands.Add(RunCommand.Create(context));
        root.Subcommands.Add(DemoCommand.Create(context));
        root.Subcommands.Add(EvidenceCommand.Create(context));
        root.Subcommands.Add(DoctorCommand.Create(context));
        root.Subcommands.Add(SpecCommand.Create(context));
        root.Subcommands.Add(ReviewCommand.Create(context));
        root.Subcommands.Add(PlanCommand.Create(context));
        root.Subcommands.Add(FleetCommand.Create(context));
        root.Subcommands.Add(WorkerCommand.Create(context));
        root.Subcommands.Add(Dashboard.DashboardCommand.Create(context));

        // A token starting with @ is a value (a feature id such as @web/login), never a file of arguments to read.
        var parsed = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
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
            return parsed.Invoke(new InvocationConfiguration
            {
                Output = context.Out,
                Error = context.Error,
                EnableDefaultExceptionHandler = false,
                // Signals are Pace's own (SignalCancellation): a run needs its time to clean up.
                ProcessTerminationTimeout = null,
            });
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
        catch (Pace.Adapters.Storage.RunLockedException e)
        {
            context.Error.WriteLine($"pace: {e.Message}");
            return ExitCodes.InputError;
        }
        catch (Pace.Adapters.Fleet.FleetException e)
        {
            context.Error.WriteLine($"pace: {e.Message}");
            return ExitCodes.Failed;
        }
        catch (OperationCanceledException)
        {
            context.Error.WriteLine("pace: interrupted; the state is saved and 'pace run' resumes");
            return signals?.Received == System.Runtime.InteropServices.PosixSignal.SIGTERM ? ExitCodes.Terminated : ExitCodes.Interrupted;
        }
        catch (Exception e) when (NoSpace.Describe(e) is { } where)
        {
            context.Error.WriteLine($"pace: out of disk space: {where}\npace: free some space and run the command again; a run resumes where it stopped");
            return ExitCodes.NoSpace;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            context.Error.WriteLine($"pace: internal error: {e}");
            return ExitCodes.InternalError;
        }
    }
}
