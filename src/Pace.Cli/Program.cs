using Pace.Cli;

var context = CliContext.FromProcess();
return FastPath.TryRun(args, context) ?? PaceCli.Run(args, context);
