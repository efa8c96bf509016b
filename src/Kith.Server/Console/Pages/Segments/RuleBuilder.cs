using System.Globalization;
using System.Text;
using Kith.Core.Segments;

namespace Kith.Server.Console.Pages.Segments;

/// <summary>
/// The console's visual rule builder: groups of conditions, the groups joined by one AND/OR, the conditions of a
/// group by another. It writes rule text (<see cref="ToText"/>) and reads back any rule of that shape
/// (<see cref="TryLoad"/>); anything deeper stays in the text box.
/// </summary>
public sealed class RuleBuilder
{
    public const string Events = "events";
    public const string Bought = "bought";
    public const string BoughtCategory = "bought_category";

    /// <summary>True: the groups are joined with "or"; false: with "and".</summary>
    public bool Any { get; set; }

    public List<BuilderGroup> Groups { get; } = [];

    /// <summary>Every name the field picker offers: the fields, then the functions.</summary>
    public static IReadOnlyList<string> FieldNames { get; } = [.. SegmentFields.All.Select(f => f.Name), Events, Bought, BoughtCategory];

    /// <summary>Operators for a field (events compare a number; bought(…) is a condition on its own and has none).</summary>
    public static IReadOnlyList<CompareOp> OperatorsOf(string field) => field switch
    {
        Events => SegmentFields.Find("orders")!.Operators,
        Bought or BoughtCategory => [],
        _ => SegmentFields.Find(field)?.Operators ?? [],
    };

    public static FieldKind? KindOf(string field) => SegmentFields.Find(field)?.Kind;

    /// <summary>The rule text of the complete conditions (rows with no value yet are left out); "" when there are none.</summary>
    public string ToText()
    {
        var groups = Groups.Select(g => (Group: g, Parts: g.Rows.Select(r => r.ToText()).OfType<string>().ToList())).Where(g => g.Parts.Count > 0).ToList();
        var text = new StringBuilder();
        foreach (var (group, parts) in groups)
        {
            if (text.Length > 0)
            {
                text.Append(Any ? " or " : " and ");
            }

            // Same joiner inside and out (or one part): no parentheses needed.
            var wrap = parts.Count > 1 && groups.Count > 1 && group.Any != Any;
            text.Append(wrap ? "(" : "").AppendJoin(group.Any ? " or " : " and ", parts).Append(wrap ? ")" : "");
        }

        return text.ToString();
    }

    /// <summary>A builder showing the rule, or null when the rule is not an and/or of groups of (possibly negated) conditions.</summary>
    public static RuleBuilder? TryLoad(Condition root)
    {
        var builder = new RuleBuilder();
        root = Flatten(root);
        if (BuilderRow.From(root) is { } single)
        {
            builder.Groups.Add(new BuilderGroup { Rows = { single } });
            return builder;
        }

        var (outerAny, parts) = root switch
        {
            AllOf all => (false, all.Parts),
            AnyOf any => (true, any.Parts),
            _ => (false, (IReadOnlyList<Condition>)[]),
        };
        if (parts.Count == 0)
        {
            return null;
        }

        builder.Any = outerAny;
        BuilderGroup? run = null;
        foreach (var part in parts)
        {
            if (BuilderRow.From(part) is { } row)
            {
                // Consecutive plain conditions share one group joined like the outside.
                if (run is null)
                {
                    run = new BuilderGroup { Any = outerAny };
                    builder.Groups.Add(run);
                }

                run.Rows.Add(row);
                continue;
            }

            run = null;
            var (innerAny, inner) = part switch
            {
                AllOf all => (false, all.Parts),
                AnyOf any => (true, any.Parts),
                _ => (false, (IReadOnlyList<Condition>)[]),
            };
            var rows = inner.Select(BuilderRow.From).ToList();
            if (rows.Count == 0 || rows.Any(r => r is null))
            {
                return null;
            }

            var group = new BuilderGroup { Any = innerAny };
            group.Rows.AddRange(rows!);
            builder.Groups.Add(group);
        }

        return builder;
    }

    /// <summary>(a and b) and c is a and b and c: nested parts of the same kind are merged.</summary>
    private static Condition Flatten(Condition c) => c switch
    {
        AllOf all => new AllOf(all.At, [.. all.Parts.Select(Flatten).SelectMany(p => p is AllOf a ? a.Parts : [p])]),
        AnyOf any => new AnyOf(any.At, [.. any.Parts.Select(Flatten).SelectMany(p => p is AnyOf o ? o.Parts : [p])]),
        Negation not => new Negation(not.At, Flatten(not.Inner)),
        _ => c,
    };
}

public sealed class BuilderGroup
{
    /// <summary>True: the conditions are joined with "or"; false: with "and".</summary>
    public bool Any { get; set; }

    public List<BuilderRow> Rows { get; } = [];
}

