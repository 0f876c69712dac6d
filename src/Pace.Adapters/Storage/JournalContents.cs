using Pace.Core.Diagnostics;

namespace Pace.Adapters.Storage;

/// <summary>
/// The entries of a journal, and the warning about its last line when that line was torn (a
/// write cut short by a crash) or invalid and so was dropped.
/// </summary>
public sealed record JournalContents<T>(IReadOnlyList<T> Entries, Diagnostic? DroppedLastLine);
