using Pace.Core.Waves;

namespace Pace.Core.Ports;

/// <summary>A spec run's persisted state: the state file (rewritten atomically) and an append-only journal of steps.</summary>
public interface ISpecRunStore
{
    /// <summary>The saved state, or null when the spec has never run here.</summary>
    SpecState? Load();

    void Save(SpecState state);

    void Journal(string step, string? detail = null);
}
