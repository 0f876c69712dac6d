using System.Text.RegularExpressions;

namespace Pace.Core.Plans;

/// <summary>
/// Tells an item of work from a line of the description that was turned into one: a heading
/// ("## Goals", "Overview:"), a persona ("As a busy parent", "Persona: Sam") or a phrase with no
/// verb ("Shopping cart"). Deterministic word lists, so that the same plan always gets the same
/// verdict; a behaviour ("User can log out") and an order ("Add a logout button") both pass.
/// </summary>
internal static partial class PlanWording
{
    private static readonly HashSet<string> Verbs = new(StringComparer.OrdinalIgnoreCase)
    {
        "add", "implement", "create", "build", "write", "make", "fix", "remove", "delete", "update", "refactor",
        "support", "allow", "let", "show", "display", "render", "return", "handle", "validate", "parse", "store",
        "save", "load", "read", "send", "test", "document", "set", "configure", "install", "move", "rename",
        "replace", "extract", "expose", "compute", "calculate", "count", "list", "sort", "filter", "search",
        "log", "persist", "cache", "connect", "migrate", "enable", "disable", "introduce", "wire", "provide",
        "ensure", "check", "verify", "define", "use", "change", "split", "merge", "export", "import", "generate",
        "convert", "print", "report", "record", "track", "limit", "reject", "accept", "keep", "stop", "start",
        "run", "serve", "open", "close", "edit", "view", "see", "get", "post", "put", "fetch", "upload",
        "download", "sign", "login", "logout", "register", "submit", "select", "choose", "pick", "enter", "type",
        "click", "navigate", "redirect", "receive", "notify", "email", "warn", "fail", "pass", "succeed",
        "appear", "hide", "toggle", "reset", "restore", "retry", "resume", "schedule", "publish", "deploy",
        "package", "bundle", "lint", "format", "style", "translate", "localize", "encrypt", "hash", "authenticate",
        "authorize", "protect", "prevent", "detect", "measure", "benchmark", "optimize", "speed", "reduce",
        "increase", "scaffold", "initialize", "init", "seed", "populate", "clean", "drop", "emit", "stream",
        "subscribe", "respond", "answer", "explain", "describe", "compare", "group", "paginate", "page",
        "mark", "complete", "finish", "apply", "append", "insert", "join", "skip", "wrap", "cover", "bump",
        "name", "summarise", "summarize", "want", "need", "find", "match", "tell", "ignore", "round", "trim",
    };

    // An imperative names its object next: "Name the most frequent word", "Summarise a text". A first
    // word followed by one of these is read as a verb even when it is not in the list above.
    private static readonly HashSet<string> Determiners = new(StringComparer.OrdinalIgnoreCase)
    {
        "the", "a", "an", "each", "every", "all", "its", "their", "our", "his", "her", "this", "that", "these", "those",
    };

    private static readonly HashSet<string> Auxiliaries = new(StringComparer.OrdinalIgnoreCase)
    {
        "can", "cannot", "can't", "could", "should", "must", "will", "won't", "may", "shall", "is", "are", "was",
        "were", "be", "has", "have", "does", "do", "doesn't", "don't", "gets", "sees", "works",
    };

    private static readonly string[] HeadingWords =
    [
        "overview", "introduction", "background", "goals", "non-goals", "scope", "requirements", "summary",
        "context", "motivation", "notes", "appendix", "glossary", "features", "user stories", "personas",
        "out of scope", "open questions", "milestones", "roadmap", "table of contents", "description",
    ];

    /// <summary>Why the text looks like a description rather than work; null when it reads as work.</summary>
    public static string? NotWork(string text)
    {
        var line = text.Trim();
        if (line.StartsWith('#') || line.EndsWith(':') || IsHeadingWord(line) || PhaseHeading().IsMatch(line))
        {
            return "looks like a heading, not work";
        }

        if (Persona().IsMatch(line))
        {
            return "looks like a persona, not work";
        }

        var words = WordPattern().Matches(line).Select(m => m.Value).ToList();
        var imperative = words.Count > 1 && Determiners.Contains(words[1]);
        return imperative || words.Any(IsVerb) ? null : "has no verb: it names something rather than saying what to build";
    }

    private static bool IsHeadingWord(string line) =>
        HeadingWords.Contains(line.TrimEnd('.').ToLowerInvariant(), StringComparer.Ordinal);

    private static bool IsVerb(string word)
    {
        if (Auxiliaries.Contains(word) || Verbs.Contains(word))
        {
            return true;
        }

        // Inflected forms: "returns", "fixes", "shows", "validated", "loading".
        foreach (var suffix in (ReadOnlySpan<string>)["es", "s", "ed", "d", "ing"])
        {
            if (word.Length > suffix.Length + 2 && word.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) && Verbs.Contains(word[..^suffix.Length]))
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex(@"[A-Za-z][A-Za-z'\-]*")]
    private static partial Regex WordPattern();

    // "As a busy parent", "As an admin," with nothing a user wants; "Persona: Sam"; "Sam is a 34-year-old ...".
    [GeneratedRegex(@"^(?:(?:user\s+)?persona|target\s+(?:user|audience)|audience|role)\s*[:\-]|^as\s+an?\s+[^,]+,?\s*$|^[A-Z][a-z]+\s+is\s+an?\s+(?:\d+[\-\s]year[\-\s]old|busy|young|senior|junior|retired)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Persona();

    [GeneratedRegex(@"^(?:phase|milestone|part|section|chapter|epic|stage)\s+[0-9IVX]+\b\s*[:.\-]?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex PhaseHeading();
}
