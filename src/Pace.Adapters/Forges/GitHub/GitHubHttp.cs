using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Pace.Adapters.Forges.GitHub;

/// <summary>
/// The transport to GitHub's REST API: authentication, conditional GETs (an ETag per URL, so a poll
/// that finds nothing new is a free 304), pagination through Link headers, and waiting out primary
/// and secondary rate limits on the injected clock. The token goes into one header and nowhere else;
/// what is logged is the method, the path and the status. Waits for a rate limit are also announced
/// to <c>notices</c> (the run's output), with when they end: a primary limit can hold Pace for an hour.
/// </summary>
public sealed partial class GitHubHttp
{
    private readonly HttpClient _client;
    private readonly Uri _apiBase;
    private readonly GitHubToken _token;
    private readonly TimeProvider _time;
    private readonly Action<string> _log;
    private readonly Action<string> _notices;
    private readonly Dictionary<string, CachedPage> _cache = new(StringComparer.Ordinal);

    public GitHubHttp(HttpClient client, Uri apiBase, GitHubToken token, TimeProvider time, Action<string>? log = null, Action<string>? notices = null)
    {
        _client = client;
        _apiBase = apiBase.AbsoluteUri.EndsWith('/') ? apiBase : new Uri(apiBase.AbsoluteUri + "/");
        _token = token;
        _time = time;
        _log = log ?? (_ => { });
        _notices = notices ?? (_ => { });
    }

    public Uri ApiBase => _apiBase;

    internal GitHubToken Token => _token;

    internal async Task<GitHubResponse> SendAsync(HttpMethod method, string path, string? json, CancellationToken cancellationToken)
    {
        // Pull request bodies, comments and replies quote agents and checks: they leave Pace redacted.
        json = json is null ? null : Security.Secrets.Redact(json);
        var url = Resolve(path);
        for (var attempt = 0; ; attempt++)
        {
            await WaitForPrimaryResetAsync(cancellationToken).ConfigureAwait(false);
            using var request = Request(method, url, json);
            using var response = await _client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            RecordRateLimit(response);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            var date = response.Headers.Date;
            if (response.StatusCode == HttpStatusCode.NotModified && Cached(url) is { } cached)
            {
                _log($"GitHub {method} {Describe(url)} -> 304 not modified");
                return new GitHubResponse(200, cached.Body, cached.NextLink, NotModified: true, date);
            }

            _log($"GitHub {method} {Describe(url)} -> {status}");
            if (status is 403 or 429 && attempt < MaxRetries && RetryDelay(response, body, attempt) is { } delay)
            {
                Announce($"GitHub rate limit on {Describe(url)}: waiting {Duration(delay)} (until {Clock(delay)}), then trying again ({attempt + 1} of {MaxRetries})");
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var next = NextLink(response);
            if (method == HttpMethod.Get && response.IsSuccessStatusCode && response.Headers.ETag is { } etag)
            {
                lock (_cache)
                {
                    _cache[url.AbsoluteUri] = new CachedPage(etag.ToString(), body, next);
                }
            }

            return new GitHubResponse(status, body, next, NotModified: false, date);
        }
    }

    /// <summary>Sends and reads a successful answer; any other status is a <see cref="GitHubApiException"/>.</summary>
    internal async Task<T> SendAsync<T>(HttpMethod method, string path, string? json, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        var response = await SendAsync(method, path, json, cancellationToken).ConfigureAwait(false);
        return response.IsSuccess ? Read(response, type, method, path) : throw Failure(method, path, response);
    }

    internal GitHubApiException Failure(HttpMethod method, string path, GitHubResponse response) =>
        new(method.Method, path, response.Status, _token.Redact(Explain(response.Body)));

    internal static string Json<T>(T value, JsonTypeInfo<T> type) => JsonSerializer.Serialize(value, type);

    private static T Read<T>(GitHubResponse response, JsonTypeInfo<T> type, HttpMethod method, string path)
    {
        try
        {
            return JsonSerializer.Deserialize(response.Body, type) ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            throw new GitHubApiException($"GitHub {method} {path}: the answer is not the JSON GitHub documents ({e.Message.Split(" Path:")[0]})", e);
        }
    }

    private HttpRequestMessage Request(HttpMethod method, Uri url, string? json)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github+json"));
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("Pace", "1.0"));
        request.Headers.Add("X-GitHub-Api-Version", "2022-11-28");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token.Reveal());
        if (method == HttpMethod.Get && Cached(url) is { } cached)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", cached.ETag);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return request;
    }

    private Uri Resolve(string path)
    {
        if (!path.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !path.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            return new Uri(_apiBase, path.TrimStart('/'));
        }

        // A next link is followed only inside the API base: the token must not travel to another host.
        var url = new Uri(path);
        return _apiBase.IsBaseOf(url) && url.Authority == _apiBase.Authority && url.Scheme == _apiBase.Scheme
            ? url
            : throw new GitHubApiException($"GitHub sent a link outside the API base {_apiBase}: {url.GetLeftPart(UriPartial.Path)}; not followed");
    }

    private string Describe(Uri url) => "/" + _apiBase.MakeRelativeUri(url).ToString();

    private CachedPage? Cached(Uri url)
    {
        lock (_cache)
        {
            return _cache.GetValueOrDefault(url.AbsoluteUri);
        }
    }

    private static string Explain(string body)
    {
        try
        {
            var error = JsonSerializer.Deserialize(body, GitHubJson.Default.WireError);
            var details = error?.Errors?.Select(e => e.Message ?? string.Join(' ', new[] { e.Resource, e.Field, e.Code }.Where(x => x is not null))) ?? [];
            var text = string.Join("; ", new[] { error?.Message }.Concat(details).Where(x => !string.IsNullOrWhiteSpace(x)));
            return text.Length > 0 ? text : "(no message)";
        }
        catch (JsonException)
        {
            return body.Length > 300 ? body[..300] + "..." : body;
        }
    }

    private sealed record CachedPage(string ETag, string Body, string? NextLink);
}
