using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Pace.EndToEnd.Tests.ModelServer;

/// <summary>
/// The little of HTTP/1.1 the agent CLIs need: requests with Content-Length or chunked bodies on a
/// kept-alive connection, plain responses, and chunked responses that can be cut off mid-stream.
/// </summary>
internal sealed class HttpWire(NetworkStream stream) : IDisposable
{
    private readonly BufferedStream _input = new(stream, 1 << 16);

    public void Dispose() => _input.Dispose();

    /// <summary>The next request on the connection, or null when the client closed it.</summary>
    public async Task<ModelRequest?> ReadRequestAsync(CancellationToken cancellationToken)
    {
        var requestLine = await ReadLineAsync(cancellationToken);
        while (requestLine is { Length: 0 })
        {
            requestLine = await ReadLineAsync(cancellationToken);
        }

        if (requestLine is null)
        {
            return null;
        }

        var parts = requestLine.Split(' ');
        if (parts.Length < 3)
        {
            throw new InvalidDataException($"bad request line: {requestLine}");
        }

        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        string? line;
        while (!string.IsNullOrEmpty(line = await ReadLineAsync(cancellationToken)))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers[line[..colon].Trim().ToLowerInvariant()] = line[(colon + 1)..].Trim();
            }
        }

        var body = headers.TryGetValue("transfer-encoding", out var te) && te.Contains("chunked", StringComparison.OrdinalIgnoreCase)
            ? await ReadChunkedAsync(cancellationToken)
            : await ReadExactAsync(headers.TryGetValue("content-length", out var length) ? int.Parse(length, CultureInfo.InvariantCulture) : 0, cancellationToken);
        return new ModelRequest(parts[0], parts[1], headers, Encoding.UTF8.GetString(body));
    }

    public async Task WriteResponseAsync(int status, string contentType, string body, CancellationToken cancellationToken, IReadOnlyList<(string Name, string Value)>? headers = null)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var extra = string.Concat((headers ?? []).Select(h => $"{h.Name}: {h.Value}\r\n"));
        var head = $"HTTP/1.1 {status} {Reason(status)}\r\nContent-Type: {contentType}\r\nContent-Length: {bytes.Length}\r\n{extra}\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), cancellationToken);
        await stream.WriteAsync(bytes, cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }

    public async Task StartChunkedAsync(string contentType, CancellationToken cancellationToken)
    {
        var head = $"HTTP/1.1 200 OK\r\nContent-Type: {contentType}\r\nCache-Control: no-cache\r\nTransfer-Encoding: chunked\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }

    public async Task WriteChunkAsync(string text, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"{bytes.Length:x}\r\n"), cancellationToken);
        await stream.WriteAsync(bytes, cancellationToken);
        await stream.WriteAsync("\r\n"u8.ToArray(), cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }

    public async Task EndChunkedAsync(CancellationToken cancellationToken)
    {
        await stream.WriteAsync("0\r\n\r\n"u8.ToArray(), cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }

    private async Task<byte[]> ReadChunkedAsync(CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        while (true)
        {
            var sizeLine = await ReadLineAsync(cancellationToken) ?? throw new EndOfStreamException("chunked body cut off");
            var size = int.Parse(sizeLine.Split(';')[0].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                while (!string.IsNullOrEmpty(await ReadLineAsync(cancellationToken)))
                {
                    // Trailers are ignored.
                }

                return body.ToArray();
            }

            body.Write(await ReadExactAsync(size, cancellationToken));
            await ReadLineAsync(cancellationToken);
        }
    }

    private async Task<byte[]> ReadExactAsync(int count, CancellationToken cancellationToken)
    {
        var buffer = new byte[count];
        await _input.ReadExactlyAsync(buffer, cancellationToken);
        return buffer;
    }

    private async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (true)
        {
            if (await _input.ReadAsync(one, cancellationToken) == 0)
            {
                return line.Length == 0 ? null : line.ToString();
            }

            if (one[0] == (byte)'\n')
            {
                return line.ToString().TrimEnd('\r');
            }

            line.Append((char)one[0]);
        }
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        529 => "Overloaded",
        _ => "Status",
    };
}
