namespace Pace.Cli;

/// <summary>
/// Recognises a full disk (ENOSPC) or an exhausted quota (EDQUOT) in whatever failed: a file Pace
/// wrote (.NET gives the errno as the IOException's HResult on Unix, the Win32 code on Windows) or a
/// git command (git prints strerror's text). Not a bug in Pace: exit 74 with the place, no stack trace.
/// </summary>
internal static class NoSpace
{
    private const int Enospc = 28;
    private const int Edquot = 122;
    private const int ErrorDiskFull = 112;
    private const int ErrorHandleDiskFull = 39;

    private static readonly string[] Texts = ["No space left on device", "Disk quota exceeded"];

    /// <summary>The failed operation's own message (it names the file or the command), or null when the disk is not the cause.</summary>
    public static string? Describe(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is AggregateException aggregate)
            {
                return aggregate.InnerExceptions.Select(Describe).FirstOrDefault(d => d is not null);
            }

            var code = e.HResult & 0xFFFF;
            var full = e is IOException && (OperatingSystem.IsWindows() ? code is ErrorDiskFull or ErrorHandleDiskFull : e.HResult is Enospc or Edquot);
            if (full || Texts.Any(t => e.Message.Contains(t, StringComparison.OrdinalIgnoreCase)))
            {
                return e.Message.Trim();
            }
        }

        return null;
    }
}
