namespace Pace.Core.Waves;

/// <summary>
/// One row of the transition table: in phase <see cref="From"/>, event <see cref="Event"/> (when
/// <see cref="Guard"/> holds) leads to <see cref="To"/> with exactly these <see cref="Effects"/>, in order.
/// <see cref="SpecMachine.Decide"/> checks every decision against the table, so it documents the
/// machine truthfully; docs/spec-state-machine.md is generated from it.
/// </summary>
public sealed record SpecTransition(SpecPhase From, string Event, string? Guard, SpecPhase To, IReadOnlyList<string> Effects);

/// <summary>Implemented by events that belong to one wave; Decide ignores them for any other wave.</summary>
public interface IWaveEvent
{
    int Wave { get; }
}
