using Pace.Core.Ports;

namespace Pace.Adapters.Specs;

/// <summary>What the spec effects look up among the repository's refs: a branch's head, a fresh ref name.</summary>
internal static class RepositoryRefs
{
    public static async Task<string> HeadOfAsync(this IRepository repository, string branch, CancellationToken cancellationToken) =>
        await repository.ResolveAsync("refs/heads/" + branch, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"branch {branch} does not exist");

    /// <summary>A fresh name under <paramref name="prefix"/>: prefix/1, prefix/2, ...</summary>
    public static async Task<string> NextRefAsync(this IRepository repository, string prefix, CancellationToken cancellationToken)
    {
        var existing = await repository.ListRefsAsync(prefix + "/", cancellationToken).ConfigureAwait(false);
        var used = existing.Select(r => r.Name[(prefix.Length + 1)..].Split('/')[0]).Distinct(StringComparer.Ordinal).Count();
        return $"{prefix}/{used + 1}";
    }
}
