using System.Globalization;
using Pace.Bench.Loop;

// pace-bench-loop overhead [--features N] [--files N] [--keep]
// pace-bench-loop memory [--megabytes N]
// pace-bench-loop spawn [--runs N]
// Results go to standard output as Markdown.
var command = args.FirstOrDefault() ?? "";
int Option(string name, int fallback) =>
    Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;

Console.WriteLine(Machine.Describe());
switch (command)
{
    case "overhead":
        await OverheadBench.RunAsync(Option("--features", 100), Option("--files", 1000), args.Contains("--keep"), Console.Out);
        return 0;
    case "memory":
        await MemoryBench.RunAsync(Option("--megabytes", 1024), Console.Out);
        return 0;
    case "spawn":
        await SpawnBench.RunAsync(Option("--runs", 200), Console.Out);
        return 0;
    default:
        await Console.Error.WriteLineAsync("usage: Pace.Bench.Loop overhead [--features 100] [--files 1000] [--keep] | memory [--megabytes 1024] | spawn [--runs 200]");
        return 2;
}
