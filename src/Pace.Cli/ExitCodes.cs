namespace Pace.Cli;

/// <summary>Exit codes, as documented in docs/exit-codes.md. One place maps outcomes to them: <see cref="PaceCli"/>.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failed = 1;

    /// <summary>Bad usage or bad input (nothing was changed), and <c>status --check</c> while features remain.</summary>
    public const int InputError = 2;

    public const int Waiting = 3;
    public const int Interrupted = 130;
    public const int Terminated = 143;
    public const int InternalError = 70;

    /// <summary>The disk (or the user's quota) is full where Pace writes; the message names the file or command. sysexits' EX_IOERR.</summary>
    public const int NoSpace = 74;

    /// <summary>`pace run` stopped because waiting for an agent's usage window would pass usageLimits.maxPauseHours. sysexits' EX_TEMPFAIL.</summary>
    public const int UsageLimit = 75;
}
