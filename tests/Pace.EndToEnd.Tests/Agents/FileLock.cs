namespace Pace.EndToEnd.Tests.Agents;

/// <summary>
/// An exclusive lock between processes (and within one): a file opened with FileShare.None, which
/// .NET maps to flock on Unix. The lock goes with the handle, so a killed holder never leaves it taken.
/// </summary>
internal static class FileLock
{
    private static readonly TimeSpan Retry = TimeSpan.FromMilliseconds(200);

    public static async Task<IDisposable> AcquireAsync(string path, TimeSpan limit, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limit);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (!deadline.IsCancellationRequested)
            {
                // flock has no async wait: poll until the other holder lets go.
                try
                {
                    await Task.Delay(Retry, deadline.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new TimeoutException($"{path} stayed locked for {limit}; another test run may be installing the agent CLIs");
                }
            }
        }
    }
}
