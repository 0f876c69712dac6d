namespace Pace.Adapters.Demo;

/// <summary>
/// What the demo agent writes for each feature of examples/textstats. The second feature's first
/// attempt is deliberately wrong while the agent claims success: Pace's checks catch it. The third
/// feature's first attempt is a phantom completion (no code, a test that asserts nothing about it,
/// a claim of success): Pace's red-then-green proof catches it.
/// </summary>
internal static class DemoScript
{
    public sealed record Step(string Say, IReadOnlyDictionary<string, string> Files, string Claim);

    public static Step? For(string featureId, int attempt) => (featureId, attempt) switch
    {
        ("CORE-001", _) => new Step(
            "I'll add a word counter that splits on any whitespace.",
            new Dictionary<string, string>
            {
                ["textstats/core.py"] = """
                    def words(text):
                        return len(text.split())
                    """,
                ["tests/test_words.py"] = """
                    import unittest

                    from textstats.core import words


                    class WordsTest(unittest.TestCase):
                        def test_counts_words_split_by_any_whitespace(self):
                            self.assertEqual(words("a b  c"), 3)

                        def test_empty_text_has_no_words(self):
                            self.assertEqual(words(""), 0)
                    """,
            },
            "Done: words() counts whitespace-separated words; tests added."),
        ("CORE-002", 1) => new Step(
            "Counting line breaks should be enough for lines().",
            new Dictionary<string, string>
            {
                ["textstats/lines.py"] = """
                    def lines(text):
                        return text.count("\n")
                    """,
                ["tests/test_lines.py"] = LinesTests,
            },
            "Done, all tests pass. lines() is implemented."),
        ("CORE-002", _) => new Step(
            "The last line has no line break; count it too.",
            new Dictionary<string, string>
            {
                ["textstats/lines.py"] = """
                    def lines(text):
                        return len(text.splitlines())
                    """,
                ["tests/test_lines.py"] = LinesTests,
            },
            "Done: lines() uses splitlines, so a final line without a break counts."),
        ("REPORT-001", 1) => new Step(
            "top_word() is simple enough; a quick test will do.",
            new Dictionary<string, string>
            {
                ["tests/test_top_word.py"] = """
                    import unittest


                    class TopWordTest(unittest.TestCase):
                        def test_top_word(self):
                            # top_word() ignores case and gives ties to the first word seen.
                            self.assertTrue(True)
                    """,
            },
            "Done, feature implemented and tested."),
        ("REPORT-001", _) => new Step(
            "A Counter over lower-cased words; ties go to the first word seen.",
            new Dictionary<string, string>
            {
                ["textstats/report.py"] = """
                    def top_word(text):
                        counts = {}
                        for word in text.lower().split():
                            counts[word] = counts.get(word, 0) + 1
                        if not counts:
                            return None
                        best = max(counts.values())
                        return next(word for word, n in counts.items() if n == best)
                    """,
                ["tests/test_top_word.py"] = """
                    import unittest

                    from textstats.report import top_word


                    class TopWordTest(unittest.TestCase):
                        def test_ignores_case(self):
                            self.assertEqual(top_word("The cat the hat"), "the")

                        def test_ties_go_to_the_first_word(self):
                            self.assertEqual(top_word("b a"), "b")
                    """,
            },
            "Done: top_word() added with tests."),
        ("REPORT-002", _) => new Step(
            "The summary combines the three counters.",
            new Dictionary<string, string>
            {
                ["textstats/summary.py"] = """
                    from textstats.core import words
                    from textstats.lines import lines
                    from textstats.report import top_word


                    def summary(text):
                        return f"words={words(text)} lines={lines(text)} top={top_word(text)}"
                    """,
                ["tests/test_summary.py"] = """
                    import unittest

                    from textstats.summary import summary


                    class SummaryTest(unittest.TestCase):
                        def test_one_line(self):
                            self.assertEqual(summary("a a b"), "words=3 lines=1 top=a")
                    """,
            },
            "Done: summary() added with a test."),
        _ => null,
    };

    private const string LinesTests = """
        import unittest

        from textstats.lines import lines


        class LinesTest(unittest.TestCase):
            def test_counts_lines(self):
                self.assertEqual(lines("a\nb\n"), 2)

            def test_counts_a_last_line_without_a_break(self):
                self.assertEqual(lines("a\nb"), 2)
        """;
}
