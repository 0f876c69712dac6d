using System.Text.Json;

namespace Pace.Bench.Loop;

/// <summary>One git process: its subcommand and git's own run time (trace2 "exit" t_abs), start-up of the process not included.</summary>
internal sealed record GitProcess(string Command, double Milliseconds, bool TopLevel);

/// <summary>
/// Reads git's trace2 event stream (GIT_TRACE2_EVENT=file, set on the workspace's environment only):
/// every git process appends a "start" event with its arguments and an "exit" event with its time.
/// </summary>
internal sealed class GitTrace(string path)
{
    private readonly Dictionary<string, string> _commands = new(StringComparer.Ordinal);
    private long _offset;

    public string Path { get; } = path;

    /// <summary>The git processes that ended since the last call.</summary>
    public IReadOnlyList<GitProcess> Take()
    {
        if (!File.Exists(Path))
        {
            return [];
        }

        using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(_offset, SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd();
        var complete = text.LastIndexOf('\n') + 1;
        _offset += System.Text.Encoding.UTF8.GetByteCount(text.AsSpan(0, complete));
        var processes = new List<GitProcess>();
        foreach (var line in text[..complete].Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            var sid = root.GetProperty("sid").GetString()!;
            switch (root.GetProperty("event").GetString())
            {
                case "start":
                    _commands[sid] = Subcommand(root.GetProperty("argv").EnumerateArray().Select(a => a.GetString()!).ToList());
                    break;
                case "exit":
                    processes.Add(new GitProcess(_commands.GetValueOrDefault(sid, "?"), root.GetProperty("t_abs").GetDouble() * 1000, !sid.Contains('/', StringComparison.Ordinal)));
                    _commands.Remove(sid);
                    break;
            }
        }

        return processes;
    }

    /// <summary>The first argument that is not an option of git itself ("-C DIR", "-c NAME=VALUE").</summary>
    private static string Subcommand(List<string> argv)
    {
        for (var i = 1; i < argv.Count; i++)
        {
            if (argv[i] is "-C" or "-c")
            {
                i++;
            }
            else if (!argv[i].StartsWith('-'))
            {
                return argv[i];
            }
        }

        return "?";
    }
}
