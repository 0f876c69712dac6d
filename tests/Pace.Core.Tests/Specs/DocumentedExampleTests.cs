using System.Text;
using Pace.Core.Specs;

namespace Pace.Core.Tests.Specs;

public sealed class DocumentedExampleTests
{
    [Fact]
    public void The_example_in_docs_specs_md_is_valid_and_plans_as_the_page_says()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Pace.slnx")))
        {
            root = root.Parent;
        }

        var page = File.ReadAllText(Path.Combine(root.ShouldNotBeNull().FullName, "docs", "specs.md"));
        var start = page.IndexOf("```json\n", StringComparison.Ordinal) + "```json\n".Length;
        var json = page[start..page.IndexOf("```", start, StringComparison.Ordinal)];

        var result = SpecParser.Parse("docs/specs.md", Encoding.UTF8.GetBytes(json));

        result.Diagnostics.ShouldBeEmpty();
        result.Spec!.WaveIds().ShouldBe([["index", "docs"], ["query"], ["cli"]]);
    }
}
