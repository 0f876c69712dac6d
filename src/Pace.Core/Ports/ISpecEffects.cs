using Pace.Core.Waves;

namespace Pace.Core.Ports;

/// <summary>
/// Performs the effects <see cref="SpecMachine.Decide"/> asks for (git, the forge, agents, checks)
/// and reports each outcome through <c>report</c>, which persists the decision it leads to before
/// it returns. Reports may come from several tasks at once; the executor serialises them.
/// Every effect must be safe to perform again after a crash.
/// </summary>
public interface ISpecEffects
{
    Task PerformAsync(SpecEffect effect, SpecState state, Func<SpecEvent, Task> report, CancellationToken cancellationToken);
}
