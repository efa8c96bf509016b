using System.Globalization;
using System.Text;

namespace Kith.Core.Segments;

/// <summary>
/// A checked rule: names resolved against <see cref="SegmentFields"/>, values typed. Evaluated over the in-memory
/// profiles (<see cref="SegmentEvaluator"/>) and compiled to SQL (Kith.Data), which must agree.
/// </summary>
public abstract record Condition(RulePosition At)
{
    /// <summary>The condition in canonical rule text (what <see cref="SegmentRule.Text"/> is made of).</summary>
    public abstract void Write(StringBuilder text);

    // Sealed, so that the records below print as rule text rather than their synthesized member dump.
    public sealed override string ToString()
    {
        var text = new StringBuilder();
        Write(text);
        return text.ToString();
    }

    /// <summary>The leaves (comparisons and calls) in reading order.</summary>
    public IEnumerable<Condition> Leaves() => this switch
    {
        AllOf all => all.Parts.SelectMany(p => p.Leaves()),
        AnyOf any => any.Parts.SelectMany(p => p.Leaves()),
        Negation not => not.Inner.Leaves(),
        _ => [this],
    };

    internal static string Quote(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    internal static string Number(double d) => d.ToString("0.##########", CultureInfo.InvariantCulture);

    internal static void WriteValues(StringBuilder text, CompareOp op, IReadOnlyList<string> values)
    {
        if (op == CompareOp.In)
        {
            text.Append("in (").AppendJoin(", ", values).Append(')');
        }
        else
        {
            text.Append(CompareOps.Symbol(op)).Append(' ').Append(values[0]);
        }
    }
}

public sealed record AllOf(RulePosition At, IReadOnlyList<Condition> Parts) : Condition(At)
{
    public override void Write(StringBuilder text) => WriteJoined(text, Parts, " and ", p => p is AnyOf);

    internal static void WriteJoined(StringBuilder text, IReadOnlyList<Condition> parts, string separator, Func<Condition, bool> needsParentheses)
    {
        for (var i = 0; i < parts.Count; i++)
        {
            if (i > 0)
            {
                text.Append(separator);
            }

            var wrap = needsParentheses(parts[i]);
            text.Append(wrap ? "(" : "");
            parts[i].Write(text);
            text.Append(wrap ? ")" : "");
        }
    }
}

public sealed record AnyOf(RulePosition At, IReadOnlyList<Condition> Parts) : Condition(At)
{
    public override void Write(StringBuilder text) => AllOf.WriteJoined(text, Parts, " or ", p => p is AllOf);
}

public sealed record Negation(RulePosition At, Condition Inner) : Condition(At)
{
    public override void Write(StringBuilder text)
    {
        var wrap = Inner is AllOf or AnyOf;
        text.Append(wrap ? "not (" : "not ");
        Inner.Write(text);
        text.Append(wrap ? ")" : "");
    }
}

/// <summary><c>field op number</c> or <c>field in (n1, n2, …)</c>.</summary>
public sealed record NumberCondition(RulePosition At, NumberField Field, CompareOp Op, IReadOnlyList<double> Values) : Condition(At)
{
    public override void Write(StringBuilder text)
    {
        text.Append(SegmentRule.NameOf(Field)).Append(' ');
        WriteValues(text, Op, [.. Values.Select(Number)]);
    }
}

/// <summary><c>field = "v"</c>, <c>field != "v"</c> or <c>field in ("a", "b")</c>; values as written in rules.</summary>
public sealed record TextCondition(RulePosition At, TextField Field, CompareOp Op, IReadOnlyList<string> Values) : Condition(At)
{
    public override void Write(StringBuilder text)
    {
        text.Append(SegmentRule.NameOf(Field)).Append(' ');
        WriteValues(text, Op, [.. Values.Select(Quote)]);
    }
}

public sealed record FlagCondition(RulePosition At, FlagField Field, bool Value) : Condition(At)
{
    public override void Write(StringBuilder text) =>
        text.Append(SegmentRule.NameOf(Field)).Append(" = ").Append(Value ? "true" : "false");
}

/// <summary><c>tag = "t"</c> (has the tag), <c>tag != "t"</c> (has not), <c>tag in ("a", "b")</c> (has any).</summary>
public sealed record TagCondition(RulePosition At, CompareOp Op, IReadOnlyList<string> Tags) : Condition(At)
{
    public override void Write(StringBuilder text)
    {
        text.Append("tag ");
        WriteValues(text, Op, [.. Tags.Select(Quote)]);
    }
}

/// <summary><c>events("type", Nd [, same_product] [, not_bought]) op n</c>.</summary>
public sealed record EventCondition(RulePosition At, string Type, int Days, bool SameProduct, bool NotBought, CompareOp Op, IReadOnlyList<double> Values) : Condition(At)
{
    public override void Write(StringBuilder text)
    {
        text.Append("events(").Append(Quote(Type)).Append(", ").Append(Days).Append('d');
        text.Append(SameProduct ? ", same_product" : "").Append(NotBought ? ", not_bought" : "").Append(") ");
        WriteValues(text, Op, [.. Values.Select(Number)]);
    }
}

/// <summary><c>bought("sku" [, Nd])</c> or <c>bought_category("path" [, Nd])</c>.</summary>
public sealed record BoughtCondition(RulePosition At, bool Category, string Value, int? Days) : Condition(At)
{
    public override void Write(StringBuilder text)
    {
        text.Append(Category ? "bought_category(" : "bought(").Append(Quote(Value));
        text.Append(Days is { } d ? $", {d}d" : "").Append(')');
    }
}
