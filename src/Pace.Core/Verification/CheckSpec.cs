namespace Pace.Core.Verification;

/// <summary>One check Pace runs itself after a session: <paramref name="Command"/> goes through <c>sh -c</c> in the session's tree.</summary>
public sealed record CheckSpec(string Name, string Command, TimeSpan Timeout)
{
    /// <summary>How long a check or an acceptance command may run when nothing says otherwise (pace.checks[].timeoutSeconds).</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(10);

    /// <summary>A check that is only a command: named after it, with the default timeout.</summary>
    public static CheckSpec Of(string command) => new(command, command, DefaultTimeout);
}
