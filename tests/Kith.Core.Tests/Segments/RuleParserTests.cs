using Kith.Core.Segments;
using Xunit;

namespace Kith.Core.Tests.Segments;

public class RuleParserTests
{
    /// <summary>The SPEC §3 examples, as docs/segments.md writes them.</summary>
    private static readonly string[] Examples =
    [
        "recency_days <= 90 and orders >= 2 and spend >= 300",
        "events(\"view_product\", 7d, same_product, not_bought) > 5",
        "tier = \"high_value\" and lifecycle = \"sleeping\"",
        "days_to_birthday <= 7",
        "days_since_registered = 3",
        "first_purchase_anniversary = 1",
    ];

    public static TheoryData<string> SpecExamples => new(Examples);

    [Theory]
    [MemberData(nameof(SpecExamples))]
    public void The_spec_examples_parse_and_print_back_unchanged(string text)
    {
        var rule = SegmentRule.Parse(text);
        Assert.Equal(text, rule.Text);
        Assert.Equal(rule.Text, SegmentRule.Parse(rule.Text).Text);
    }

    [Fact]
    public void Precedence_is_not_then_and_then_or_and_parentheses_override_it()
    {
        var rule = SegmentRule.Parse("not tag = \"a\" or orders > 1 AND spend < 5");
        var or = Assert.IsType<AnyOf>(rule.Root);
        Assert.IsType<Negation>(or.Parts[0]);
        Assert.IsType<AllOf>(or.Parts[1]);
        // The canonical form spells out the grouping for the reader.
        Assert.Equal("not tag = \"a\" or (orders > 1 and spend < 5)", rule.Text);

        var grouped = SegmentRule.Parse("(tag = \"a\" or orders > 1) and not (spend < 5 or spend > 9)");
        Assert.Equal("(tag = \"a\" or orders > 1) and not (spend < 5 or spend > 9)", grouped.Text);
    }

    [Fact]
    public void Lists_windows_flags_and_escapes_are_read()
    {
        var rule = SegmentRule.Parse("lifecycle in (\"active\", \"new\")\n and bought_category(\"Home > Kitchen\", 30d) and city = \"say \\\"hi\\\"\"");
        var parts = Assert.IsType<AllOf>(rule.Root).Parts;
        Assert.Equal(["active", "new"], Assert.IsType<TextCondition>(parts[0]).Values);
        var bought = Assert.IsType<BoughtCondition>(parts[1]);
        Assert.True(bought.Category);
        Assert.Equal(30, bought.Days);
        Assert.Equal(new RulePosition(2, 6, 36), bought.At);
        Assert.Equal("say \"hi\"", Assert.IsType<TextCondition>(parts[2]).Values[0]);
    }

    [Theory]
    [InlineData("orders >= ", 1, 11, "expected a value, found the end of the rule")]
    [InlineData("orders >= 2 and", 1, 16, "expected a condition")]
    [InlineData("(orders >= 2", 1, 13, "expected ')' to close the '(' at line 1, column 1")]
    [InlineData("orders >= 2)", 1, 12, "this ')' has no matching '('")]
    [InlineData("orders == 2", 1, 8, "'==' is written '='")]
    [InlineData("tier = 'high_value'", 1, 8, "text goes in double quotes")]
    [InlineData("tier = high_value", 1, 8, "text values go in double quotes")]
    [InlineData("orders >= 2\nand city = \"x", 2, 12, "no closing quote")]
    [InlineData("orders 2", 1, 8, "expected an operator after 'orders'")]
    [InlineData("orders >= 2 # x", 1, 13, "unexpected character '#'")]
    public void Syntax_errors_give_line_column_and_what_was_expected(string text, int line, int column, string message)
    {
        var e = Assert.Throws<RuleException>(() => SegmentRule.Parse(text));
        var problem = Assert.Single(e.Problems);
        Assert.Equal((line, column), (problem.At.Line, problem.At.Column));
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_fields_get_did_you_mean_and_all_name_errors_are_reported_at_once()
    {
        var e = Assert.Throws<RuleException>(() => SegmentRule.Parse("recency <= 90 and lifecycle = \"sleepng\" and tier < \"x\" and spend = \"a\""));
        Assert.Equal(4, e.Problems.Count);
        Assert.Contains("unknown field 'recency'; did you mean recency_days", e.Problems[0].Message, StringComparison.Ordinal);
        Assert.Equal("recency_days", e.Problems[0].Expected[0]);
        Assert.Contains("did you mean \"sleeping\"", e.Problems[1].Message, StringComparison.Ordinal);
        Assert.Equal(1, e.Problems[1].At.Line);
        Assert.Equal(31, e.Problems[1].At.Column);
        Assert.Contains("tier is compared with =, != or in", e.Problems[2].Message, StringComparison.Ordinal);
        Assert.Contains("spend is a number", e.Problems[3].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("events(\"view_product\") > 1", "events needs an event type and a window")]
    [InlineData("events(\"view_product\", 400d) > 1", "from 1d to 366d")]
    [InlineData("events(\"view_product\", 7d)", "events(…) gives a number")]
    [InlineData("events(\"view_product\", 7d, not_bought) > 1", "not_bought counts events per product")]
    [InlineData("events(\"View Product\", 7d) > 1", "is not an event type")]
    [InlineData("bought(\"SKU-1\") = true", "is a condition on its own")]
    [InlineData("consent_email = 1", "consent_email is compared with = true or = false")]
    [InlineData("orders >= 7d", "write 7 without 'd'")]
    [InlineData("tag = \"\"", "a tag has 1 to 64 characters")]
    [InlineData("events > 3", "events needs its arguments")]
    [InlineData("orders(2)", "orders is a field, not a function")]
    public void Type_errors_say_what_is_wrong(string text, string message)
    {
        var e = Assert.Throws<RuleException>(() => SegmentRule.Parse(text));
        Assert.Contains(message, e.Problems[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Very_long_or_deep_rules_are_refused_with_a_message()
    {
        Assert.Contains("longer than", Assert.Throws<RuleException>(() => SegmentRule.Parse(new string(' ', RuleParser.MaxLength + 1))).Message, StringComparison.Ordinal);
        Assert.Contains("nests deeper", Assert.Throws<RuleException>(() => SegmentRule.Parse(string.Concat(Enumerable.Repeat("not ", 40)) + "orders > 1")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_catalogue_in_docs_lists_every_field_and_function()
    {
        var docs = File.ReadAllText(Path.Combine(RepoRoot(), "docs", "segments.md"));
        foreach (var name in SegmentFields.All.Select(f => f.Name).Concat(SegmentFields.Functions.Select(f => f.Name + "(")))
        {
            Assert.Contains($"`{name}", docs, StringComparison.Ordinal);
        }

        foreach (var example in Examples)
        {
            Assert.Contains(example, docs, StringComparison.Ordinal);
        }
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Kith.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
