using System.Globalization;
using System.Text.Json.Serialization.Metadata;

namespace Pace.Adapters.Forges.GitHub;

public sealed partial class GitHubHttp
{
    private const int PerPage = 100;
    private const int MaxPages = 50;

    /// <summary>Every item of a list endpoint, page after page (100 a page), following rel="next".</summary>
    internal Task<IReadOnlyList<T>> GetAllAsync<T>(string path, JsonTypeInfo<List<T>> type, CancellationToken cancellationToken) =>
        GetAllAsync(path, type, page => page, null, cancellationToken);

    /// <summary>
    /// Every item of a list endpoint whose pages wrap the list in an object (<paramref name="itemsOf"/>
    /// takes it out; <paramref name="totalOf"/> reads the total the object states, if it states one).
    /// </summary>
    /// <remarks>
    /// A page answered 304 comes with the Link header cached when it was last read. GitHub does not
    /// say whether its ETag covers that header: a full last page may have stayed the same while the
    /// list grew past it, and its cached Link names no next page. So after a full page with no next
    /// link that is not fresh (a 304), or short of the total the answer states, the next page is asked
    /// for anyway (itself a conditional request: an empty page that stays empty costs nothing).
    /// </remarks>
    internal async Task<IReadOnlyList<T>> GetAllAsync<TPage, T>(
        string path,
        JsonTypeInfo<TPage> type,
        Func<TPage, IReadOnlyList<T>> itemsOf,
        Func<TPage, int>? totalOf,
        CancellationToken cancellationToken)
    {
        var items = new List<T>();
        string? next = WithQuery(path, "per_page", PerPage.ToString(CultureInfo.InvariantCulture));
        for (var page = 0; next is not null; page++)
        {
            if (page == MaxPages)
            {
                throw new GitHubApiException($"GitHub GET {path}: more than {MaxPages} pages; refusing to read on");
            }

            var response = await SendAsync(HttpMethod.Get, next, null, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccess)
            {
                throw Failure(HttpMethod.Get, path, response);
            }

            var answer = Read(response, type, HttpMethod.Get, path);
            var these = itemsOf(answer);
            items.AddRange(these);
            var current = next;
            next = response.NextLink;
            if (next is null && these.Count >= PerPage && (response.NotModified || (totalOf is not null && totalOf(answer) > items.Count)))
            {
                next = WithQuery(current, "page", (PageOf(current) + 1).ToString(CultureInfo.InvariantCulture));
            }
        }

        return items;
    }

    private static string? NextLink(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var values))
        {
            return null;
        }

        foreach (var part in string.Join(',', values).Split(','))
        {
            var pieces = part.Split(';');
            if (pieces.Length > 1 && pieces.Skip(1).Any(p => p.Trim() == "rel=\"next\""))
            {
                return pieces[0].Trim().TrimStart('<').TrimEnd('>');
            }
        }

        return null;
    }

    /// <summary>The page number a list URL asks for (GitHub's first page when it names none).</summary>
    private static int PageOf(string url) =>
        int.TryParse(QueryValue(url, "page"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var page) && page > 0 ? page : 1;

    private static string? QueryValue(string url, string name)
    {
        var q = url.IndexOf('?', StringComparison.Ordinal);
        return q < 0 ? null : url[(q + 1)..].Split('&').Select(p => p.Split('=', 2)).Where(p => p[0] == name && p.Length == 2).Select(p => p[1]).LastOrDefault();
    }

    /// <summary><paramref name="url"/> with <paramref name="name"/>=<paramref name="value"/> in its query, replacing any value it had.</summary>
    private static string WithQuery(string url, string name, string value)
    {
        var q = url.IndexOf('?', StringComparison.Ordinal);
        var kept = q < 0 ? [] : url[(q + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries).Where(p => p.Split('=', 2)[0] != name);
        return (q < 0 ? url : url[..q]) + "?" + string.Join('&', kept.Append($"{name}={value}"));
    }
}
