using Pace.Cli;

return PaceCli.Run(args, CliContext.FromProcess());
