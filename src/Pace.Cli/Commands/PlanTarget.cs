using Pace.Adapters.Storage;
using Pace.Core.Diagnostics;
using Pace.Core.Features;
using Pace.Core.Plans;
using Pace.Core.Specs;

namespace Pace.Cli.Commands;

/// <summary>
/// Where a plan goes: a new file (never one that exists), or with --merge an existing list or spec
/// whose items and their statuses stay byte for byte; written atomically, the old file kept as .bak.
/// </summary>
internal sealed record PlanTarget(string Path, PlanFormat Format, byte[]? Existing, IReadOnlySet<string> ExistingIds)
{
    public static PlanTarget Resolve(CliContext context, PlanCommand.Options options)
    {
        var format = options.Format ?? (options.Spec is null ? PlanFormat.FeatureList : PlanFormat.Spec);
        if (format != PlanFormat.FeatureList && options.Spec is null && options.Output is null)
        {
            throw new InputException($"--format {format.Name()} needs --spec NAME (or --output FILE)");
        }

        var folder = context.WorkingFolder;
        var path = options.Output is { } output ? System.IO.Path.GetFullPath(output, folder) : format switch
        {
            PlanFormat.FeatureList => System.IO.Path.Combine(folder, FeatureListFiles.FileName),
            PlanFormat.Spec => System.IO.Path.Combine(folder, "specs", options.Spec + ".json"),
            _ => AgentOsTasks(folder, options.Spec!, context.Clock.GetUtcNow()),
        };
        var exists = File.Exists(path);
        if (exists && !options.Merge)
        {
            throw new InputException($"{path} exists and Pace does not overwrite it: add --merge to append the plan's new items to it, or give --output FILE");
        }

        if (!exists && options.Merge)
        {
            throw new InputException($"--merge: {path} does not exist; leave --merge out to write a new file");
        }

        if (!exists)
        {
            return new PlanTarget(path, format, null, new HashSet<string>());
        }

        var bytes = File.ReadAllBytes(path);
        var errors = (format == PlanFormat.FeatureList ? FeatureListParser.Parse(path, bytes).Errors : SpecParser.Parse(path, bytes).Errors).ToList();
        if (errors.Count > 0)
        {
            throw new InputException($"{path}: {errors.Count} problem{(errors.Count == 1 ? "" : "s")} found; fix the file before merging a plan into it (nothing was changed)", errors);
        }

        var ids = PlanLinter.Lint(path, bytes, format).Ids.ToHashSet(StringComparer.Ordinal);
        return new PlanTarget(path, format, bytes, ids);
    }

    /// <summary>
    /// The file as the plan would leave it, and the problems of that file as a whole (nothing is
    /// written yet): a merge must never leave a file that `pace validate` or the spec commands
    /// reject, whatever the plan's own lint missed. Each problem is placed on the plan, at its start.
    /// </summary>
    public (byte[] Bytes, IReadOnlyList<Diagnostic> Problems) Merge(string planPath, byte[] plan, DateTimeOffset now)
    {
        if (Existing is null)
        {
            return (plan, []);
        }

        var merged = PlanMerge.Append(Existing, plan, Format);
        var parsed = Format == PlanFormat.FeatureList ? FeatureListParser.Parse(Path, merged) : null;
        var errors = parsed?.Errors ?? SpecParser.Parse(Path, merged).Errors;
        var problems = errors
            .Select(e => Diagnostic.Error(planPath, new TextPosition(1, 1), $"merged into {Path}, the plan would make it invalid: line {e.Line}, column {e.Column}: {e.Message}"))
            .ToList();
        if (problems.Count == 0 && parsed is not null)
        {
            var list = parsed.List ?? throw new InvalidOperationException("the merged feature list has no errors but no list");
            merged = FeatureListEditor.SetPasses(list, new Dictionary<FeatureId, bool>(), now);
        }

        return (merged, problems);
    }

    /// <summary>Writes what <see cref="Merge"/> made (atomically; a merge keeps the previous file as .bak).</summary>
    public string Write(byte[] bytes)
    {
        if (Existing is null)
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            AtomicFile.WriteVerbatim(Path, bytes);
            return $"wrote the plan to {Path}";
        }

        // The file may have changed while the agent was planning (a `pace update`): merging into
        // what was read would undo that change.
        if (!File.ReadAllBytes(Path).AsSpan().SequenceEqual(Existing))
        {
            throw new InputException($"{Path} changed while the plan was being made; nothing was written: run 'pace plan' again");
        }

        AtomicFile.WriteVerbatim(Path, bytes, keepBackup: true);
        return $"merged the plan into {Path} (the previous file is {System.IO.Path.GetFileName(Path)}.bak)";
    }

    /// <summary>agent-os's folder for the spec: the existing one of that name (any date), else a new one dated today.</summary>
    private static string AgentOsTasks(string folder, string name, DateTimeOffset now)
    {
        var specs = System.IO.Path.Combine(folder, ".agent-os", "specs");
        var existing = Directory.Exists(specs)
            ? Directory.EnumerateDirectories(specs, "*-" + name).Order(StringComparer.Ordinal).LastOrDefault()
            : null;
        return System.IO.Path.Combine(existing ?? System.IO.Path.Combine(specs, $"{now:yyyy-MM-dd}-{name}"), "tasks.json");
    }
}
