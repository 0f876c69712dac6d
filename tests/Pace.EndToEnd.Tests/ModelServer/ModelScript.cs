namespace Pace.EndToEnd.Tests.ModelServer;

/// <summary>
/// The answers for every conversation that contains <see cref="Marker"/>: step N answers the request
/// in which the model has already taken N turns. Past the last step the model says <see cref="Finished"/>.
/// </summary>
public sealed record ModelScript(string Marker, IReadOnlyList<ScriptStep> Steps)
{
    public const string Finished = "script finished";

    public ModelScript(string marker, params ScriptStep[] steps)
        : this(marker, (IReadOnlyList<ScriptStep>)steps)
    {
    }

    public ScriptStep StepFor(int turns) => turns < Steps.Count ? Steps[turns] : new Say(Finished);

    /// <summary>The step at <paramref name="now"/>: a <see cref="RateLimited"/> step whose reset has passed is skipped.</summary>
    public ScriptStep StepFor(int turns, DateTimeOffset now)
    {
        var steps = Steps.Where(s => s is not RateLimited limited || limited.Refuses(now)).ToList();
        return turns < steps.Count ? steps[turns] : new Say(Finished);
    }
}
