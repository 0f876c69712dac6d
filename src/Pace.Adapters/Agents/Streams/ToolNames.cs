namespace Pace.Adapters.Agents.Streams;

/// <summary>Tool names by call id, so that a tool's result can name its tool. Bounded: old ids are forgotten.</summary>
internal sealed class ToolNames
{
    private const int Capacity = 256;
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public void Remember(string? id, string name)
    {
        if (id is null || !_names.TryAdd(id, name))
        {
            return;
        }

        _order.Enqueue(id);
        if (_order.Count > Capacity)
        {
            _names.Remove(_order.Dequeue());
        }
    }

    public string? Find(string? id) => id is not null && _names.TryGetValue(id, out var name) ? name : null;

    public bool Knows(string? id) => id is not null && _names.ContainsKey(id);
}
