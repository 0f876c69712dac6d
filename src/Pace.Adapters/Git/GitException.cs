namespace Pace.Adapters.Git;

/// <summary>
/// A git command failed in a way Pace did not expect (a broken repository, a missing binary, a
/// refused operation). Expected outcomes such as a merge conflict are return values, not this.
/// </summary>
public sealed class GitException : Exception
{
    public GitException(string command, int exitCode, string stderr)
        : base($"'{command}' failed with exit code {exitCode}: {FirstLines(stderr)}")
    {
        Command = command;
        ExitCode = exitCode;
        Stderr = stderr;
    }

    public GitException(string message)
        : base(message)
    {
        Command = "";
        Stderr = "";
    }

    public GitException(string message, Exception innerException)
        : base(message, innerException)
    {
        Command = "";
        Stderr = "";
    }

    public GitException()
        : this("git failed")
    {
    }

    /// <summary>The command line as run, for the user to try by hand.</summary>
    public string Command { get; }

    public int ExitCode { get; }

    public string Stderr { get; }

    private static string FirstLines(string stderr)
    {
        var text = stderr.Trim();
        if (text.Length == 0)
        {
            return "(no error output)";
        }

        var lines = text.Split('\n');
        return lines.Length <= 5 ? text : string.Join('\n', lines[..5]) + "\n...";
    }
}
