using System.Globalization;
using System.Text;

namespace Pace.Adapters.Tests.Forges.GitHub;

/// <summary>One request as the fake GitHub received it; headers are keyed in lower case.</summary>
internal sealed record FakeRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, byte[] Content)
{
    public string Body => Encoding.UTF8.GetString(Content);

    public string? Header(string name) => Headers.GetValueOrDefault(name.ToLowerInvariant());

    public string? QueryValue(string name) =>
        Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p[0] == name)
            .Select(p => Uri.UnescapeDataString(p.Length > 1 ? p[1] : ""))
            .FirstOrDefault();

    public override string ToString() => $"{Method} {Path}{Query}";
}

/// <summary>An answer of the fake GitHub.</summary>
internal sealed record FakeResponse(int Status, byte[] Content, IReadOnlyList<(string Name, string Value)> Headers)
{
    public static FakeResponse Json(int status, string json, params (string Name, string Value)[] headers) =>
        new(status, Encoding.UTF8.GetBytes(json), [("Content-Type", "application/json; charset=utf-8"), .. headers]);

    public static FakeResponse Empty(int status, params (string Name, string Value)[] headers) => new(status, [], headers);
}

/// <summary>The little HTTP/1.1 the fake needs: a request with a Content-Length or chunked body, one answer, then the connection closes.</summary>
internal static class FakeWire
{
    public static async Task<FakeRequest?> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var requestLine = await LineAsync(stream, cancellationToken);
        if (string.IsNullOrEmpty(requestLine))
        {
            return null;
        }

        var parts = requestLine.Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        string? line;
        while (!string.IsNullOrEmpty(line = await LineAsync(stream, cancellationToken)))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim().ToLowerInvariant()] = line[(colon + 1)..].Trim();
        }

        if (headers.TryGetValue("expect", out var expect) && expect.Equals("100-continue", StringComparison.OrdinalIgnoreCase))
        {
            await stream.WriteAsync("HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray(), cancellationToken);
            await stream.FlushAsync(cancellationToken);
        }

        var content = headers.TryGetValue("transfer-encoding", out var te) && te.Contains("chunked", StringComparison.OrdinalIgnoreCase)
            ? await ChunkedAsync(stream, cancellationToken)
            : await ExactAsync(stream, headers.TryGetValue("content-length", out var length) ? int.Parse(length, CultureInfo.InvariantCulture) : 0, cancellationToken);
        var target = parts[1];
        var q = target.IndexOf('?', StringComparison.Ordinal);
        return new FakeRequest(parts[0], q < 0 ? target : target[..q], q < 0 ? "" : target[q..], headers, content);
    }

    public static async Task WriteAsync(Stream stream, FakeResponse response, CancellationToken cancellationToken)
    {
        var head = new StringBuilder($"HTTP/1.1 {response.Status} {Reason(response.Status)}\r\n");
        foreach (var (name, value) in response.Headers)
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        head.Append("Content-Length: ").Append(response.Content.Length).Append("\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), cancellationToken);
        await stream.WriteAsync(response.Content, cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }

    private static async Task<byte[]> ChunkedAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        while (true)
        {
            var size = int.Parse((await LineAsync(stream, cancellationToken) ?? "0").Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                while (!string.IsNullOrEmpty(await LineAsync(stream, cancellationToken)))
                {
                    // Trailers are skipped.
                }

                return body.ToArray();
            }

            body.Write(await ExactAsync(stream, size, cancellationToken));
            await LineAsync(stream, cancellationToken);
        }
    }

    private static async Task<byte[]> ExactAsync(Stream stream, int count, CancellationToken cancellationToken)
    {
        var buffer = new byte[count];
        await stream.ReadExactlyAsync(buffer, cancellationToken);
        return buffer;
    }

    private static async Task<string?> LineAsync(Stream stream, CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (await stream.ReadAsync(one, cancellationToken) == 1)
        {
            if (one[0] == (byte)'\n')
            {
                return line.ToString().TrimEnd('\r');
            }

            line.Append((char)one[0]);
        }

        return line.Length == 0 ? null : line.ToString();
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        304 => "Not Modified",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        _ => "Status",
    };
}
