using Pace.Adapters.Processes;

namespace Pace.Adapters.Git;

/// <summary>The output of one git command.</summary>
internal sealed record GitOutput(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Standard output without the trailing newline.</summary>
    public string Text => Stdout.TrimEnd('\n');

    /// <summary>The fields of NUL-separated output (<c>-z</c>), empty ones dropped.</summary>
    public IReadOnlyList<string> Fields => Stdout.TrimEnd('\n').Split('\0', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>
/// Runs <c>git -C root ...</c> with a fixed, non-interactive environment: C locale (so messages can
/// be read), no prompts, no pager, no optional locks, literal pathspecs (a file named <c>*.txt</c>
/// means that file). Variables that would point git elsewhere (GIT_DIR, GIT_INDEX_FILE) are removed
/// unless Pace sets them. The caller's environment (author, committer, dates, isolated config) is
/// passed on to every command.
/// </summary>
internal sealed class GitCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    private readonly IReadOnlyDictionary<string, string?> _environment;

    public GitCli(string root, IReadOnlyDictionary<string, string?>? environment, bool localOnly = false)
    {
        Root = Path.GetFullPath(root);
        LocalOnly = localOnly;
        var merged = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["LC_ALL"] = "C",
            ["LANGUAGE"] = null,
            ["GIT_TERMINAL_PROMPT"] = "0",
            ["GIT_PAGER"] = "cat",
            ["PAGER"] = "cat",
            ["GIT_EDITOR"] = "true",
            ["GIT_OPTIONAL_LOCKS"] = "0",
            ["GIT_LITERAL_PATHSPECS"] = "1",
            ["GIT_DIR"] = null,
            ["GIT_WORK_TREE"] = null,
            ["GIT_INDEX_FILE"] = null,
            ["GIT_COMMON_DIR"] = null,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            merged[name] = value;
        }

        _environment = merged;
    }

    public string Root { get; }

    /// <summary>
    /// Only commands on the local repository (no fetch, push or other remote): git starts without a
    /// process group of its own (one exec less each, see <see cref="ProcessSpec.OwnProcessGroup"/>).
    /// </summary>
    public bool LocalOnly { get; }

    /// <summary>The same settings for another folder (a worktree of the same repository).</summary>
    public GitCli At(string folder) => new(folder, _environment, LocalOnly) { LockWait = LockWait, LockBusy = LockBusy };

    /// <summary>Runs git; a non-zero exit code is an error.</summary>
    public async Task<GitOutput> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken, string? input = null, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var output = await TryAsync(arguments, cancellationToken, input, extra).ConfigureAwait(false);
        return output.ExitCode == 0 ? output : throw Failure(arguments, output);
    }

    /// <summary>
    /// Commit messages pass the redactor before git stores them for good: the value of every <c>-m</c>,
    /// and the standard input of <c>commit</c> and <c>commit-tree</c> (the only commands Pace feeds a
    /// message that way; pathspec lists go to others).
    /// </summary>
    private static (IReadOnlyList<string> Arguments, string? Input) WithRedactedMessage(IReadOnlyList<string> arguments, string? input)
    {
        var redactor = Security.Secrets.Current;
        string[]? changed = null;
        for (var i = 0; i + 1 < arguments.Count; i++)
        {
            if (arguments[i] == "-m" && redactor.Finds(arguments[i + 1]))
            {
                changed ??= [.. arguments];
                changed[i + 1] = redactor.Redact(arguments[i + 1]);
            }
        }

        if (input is not null && (arguments.Contains("commit") || arguments.Contains("commit-tree")))
        {
            input = redactor.Redact(input);
        }

        return (changed ?? arguments, input);
    }

    /// <summary>
    /// How long a command that finds a git lock file taken (index.lock, HEAD.lock, ...) while a git
    /// process runs there is tried again: that process holds the lock for a moment, such as one that a
    /// killed Pace had started and that is still finishing while the run resumes. A lock that no git
    /// process can hold any more (its process was killed with Pace's process group) is removed at once
    /// (<see cref="GitLocks"/>).
    /// </summary>
    public TimeSpan LockWait { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Called with git's message each time a command waits for a lock a git process may hold (for tests).</summary>
    public Action<string>? LockBusy { get; init; }

    /// <summary>Runs git and returns whatever it did; the caller reads the exit code.</summary>
    public async Task<GitOutput> TryAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken, string? input = null, IReadOnlyDictionary<string, string?>? extra = null)
    {
        (arguments, input) = WithRedactedMessage(arguments, input);
        var waited = TimeSpan.Zero;
        var pause = TimeSpan.FromMilliseconds(25);
        var removed = 0;
        while (true)
        {
            var output = await TryOnceAsync(arguments, input, extra, cancellationToken).ConfigureAwait(false);
            if (output.ExitCode == 0 || GitLocks.Taken(output.Stderr) is not { } lockFile)
            {
                return output;
            }

            if (removed < 3 && GitLocks.RemoveIfStale(lockFile))
            {
                removed++;
                continue;
            }

            if (waited >= LockWait)
            {
                return output;
            }

            LockBusy?.Invoke(output.Stderr);
            await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
            waited += pause;
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(1).Ticks));
        }
    }

    private async Task<GitOutput> TryOnceAsync(IReadOnlyList<string> arguments, string? input, IReadOnlyDictionary<string, string?>? extra, CancellationToken cancellationToken)
    {
        var environment = _environment;
        if (extra is not null)
        {
            var merged = new Dictionary<string, string?>(_environment, StringComparer.Ordinal);
            foreach (var (name, value) in extra)
            {
                merged[name] = value;
            }

            environment = merged;
        }

        var spec = new ProcessSpec("git", ["-C", Root, .. arguments], Root)
        {
            Environment = environment,
            StandardInput = input,
            Timeout = Timeout,
            // NUL-separated listings (-z) arrive as one "line"; a large repository makes it long.
            MaxLineLength = int.MaxValue / 4,
            OwnProcessGroup = !LocalOnly,
        };

        ProcessResult result;
        string stdout;
        string stderr;
        try
        {
            (result, stdout, stderr) = await ProcessRunner.CaptureAsync(spec, cancellationToken).ConfigureAwait(false);
        }
        catch (ProcessStartException e)
        {
            throw new GitException($"cannot run git: {e.Message}", e);
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (result.TimedOut)
        {
            throw new GitException(Describe(arguments), -1, $"timed out after {Timeout}\n{stderr}");
        }

        return new GitOutput(result.ExitCode, stdout, stderr);
    }

    public GitException Failure(IReadOnlyList<string> arguments, GitOutput output) =>
        new(Describe(arguments), output.ExitCode, output.Stderr);

    private string Describe(IReadOnlyList<string> arguments) =>
        $"git -C {Root} {string.Join(' ', arguments.Select(a => a.Contains(' ', StringComparison.Ordinal) || a.Length == 0 ? $"\"{a}\"" : a))}";
}
