namespace Pace.Adapters.Processes;

/// <summary>What to start and how. Standard input is closed at once unless <see cref="StandardInput"/> is given.</summary>
public sealed record ProcessSpec(string FileName, IReadOnlyList<string> Arguments, string WorkingFolder)
{
    /// <summary>Variables to set for the child; a null value removes the variable.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>Text written to the child's standard input, which is then closed.</summary>
    public string? StandardInput { get; init; }

    /// <summary>The child (with everything it started) is killed when this much time has passed.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Every byte of standard output is appended to this file as it arrives.</summary>
    public string? StdoutFile { get; init; }

    /// <summary>Every byte of standard error is appended to this file as it arrives.</summary>
    public string? StderrFile { get; init; }

    /// <summary>Lines longer than this reach the line handlers cut to this length (the files keep them whole).</summary>
    public int MaxLineLength { get; init; } = 1 << 20;

    /// <summary>
    /// Starts the child in a session and process group of its own (through setsid on Linux), so a kill
    /// reaches everything it started, and it has no terminal. On by default; short local helpers that
    /// start nothing that outlives them (git plumbing) may turn it off to save setsid's extra exec. A
    /// timeout or cancellation then kills the child's process tree.
    /// </summary>
    public bool OwnProcessGroup { get; init; } = true;

    /// <summary>Called with the child's pid as soon as it runs; under setsid (Linux) it is also the id of the child's process group.</summary>
    public Action<int>? OnStarted { get; init; }
}

public sealed record ProcessResult(int ExitCode, bool TimedOut, bool Cancelled, TimeSpan Duration)
{
    public bool Succeeded => ExitCode == 0 && !TimedOut && !Cancelled;
}
