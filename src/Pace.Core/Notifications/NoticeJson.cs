using System.Globalization;
using System.Text.Json;
using Pace.Core.Security;

namespace Pace.Core.Notifications;

/// <summary>
/// The document a notice is sent as (the webhook's body, the command's standard input), and the
/// PACE_EVENT_* variables a command gets. Every text goes through the redactor, field by field and
/// then as a whole (a secret and its JSON-escaped spelling alike).
/// </summary>
public static class NoticeJson
{
    public const int Version = 1;

    /// <summary>Longer messages are cut: a notice is a line for a phone, not a log.</summary>
    public const int MaxMessageLength = 2000;

    public static string Write(Notice notice, string project, Redactor redactor)
    {
        ArgumentNullException.ThrowIfNull(notice);
        ArgumentNullException.ThrowIfNull(redactor);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions
        {
            // Read by scripts and chat hooks, not embedded in HTML: ' + < & stay as they are. Each field is already redacted.
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            json.WriteStartObject();
            json.WriteNumber("version", Version);
            json.WriteString("kind", notice.Kind);
            json.WriteString("project", redactor.Redact(project));
            json.WriteString("time", notice.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            json.WriteString("message", Message(notice, redactor));
            Text(json, "run", notice.Run, redactor);
            Text(json, "spec", notice.Spec, redactor);
            Number(json, "wave", notice.Wave);
            Text(json, "feature", notice.Feature, redactor);
            Text(json, "task", notice.Task, redactor);
            Text(json, "stopReason", notice.StopReason, redactor);
            Number(json, "passing", notice.Passing);
            Number(json, "total", notice.Total);
            if (notice.Pause is { } pause)
            {
                json.WriteStartObject("pause");
                json.WriteString("since", pause.Since);
                json.WriteString("until", pause.Until);
                json.WriteString("agent", redactor.Redact(pause.Agent));
                json.WriteString("reason", redactor.Redact(pause.Reason));
                json.WriteEndObject();
            }

            Number(json, "pullRequest", notice.PullRequest);
            Text(json, "nextAction", notice.NextAction, redactor);
            json.WriteEndObject();
        }

        return redactor.Redact(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    /// <summary>The variables a notify command gets; a field that does not apply is removed (null), not inherited from Pace's environment.</summary>
    public static IReadOnlyDictionary<string, string?> Variables(Notice notice, string project, Redactor redactor)
    {
        ArgumentNullException.ThrowIfNull(notice);
        ArgumentNullException.ThrowIfNull(redactor);
        string? R(string? value) => value is null ? null : redactor.Redact(value);
        return new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["PACE_EVENT_KIND"] = notice.Kind,
            ["PACE_EVENT_PROJECT"] = R(project),
            ["PACE_EVENT_TIME"] = notice.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["PACE_EVENT_MESSAGE"] = Message(notice, redactor),
            ["PACE_EVENT_RUN"] = R(notice.Run ?? notice.Spec),
            ["PACE_EVENT_FEATURE"] = R(notice.Feature ?? notice.Task),
            ["PACE_EVENT_STOP_REASON"] = R(notice.StopReason),
            ["PACE_EVENT_PAUSE_UNTIL"] = notice.Pause?.Until.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        };
    }

    private static string Message(Notice notice, Redactor redactor)
    {
        var text = redactor.Redact(notice.Message);
        return text.Length > MaxMessageLength ? text[..MaxMessageLength] + "..." : text;
    }

    private static void Text(Utf8JsonWriter json, string name, string? value, Redactor redactor)
    {
        if (value is not null)
        {
            json.WriteString(name, redactor.Redact(value));
        }
    }

    private static void Number(Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
    }
}
