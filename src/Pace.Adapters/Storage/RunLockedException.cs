namespace Pace.Adapters.Storage;

/// <summary>Another Pace is running in this repository (or its lock cannot be read); this one must not start.</summary>
public sealed class RunLockedException : Exception
{
    public RunLockedException(string lockPath, RunLockHolder? holder, string message)
        : base(message)
    {
        LockPath = lockPath;
        Holder = holder;
    }

    public RunLockedException()
        : this("", null, "the run lock is held")
    {
    }

    public RunLockedException(string message)
        : this("", null, message)
    {
    }

    public RunLockedException(string message, Exception innerException)
        : base(message, innerException)
    {
        LockPath = "";
    }

    public string LockPath { get; }

    /// <summary>The holder named in the lock file, when it could be read.</summary>
    public RunLockHolder? Holder { get; }
}
