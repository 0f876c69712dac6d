namespace Pace.Core.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void A_progress_of_nothing_is_complete() => new Pace.Core.Features.FeatureProgress(0, 0, 0).IsComplete.ShouldBeTrue();
}
