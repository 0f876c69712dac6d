namespace Pace.Adapters.Loop;

/// <summary>One line of .pace/run/journal.jsonl, as <see cref="FileRunStore.Journal"/> writes it.</summary>
public sealed record JournalLine(DateTimeOffset At, string Step, int? Session, string? Detail);
