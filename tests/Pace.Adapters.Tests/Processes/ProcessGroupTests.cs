using Pace.Adapters.Processes;
using Pace.Adapters.Tests.Agents;

namespace Pace.Adapters.Tests.Processes;

public sealed class ProcessGroupTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_child_gets_a_process_group_of_its_own_unless_told_not_to(bool ownGroup)
    {
        var spec = new ProcessSpec("sh", ["-c", "cut -d ' ' -f 5 /proc/self/stat"], Path.GetTempPath()) { OwnProcessGroup = ownGroup };

        var (result, stdout, _) = await ProcessRunner.CaptureAsync(spec, Token);

        result.Succeeded.ShouldBeTrue();
        var ours = File.ReadAllText("/proc/self/stat");
        var ourGroup = ours[(ours.LastIndexOf(')') + 2)..].Split(' ')[2];
        (stdout.Trim() == ourGroup).ShouldBe(!ownGroup);
    }

    [Fact]
    public async Task A_timeout_kills_a_child_without_its_own_group_and_what_it_started()
    {
        var pids = new List<int>();
        var spec = new ProcessSpec("sh", ["-c", "sleep 60 & echo $!; wait"], Path.GetTempPath())
        {
            OwnProcessGroup = false,
            Timeout = TimeSpan.FromMilliseconds(500),
        };

        var result = await ProcessRunner.RunAsync(spec, line => pids.Add(int.Parse(line, System.Globalization.CultureInfo.InvariantCulture)), cancellationToken: Token);

        result.TimedOut.ShouldBeTrue();
        pids.Count.ShouldBe(1);
        (await ProcessProbe.IsGoneWithinAsync(pids[0], TimeSpan.FromSeconds(10))).ShouldBeTrue();
    }
}
