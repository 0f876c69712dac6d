namespace Pace.Core.Notifications;

/// <summary>Takes notices from the loop and the spec runner; never blocks them and never throws.</summary>
public interface INotifier
{
    void Send(Notice notice);
}
