using Pace.Cli;

var context = CliContext.FromProcess();
if (FastPath.Parse(args) is { } command)
{
    FastPath.PrepareShortProcess(command, context);
    return FastPath.Run(command, context);
}

return PaceCli.Run(args, context);
