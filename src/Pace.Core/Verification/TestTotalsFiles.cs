using System.Globalization;
using System.Xml;

namespace Pace.Core.Verification;

/// <summary>
/// Test totals from result files: JUnit XML (pytest, jest-junit, go-junit-report, surefire, cargo2junit)
/// and TRX (VSTest, Microsoft.Testing.Platform). Null when the bytes are not well-formed XML or hold no
/// results: a half-written file tells nothing.
/// </summary>
public static class TestTotalsFiles
{
    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreWhitespace = true,
    };

    /// <summary>Counts <c>testcase</c> elements (a <c>failure</c> or <c>error</c> child fails one, <c>skipped</c> skips it); without any, the root's attributes.</summary>
    public static TestTotals? ParseJUnit(byte[] xml)
    {
        int passed = 0, failed = 0, skipped = 0;
        var anyCase = false;
        TestTotals? root = null;
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(xml, writable: false), Settings);
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    continue;
                }

                if (reader.LocalName == "testcase")
                {
                    anyCase = true;
                    switch (CaseOutcome(reader))
                    {
                        case "failed": failed++; break;
                        case "skipped": skipped++; break;
                        default: passed++; break;
                    }
                }
                else if (root is null && reader.LocalName is "testsuites" or "testsuite" && reader.GetAttribute("tests") is not null)
                {
                    var tests = Attribute(reader, "tests");
                    var bad = Attribute(reader, "failures") + Attribute(reader, "errors");
                    var skips = Attribute(reader, "skipped") + Attribute(reader, "disabled");
                    root = new TestTotals(Math.Max(tests - bad - skips, 0), bad, skips);
                }
            }
        }
        catch (XmlException)
        {
            return null;
        }

        return anyCase ? new TestTotals(passed, failed, skipped) : root;
    }

    /// <summary>Reads the <c>ResultSummary/Counters</c>; without them, counts <c>UnitTestResult</c> outcomes.</summary>
    public static TestTotals? ParseTrx(byte[] xml)
    {
        int passed = 0, failed = 0, skipped = 0;
        var anyResult = false;
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(xml, writable: false), Settings);
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    continue;
                }

                if (reader.LocalName == "Counters")
                {
                    var good = Attribute(reader, "passed");
                    var bad = Attribute(reader, "failed") + Attribute(reader, "error") + Attribute(reader, "timeout") + Attribute(reader, "aborted");
                    return new TestTotals(good, bad, Math.Max(Attribute(reader, "total") - good - bad, 0));
                }

                if (reader.LocalName == "UnitTestResult")
                {
                    anyResult = true;
                    switch (reader.GetAttribute("outcome"))
                    {
                        case "Passed": passed++; break;
                        case "NotExecuted" or "Inconclusive" or "Pending": skipped++; break;
                        default: failed++; break;
                    }
                }
            }
        }
        catch (XmlException)
        {
            return null;
        }

        return anyResult ? new TestTotals(passed, failed, skipped) : null;
    }

    /// <summary>Leaves the reader on the test case's end; a failure outranks a skip.</summary>
    private static string CaseOutcome(XmlReader reader)
    {
        if (reader.IsEmptyElement)
        {
            return "passed";
        }

        var depth = reader.Depth;
        var outcome = "passed";
        while (reader.Read() && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
        {
            if (reader.NodeType == XmlNodeType.Element && reader.Depth == depth + 1)
            {
                if (reader.LocalName is "failure" or "error")
                {
                    outcome = "failed";
                }
                else if (reader.LocalName == "skipped" && outcome == "passed")
                {
                    outcome = "skipped";
                }
            }
        }

        return outcome;
    }

    private static int Attribute(XmlReader reader, string name) =>
        int.TryParse(reader.GetAttribute(name), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0;
}