/// <summary>One condition of the builder; which properties count depends on <see cref="Field"/>.</summary>
public sealed class BuilderRow
{
    public string Field
    {
        get;
        set
        {
            if (value == field)
            {
                return;
            }

            field = value;
            // A new field starts from sensible values for its kind.
            var ops = RuleBuilder.OperatorsOf(value);
            Op = ops.Count == 0 ? CompareOp.Equal : value == RuleBuilder.Events || RuleBuilder.KindOf(value) == FieldKind.Number ? CompareOp.GreaterOrEqual : ops[0];
            Value = RuleBuilder.KindOf(value) == FieldKind.Choice ? SegmentFields.Find(value)!.Values[0] : value == RuleBuilder.Events ? "1" : "";
            Values = [];
            Days = value == RuleBuilder.Events ? 7 : null;
        }
    } = "lifecycle";

    public bool Negated { get; set; }

    public CompareOp Op { get; set; } = CompareOp.Equal;

    /// <summary>The value (number, text, tag, sku or category); for "in" on a non-choice field, values separated by commas.</summary>
    public string Value { get; set; } = "active";

    /// <summary>The values of "in" on a choice field.</summary>
    public IReadOnlyCollection<string> Values { get; set; } = [];

    public bool Flag { get; set; } = true;

    public string EventType { get; set; } = "view_product";

    public int? Days { get; set; } = 7;

    public bool SameProduct { get; set; }

    public bool NotBought { get; set; }

    /// <summary>The condition as rule text, or null while it lacks a value.</summary>
    public string? ToText()
    {
        var body = Body();
        return body is null ? null : Negated ? "not " + body : body;
    }

    private string? Body()
    {
        switch (Field)
        {
            case RuleBuilder.Events:
                if (string.IsNullOrWhiteSpace(EventType) || Days is null)
                {
                    return null;
                }

                var flags = (SameProduct || NotBought ? ", same_product" : "") + (NotBought ? ", not_bought" : "");
                return Compare($"events({Quote(EventType.Trim())}, {Days.Value.ToString(CultureInfo.InvariantCulture)}d{flags})", number: true);
            case RuleBuilder.Bought or RuleBuilder.BoughtCategory:
                return string.IsNullOrWhiteSpace(Value)
                    ? null
                    : $"{Field}({Quote(Value.Trim())}{(Days is { } d ? $", {d.ToString(CultureInfo.InvariantCulture)}d" : "")})";
        }

        return RuleBuilder.KindOf(Field) switch
        {
            FieldKind.Flag => $"{Field} = {(Flag ? "true" : "false")}",
            FieldKind.Number => Compare(Field, number: true),
            FieldKind.Choice when Op == CompareOp.In => Values.Count > 0 ? $"{Field} in ({string.Join(", ", Values.Select(Quote))})" : null,
            null => null,
            _ => Compare(Field, number: false),
        };
    }

    private string? Compare(string left, bool number)
    {
        var values = (Op == CompareOp.In ? Value.Split(',') : [Value]).Select(v => v.Trim()).Where(v => v.Length > 0).ToList();
        if (values.Count == 0)
        {
            return null;
        }

        var written = number ? values : values.Select(Quote).ToList();
        return Op == CompareOp.In ? $"{left} in ({string.Join(", ", written)})" : $"{left} {CompareOps.Symbol(Op)} {written[0]}";
    }

    private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    private static string Number(double d) => d.ToString("0.##########", CultureInfo.InvariantCulture);

    /// <summary>The row for a (possibly negated) leaf condition; null for anything else.</summary>
    public static BuilderRow? From(Condition c)
    {
        var negated = false;
        if (c is Negation not)
        {
            negated = true;
            c = not.Inner;
        }

        BuilderRow? row = c switch
        {
            NumberCondition n => new BuilderRow { Field = SegmentRule.NameOf(n.Field), Op = n.Op, Value = string.Join(", ", n.Values.Select(Number)) },
            TextCondition t when SegmentFields.Find(SegmentRule.NameOf(t.Field))!.Kind == FieldKind.Choice => new BuilderRow
            {
                Field = SegmentRule.NameOf(t.Field),
                Op = t.Op,
                Value = t.Op == CompareOp.In ? "" : t.Values[0],
                Values = t.Op == CompareOp.In ? [.. t.Values] : [],
            },
            TextCondition t when t.Values.All(v => !v.Contains(',')) || t.Op != CompareOp.In =>
                new BuilderRow { Field = SegmentRule.NameOf(t.Field), Op = t.Op, Value = string.Join(", ", t.Values) },
            FlagCondition f => new BuilderRow { Field = SegmentRule.NameOf(f.Field), Op = CompareOp.Equal, Flag = f.Value },
            TagCondition t when t.Tags.All(v => !v.Contains(',')) || t.Op != CompareOp.In =>
                new BuilderRow { Field = "tag", Op = t.Op, Value = string.Join(", ", t.Tags) },
            EventCondition e => new BuilderRow
            {
                Field = RuleBuilder.Events,
                EventType = e.Type,
                Days = e.Days,
                SameProduct = e.SameProduct,
                NotBought = e.NotBought,
                Op = e.Op,
                Value = string.Join(", ", e.Values.Select(Number)),
            },
            BoughtCondition b => new BuilderRow { Field = b.Category ? RuleBuilder.BoughtCategory : RuleBuilder.Bought, Value = b.Value, Days = b.Days },
            _ => null,
        };
        if (row is not null)
        {
            row.Negated = negated;
        }

        return row;
    }
}
