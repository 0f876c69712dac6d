namespace Pace.Core.Features;

public sealed record FeatureProgress(int Passing, int Failing, int Total)
{
    /// <summary>Passing share in percent, rounded to one decimal as the seed's helpers report it.</summary>
    public double Percentage => Total == 0 ? 0 : Math.Round(Passing * 1000.0 / Total, MidpointRounding.AwayFromZero) / 10;

    public bool IsComplete => Failing == 0;
}
