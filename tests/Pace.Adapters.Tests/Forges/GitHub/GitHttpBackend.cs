using System.Diagnostics;
using System.Text;

namespace Pace.Adapters.Tests.Forges.GitHub;

/// <summary>
/// Serves git's smart HTTP protocol by running `git http-backend` as a CGI program over the fake's
/// bare repositories, so a push from Pace really lands in a repository the test can inspect.
/// (The bodies are binary pack data, which is why this uses Process directly and not ProcessRunner.)
/// </summary>
internal static class GitHttpBackend
{
    public static async Task<FakeResponse> RunAsync(string gitRoot, FakeRequest request, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("git", ["http-backend"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["GIT_PROJECT_ROOT"] = gitRoot;
        info.Environment["GIT_HTTP_EXPORT_ALL"] = "1";
        info.Environment["REMOTE_USER"] = "x-access-token";
        info.Environment["REMOTE_ADDR"] = "127.0.0.1";
        info.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        info.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        info.Environment["REQUEST_METHOD"] = request.Method;
        info.Environment["PATH_INFO"] = request.Path["/git".Length..];
        info.Environment["QUERY_STRING"] = request.Query.TrimStart('?');
        info.Environment["CONTENT_TYPE"] = request.Header("content-type") ?? "";
        info.Environment["CONTENT_LENGTH"] = request.Content.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["HTTP_CONTENT_ENCODING"] = request.Header("content-encoding") ?? "";
        info.Environment["HTTP_GIT_PROTOCOL"] = request.Header("git-protocol") ?? "";

        using var process = Process.Start(info)!;
        var stdout = new MemoryStream();
        var reading = process.StandardOutput.BaseStream.CopyToAsync(stdout, cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.StandardInput.BaseStream.WriteAsync(request.Content, cancellationToken);
        process.StandardInput.Close();
        await reading;
        await errors;
        await process.WaitForExitAsync(cancellationToken);
        return FromCgi(stdout.ToArray());
    }

    private static FakeResponse FromCgi(byte[] output)
    {
        var end = IndexOf(output, "\r\n\r\n"u8.ToArray(), out var separator);
        var head = Encoding.ASCII.GetString(output, 0, end);
        var status = 200;
        var headers = new List<(string, string)>();
        foreach (var line in head.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var (name, value) = (line[..colon], line[(colon + 1)..].Trim());
            if (name.Equals("Status", StringComparison.OrdinalIgnoreCase))
            {
                status = int.Parse(value.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            }
            else
            {
                headers.Add((name, value));
            }
        }

        return new FakeResponse(status, output[(end + separator)..], headers);
    }

    private static int IndexOf(byte[] data, byte[] crlf, out int separator)
    {
        for (var i = 0; i + 1 < data.Length; i++)
        {
            if (data[i] == '\n' && data[i + 1] == '\n')
            {
                separator = 2;
                return i;
            }

            if (i + crlf.Length <= data.Length && data.AsSpan(i, crlf.Length).SequenceEqual(crlf))
            {
                separator = crlf.Length;
                return i;
            }
        }

        separator = 0;
        return data.Length;
    }
}
