using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Pace.FakeAgent;

/// <summary>
/// The fake agent's steps, one per line of its script, each "name argument...":
/// print TEXT | stderr TEXT | file PATH (print a file's lines) | stdin (echo standard input) |
/// args PATH (write the arguments there, one per line) | env NAME (print a variable) |
/// write PATH TEXT (in the working folder) | pid PATH | child PATH (start a child that hangs,
/// write its pid) | garbage N | huge MEGABYTES | slow N MILLISECONDS | crash | hang | exit N.
/// </summary>
internal static class Steps
{
    public const string ScriptVariable = "PACE_FAKE_AGENT_SCRIPT";

    private static readonly Stream Stdout = Console.OpenStandardOutput();

    public static int Run(string script, string[] args)
    {
        foreach (var step in script.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var space = step.IndexOf(' ', StringComparison.Ordinal);
            var (name, argument) = space < 0 ? (step, "") : (step[..space], step[(space + 1)..]);
            switch (name)
            {
                case "print": Line(argument); break;
                case "stderr": Console.Error.WriteLine(argument); break;
                case "file": foreach (var line in File.ReadLines(argument)) { Line(line); } break;
                case "stdin": Echo(); break;
                case "args": File.WriteAllLines(argument, args); break;
                case "env": Line(Environment.GetEnvironmentVariable(argument) ?? ""); break;
                case "write": Write(argument); break;
                case "pid": File.WriteAllText(argument, Environment.ProcessId.ToString(CultureInfo.InvariantCulture)); break;
                case "child": Child(argument); break;
                case "garbage": Output.Garbage(int.Parse(argument, CultureInfo.InvariantCulture), Stdout); break;
                case "huge": Output.Huge(int.Parse(argument, CultureInfo.InvariantCulture), Stdout); break;
                case "slow": Slow(argument); break;
                case "crash": Crash(); break;
                case "hang": Thread.Sleep(Timeout.Infinite); break;
                case "exit": return int.Parse(argument, CultureInfo.InvariantCulture);
                default: Console.Error.WriteLine($"fake agent: unknown step '{name}'"); return 2;
            }
        }

        return 0;
    }

    private static void Line(string text)
    {
        Stdout.Write(Encoding.UTF8.GetBytes(text + "\n"));
        Stdout.Flush();
    }

    private static void Echo()
    {
        string? line;
        while ((line = Console.In.ReadLine()) is not null)
        {
            Line("stdin: " + line);
        }
    }

    private static void Write(string argument)
    {
        var space = argument.IndexOf(' ', StringComparison.Ordinal);
        var path = space < 0 ? argument : argument[..space];
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        Directory.CreateDirectory(folder!);
        File.WriteAllText(path, space < 0 ? "" : argument[(space + 1)..]);
    }

    private static void Child(string pidFile)
    {
        var info = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false };
        info.Environment[ScriptVariable] = "hang";
        using var child = Process.Start(info)!;
        File.WriteAllText(pidFile, child.Id.ToString(CultureInfo.InvariantCulture));
    }

    private static void Slow(string argument)
    {
        var parts = argument.Split(' ');
        var count = int.Parse(parts[0], CultureInfo.InvariantCulture);
        var interval = TimeSpan.FromMilliseconds(int.Parse(parts[1], CultureInfo.InvariantCulture));
        for (var i = 1; i <= count; i++)
        {
            Line($"tick {i}");
            Thread.Sleep(interval);
        }
    }

    /// <summary>Dies like a segfault would look to a shell: half a line out, exit code 139.</summary>
    private static void Crash()
    {
        Stdout.Write("{\"type\":\"assistant\",\"message\":{\"id\":\"m"u8);
        Stdout.Flush();
        Environment.Exit(139);
    }
}
