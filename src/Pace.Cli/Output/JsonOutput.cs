using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Pace.Core.Diagnostics;
using Pace.Core.Features;

namespace Pace.Cli.Output;

/// <summary>
/// Writes the --json shapes with a Utf8JsonWriter: the key order is the documented one, and no
/// reflection is involved (the fast, trimmed build depends on that).
/// </summary>
internal static class JsonOutput
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(TextWriter output, Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            body(writer);
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    public static void Progress(Utf8JsonWriter json, FeatureProgress progress)
    {
        json.WriteNumber("passing", progress.Passing);
        json.WriteNumber("failing", progress.Failing);
        json.WriteNumber("total", progress.Total);
        json.WriteNumber("percentage", progress.Percentage);
    }

    public static void FeatureSummary(Utf8JsonWriter json, Feature feature)
    {
        json.WriteString("id", feature.Id.Value);
        json.WriteString("description", feature.Description);
        if (feature.Priority is { } priority)
        {
            json.WriteString("priority", priority.Name());
        }
        else
        {
            json.WriteNull("priority");
        }

        json.WriteString("category", feature.Category);
    }

    /// <summary>A stuck feature: {featureId, attempts, lastReasons} (`pace run --json`, the dashboard).</summary>
    public static void StuckFeature(Utf8JsonWriter json, Pace.Core.Loop.FeatureAttempts stuck)
    {
        json.WriteStartObject();
        json.WriteString("featureId", stuck.FeatureId);
        json.WriteNumber("attempts", stuck.Failures);
        Strings(json, "lastReasons", stuck.LastReasons);
        json.WriteEndObject();
    }

    /// <summary>An array of strings named <paramref name="name"/>.</summary>
    public static void Strings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    /// <summary>
    /// An array of problems; <paramref name="subject"/> names what a problem belongs to: a feature
    /// (featureId) for the feature-list commands, a task for the spec commands.
    /// </summary>
    public static void Diagnostics(Utf8JsonWriter json, string name, IEnumerable<Diagnostic> diagnostics, string subject = "featureId")
    {
        json.WriteStartArray(name);
        foreach (var d in diagnostics)
        {
            json.WriteStartObject();
            json.WriteString(subject, d.Subject);
            json.WriteString("field", d.Field);
            json.WriteString("message", d.Message);
            json.WriteString("file", d.File);
            if (d.Line is { } line)
            {
                json.WriteNumber("line", line);
                json.WriteNumber("column", d.Column ?? 0);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>The error object printed in --json mode when a feature-list command cannot run.</summary>
    public static void Error(TextWriter output, InputException error, Action<Utf8JsonWriter>? extra = null) =>
        Write(output, json =>
        {
            json.WriteStartObject();
            json.WriteBoolean("success", false);
            extra?.Invoke(json);
            json.WriteString("error", error.Message);
            Diagnostics(json, "errors", error.Diagnostics);
            json.WriteEndObject();
        });

    /// <summary>The error object printed in --json mode when a spec command cannot run: the spec it was given, and each problem's task.</summary>
    public static void SpecError(TextWriter output, string spec, InputException error) =>
        Write(output, json =>
        {
            json.WriteStartObject();
            json.WriteBoolean("success", false);
            json.WriteString("spec", spec);
            json.WriteString("error", error.Message);
            Diagnostics(json, "errors", error.Diagnostics, subject: "task");
            json.WriteEndObject();
        });
}
