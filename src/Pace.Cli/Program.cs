using Pace.Cli;

var context = CliContext.FromProcess();
if (FastPath.Parse(args) is { } command)
{
    FastPath.HoldCollections(command, context);
    return FastPath.Run(command, context);
}

return PaceCli.Run(args, context);
