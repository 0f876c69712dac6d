using System.Globalization;
using System.Net.Http.Headers;

namespace Pace.Adapters.Notifications;

/// <summary>
/// pace.notify.webhook: one HTTP POST of the notice's JSON, no redirects followed, no retry. The URL
/// may hold a token: messages name only its host, and anything the HTTP stack says has the URL cut out.
/// </summary>
internal sealed class WebhookTarget(HttpClient http, Uri url) : INoticeTarget
{
    public string Name => $"webhook ({url.Host})";

    public async Task<string?> SendAsync(Outgoing outgoing, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        using var content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(outgoing.Json));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        try
        {
            using var response = await http.PostAsync(url, content, limit.Token).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? null : $"it answered HTTP {(int)response.StatusCode}";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"no answer in {timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s";
        }
        catch (OperationCanceledException)
        {
            return "given up: Pace is exiting";
        }
        catch (HttpRequestException e)
        {
            return "it could not be reached: " + Clean(e);
        }
    }

    private string Clean(Exception e)
    {
        var text = e.InnerException is { } inner ? $"{e.Message} ({inner.Message})" : e.Message;
        return text.Replace(url.OriginalString, "<url>", StringComparison.Ordinal).Replace(url.AbsoluteUri, "<url>", StringComparison.Ordinal);
    }
}
