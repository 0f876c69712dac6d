using System.Globalization;
using System.Text;
using System.Text.Json;
using Pace.Adapters.Loop;
using Pace.Adapters.Storage;
using Pace.Core.Diagnostics;
using Pace.Core.Ports;
using Pace.Core.Waves;

namespace Pace.Adapters.Specs;

/// <summary>The state file (atomic, the seed's format) and the journal (.pace/specs/NAME/journal.jsonl, append-only, fsync per line).</summary>
public sealed class FileSpecRunStore(SpecLayout layout, TimeProvider clock) : ISpecRunStore
{
    public SpecState? Load()
    {
        var path = layout.StatePath;
        return File.Exists(path) ? SpecStateJson.Read(path, File.ReadAllBytes(path)) : null;
    }

    public void Save(SpecState state) => AtomicFile.Write(layout.StatePath, SpecStateJson.Write(state));

    public void Delete()
    {
        File.Delete(layout.StatePath);
    }

    /// <summary>
    /// Moves an unreadable state file aside (<c>STATE.broken-yyyyMMddTHHmmssZ</c>, beside it, the name
    /// <c>pace doctor --fix</c> uses too) so that the run can start over; returns where it went.
    /// </summary>
    public string SetAside()
    {
        var stamp = $"{layout.StatePath}.broken-{clock.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}";
        var aside = stamp;
        for (var n = 2; File.Exists(aside); n++)
        {
            aside = $"{stamp}-{n}";
        }

        File.Move(layout.StatePath, aside);
        return aside;
    }

    public void Journal(string step, string? detail = null) => AppendJournal(JournalLineOf(step, detail));

    /// <summary>The journal's line for a step now (one JSON object and its newline).</summary>
    public string JournalLineOf(string step, string? detail = null)
    {
        var line = new StringBuilder("{\"at\":\"")
            .Append(clock.GetUtcNow().UtcDateTime.ToString("O", CultureInfo.InvariantCulture))
            .Append("\",\"step\":").Append(JsonSerializer.Serialize(step, LoopAdapterJson.Default.String));
        if (detail is not null)
        {
            line.Append(",\"detail\":").Append(JsonSerializer.Serialize(detail, LoopAdapterJson.Default.String));
        }

        return line.Append("}\n").ToString();
    }

    /// <summary>Appends a line made by <see cref="JournalLineOf"/> (here, or by the run's earlier coordinator on another host); fsync'd.</summary>
    public void AppendJournal(string line)
    {
        Directory.CreateDirectory(layout.DataFolder);
        using var stream = new FileStream(layout.JournalPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
        stream.Write(Encoding.UTF8.GetBytes(line));
        stream.Flush(flushToDisk: true);
    }

    /// <summary>The steps journaled so far (for status output and tests).</summary>
    public IReadOnlyList<string> Steps()
    {
        if (!File.Exists(layout.JournalPath))
        {
            return [];
        }

        try
        {
            return File.ReadAllLines(layout.JournalPath)
                .Where(l => l.Length > 0)
                .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("step").GetString()!)
                .ToList();
        }
        catch (JsonException e)
        {
            throw new InputException($"{layout.JournalPath}: {JsonProblem.Describe(e)}", e);
        }
    }
}
