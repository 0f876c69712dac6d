namespace Pace.Adapters.Processes;

/// <summary>The program could not be started at all (not found, not executable).</summary>
public sealed class ProcessStartException : Exception
{
    public ProcessStartException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ProcessStartException()
    {
    }

    public ProcessStartException(string message)
        : base(message)
    {
    }
}
