using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Pace.EndToEnd.Tests.ModelServer;

/// <summary>Takes the secrets out of a request before it is logged: key headers, key fields, key query parameters.</summary>
internal static partial class Redaction
{
    public const string Mask = "[redacted]";

    private static readonly HashSet<string> SecretHeaders = ["x-api-key", "authorization", "x-goog-api-key", "api-key", "cookie", "proxy-authorization"];

    public static LoggedRequest Log(ModelRequest request, string? protocol, string? marker, int? turns, string answer)
    {
        var secrets = request.Headers.Where(h => SecretHeaders.Contains(h.Key)).SelectMany(h => SecretParts(h.Value)).ToList();
        var headers = request.Headers.ToDictionary(h => h.Key, h => SecretHeaders.Contains(h.Key) ? Mask : h.Value, StringComparer.Ordinal);
        var target = KeyParameter().Replace(request.Target, m => m.Groups[1].Value + Mask);
        return new LoggedRequest(request.Method, target, headers, Body(request.Body, secrets), protocol, marker, turns, answer);
    }

    private static string Body(string body, IReadOnlyList<string> secrets)
    {
        string text;
        try
        {
            var node = JsonNode.Parse(body);
            MaskKeyFields(node);
            text = node?.ToJsonString() ?? body;
        }
        catch (System.Text.Json.JsonException)
        {
            text = body;
        }

        // A header's secret may be repeated anywhere in the body too.
        return secrets.Aggregate(text, (current, secret) => current.Replace(secret, Mask, StringComparison.Ordinal));
    }

    private static void MaskKeyFields(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).ToList())
                {
                    if (SecretField().IsMatch(name) && obj[name] is JsonValue)
                    {
                        obj[name] = Mask;
                    }
                    else
                    {
                        MaskKeyFields(obj[name]);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    MaskKeyFields(item);
                }

                break;
        }
    }

    /// <summary>"Bearer sk-..." leaks the token alone as well as the whole value.</summary>
    private static IEnumerable<string> SecretParts(string value) =>
        new[] { value }.Concat(value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)).Where(s => s.Length >= 4);

    [GeneratedRegex("(key|secret|password|token)$", RegexOptions.IgnoreCase)]
    private static partial Regex SecretField();

    [GeneratedRegex("([?&](?:key|api_key|apikey)=)[^&]*", RegexOptions.IgnoreCase)]
    private static partial Regex KeyParameter();
}
