using System.Diagnostics;
using System.Security.Cryptography;

namespace Pace.Cli.Tests.Fleet;

/// <summary>
/// Hosts on this machine, each a network namespace of its own with one address on a private /24,
/// joined by veth pairs to a bridge in a namespace of their own. The namespaces have no route
/// anywhere else, so nothing the hosts send leaves them; a host is cut off by taking its link on the
/// bridge down. Needs root (ip netns), as the test run's PostgreSQL install does. Everything goes
/// when disposed: the processes in the namespaces, then the namespaces and their links.
/// </summary>
internal sealed class NetworkHosts : IAsyncDisposable
{
    private readonly string _prefix;
    private readonly string _subnet;
    private readonly List<string> _hosts;

    private NetworkHosts(string prefix, string subnet, List<string> hosts)
    {
        _prefix = prefix;
        _subnet = subnet;
        _hosts = hosts;
    }

    private string Hub => $"{_prefix}-hub";

    public static async Task<NetworkHosts> CreateAsync(params string[] hosts)
    {
        if (Environment.UserName != "root")
        {
            throw new InvalidOperationException("the fleet's network tests make hosts with network namespaces (ip netns), which needs root; run the tests as root, as .ci/run does");
        }

        // Names and a subnet of this test's own (interface names have 15 characters at most).
        var prefix = "pc" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2));
        var subnet = $"10.{RandomNumberGenerator.GetInt32(100, 250)}.{RandomNumberGenerator.GetInt32(0, 250)}";
        var made = new NetworkHosts(prefix, subnet, [.. hosts]);
        try
        {
            await IpAsync("netns", "add", made.Hub);
            await IpAsync("-n", made.Hub, "link", "set", "lo", "up");
            await IpAsync("-n", made.Hub, "link", "add", "br0", "type", "bridge");
            await IpAsync("-n", made.Hub, "link", "set", "br0", "up");
            for (var i = 0; i < hosts.Length; i++)
            {
                var space = made.Namespace(hosts[i]);
                var (outer, inner) = ($"{prefix}{i}a", $"{prefix}{i}b");
                await IpAsync("netns", "add", space);
                await IpAsync("-n", space, "link", "set", "lo", "up");
                await IpAsync("link", "add", outer, "type", "veth", "peer", "name", inner);
                await IpAsync("link", "set", outer, "netns", made.Hub);
                await IpAsync("link", "set", inner, "netns", space);
                await IpAsync("-n", made.Hub, "link", "set", outer, "master", "br0", "up");
                await IpAsync("-n", space, "addr", "add", $"{made.Address(hosts[i])}/24", "dev", inner);
                await IpAsync("-n", space, "link", "set", inner, "up");
            }

            return made;
        }
        catch
        {
            await made.DisposeAsync();
            throw;
        }
    }

    public string Namespace(string host) => $"{_prefix}-{host}";

    public string Address(string host) => $"{_subnet}.{_hosts.IndexOf(host) + 1}";

    /// <summary>A command run on <paramref name="host"/>: in its namespace.</summary>
    public (string FileName, IReadOnlyList<string> Arguments) On(string host, string fileName, IReadOnlyList<string> arguments) =>
        ("ip", ["netns", "exec", Namespace(host), fileName, .. arguments]);

    /// <summary>The host's link to the others goes down: it reaches nothing, and nothing reaches it.</summary>
    public Task CutAsync(string host) => IpAsync("-n", Hub, "link", "set", $"{_prefix}{_hosts.IndexOf(host)}a", "down");

    public Task JoinAsync(string host) => IpAsync("-n", Hub, "link", "set", $"{_prefix}{_hosts.IndexOf(host)}a", "up");

    public async ValueTask DisposeAsync()
    {
        foreach (var space in _hosts.Select(Namespace).Append(Hub))
        {
            // What still runs there goes first: a namespace's links go with it only when nothing holds it.
            var pids = await TryIpAsync("netns", "pids", space);
            foreach (var pid in pids.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                try
                {
                    Process.GetProcessById(int.Parse(pid, System.Globalization.CultureInfo.InvariantCulture)).Kill(entireProcessTree: true);
                }
                catch (ArgumentException)
                {
                    // Gone already.
                }
            }

            await TryIpAsync("netns", "del", space);
        }
    }

    private static async Task IpAsync(params string[] arguments)
    {
        var (code, output) = await RunIpAsync(arguments);
        code.ShouldBe(0, $"ip {string.Join(' ', arguments)}: {output}");
    }

    private static async Task<string> TryIpAsync(params string[] arguments) => (await RunIpAsync(arguments)).Output;

    private static async Task<(int Code, string Output)> RunIpAsync(string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo("ip", arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(bounded.Token);
        return (process.ExitCode, output + errors);
    }
}
