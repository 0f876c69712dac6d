using System.Net;
using System.Security.Cryptography;
using System.Text;
using Pace.Adapters.Security;

namespace Pace.Cli.Dashboard;

/// <summary>Who may see the dashboard and act from it (docs/dashboard.md).</summary>
internal sealed class DashboardAccess
{
    private readonly string? _accessToken;
    private readonly HashSet<string> _hosts;
    private readonly string _cookie;

    /// <param name="accessToken">Required from every request when set (a dashboard bound off loopback).</param>
    /// <param name="loopbackHosts">The Host headers accepted without an access token (the addresses of a loopback binding), or null to accept any (with an access token).</param>
    public DashboardAccess(string? accessToken, IEnumerable<string>? loopbackHosts, int port)
    {
        _accessToken = accessToken;
        _cookie = DashboardServer.AccessCookie + port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _hosts = loopbackHosts is null ? [] : new HashSet<string>(loopbackHosts, StringComparer.OrdinalIgnoreCase);
        // Not given to the redactor: the page must carry it. It is worth nothing after this process ends.
        ActionToken = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        if (accessToken is not null)
        {
            Secrets.LearnValue(accessToken);
        }
    }

    public enum Verdict
    {
        Allowed,
        WrongHost,
        NoAccess,
        OpenedWithToken,
    }

    /// <summary>The token of this start that the page carries in every action: another site cannot read it.</summary>
    public string ActionToken { get; }

    public Verdict Check(HttpListenerRequest request)
    {
        // A loopback dashboard answers only to its own names: a page of another site whose name was
        // pointed at 127.0.0.1 (DNS rebinding) would send its own name.
        if (_hosts.Count > 0 && !_hosts.Contains(request.Headers["Host"] ?? ""))
        {
            return Verdict.WrongHost;
        }

        if (_accessToken is null)
        {
            return Verdict.Allowed;
        }

        if (Same(request.Cookies[_cookie]?.Value) || Same(Bearer(request.Headers["Authorization"])))
        {
            return Verdict.Allowed;
        }

        return request.HttpMethod == "GET" && request.Url?.AbsolutePath == "/" && Same(request.QueryString["access"])
            ? Verdict.OpenedWithToken
            : Verdict.NoAccess;
    }

    /// <summary>Whether a request may act: it carries this start's action token, and comes from this page if it names its origin.</summary>
    public bool ActionAllowed(HttpListenerRequest request)
    {
        var token = request.Headers[DashboardServer.ActionHeader];
        if (token is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(ActionToken)))
        {
            return false;
        }

        var origin = request.Headers["Origin"];
        return origin is null || (Uri.TryCreate(origin, UriKind.Absolute, out var uri) && string.Equals(uri.Authority, request.Headers["Host"], StringComparison.OrdinalIgnoreCase));
    }

    public string Cookie() => $"{_cookie}={_accessToken}; HttpOnly; SameSite=Strict; Path=/";

    private bool Same(string? given) =>
        _accessToken is not null && given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(_accessToken));

    private static string? Bearer(string? header) =>
        header is not null && header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..].Trim() : null;
}
