namespace Pace.Core.Waves;

/// <summary>
/// What <see cref="SpecMachine.Decide"/> returns: the state to persist and the effects to perform
/// after it is persisted. <see cref="Ignored"/> says why an event changed nothing (it does not fit
/// the phase, or it belongs to another wave); the state is then the same instance.
/// </summary>
public sealed record Decision(SpecState Next, IReadOnlyList<SpecEffect> Effects)
{
    public string? Ignored { get; init; }

    public static Decision Ignore(SpecState state, string reason) => new(state, []) { Ignored = reason };
}
