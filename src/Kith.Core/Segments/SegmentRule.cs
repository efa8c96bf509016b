using System.Text;
using Kith.Core.Events;

namespace Kith.Core.Segments;

/// <summary>
/// A parsed and checked segment rule. <see cref="Parse"/> throws <see cref="RuleException"/> with every problem
/// found (syntax errors stop at the first; name and type errors are all collected).
/// </summary>
public sealed class SegmentRule
{
    private SegmentRule(Condition root)
    {
        Root = root;
        Text = root.ToString();
    }

    public Condition Root { get; }

    /// <summary>The rule in canonical form (keywords lower case, one space around operators).</summary>
    public string Text { get; }

    /// <summary>Tags the rule tests; a tag no customer has any more makes a saved segment "broken".</summary>
    public IReadOnlyList<string> Tags => [.. Root.Leaves().OfType<TagCondition>().SelectMany(t => t.Tags).Distinct()];

    public static SegmentRule Parse(string text)
    {
        var syntax = RuleParser.Parse(text);
        var problems = new List<RuleProblem>();
        var root = new Binder(problems).Bind(syntax);
        if (problems.Count > 0)
        {
            throw new RuleException(problems);
        }

        return new SegmentRule(root);
    }

    public static bool TryParse(string text, out SegmentRule? rule, out IReadOnlyList<RuleProblem> problems)
    {
        try
        {
            rule = Parse(text);
            problems = [];
            return true;
        }
        catch (RuleException e)
        {
            rule = null;
            problems = e.Problems;
            return false;
        }
    }

    public static SegmentRule FromCondition(Condition root) => new(root);

    public override string ToString() => Text;

    public static string NameOf(NumberField f) => f switch
    {
        NumberField.RecencyDays => "recency_days",
        NumberField.Orders => "orders",
        NumberField.Spend => "spend",
        NumberField.RScore => "r_score",
        NumberField.FScore => "f_score",
        NumberField.MScore => "m_score",
        NumberField.DaysSinceRegistered => "days_since_registered",
        NumberField.DaysToBirthday => "days_to_birthday",
        NumberField.DaysSinceFirstPurchase => "days_since_first_purchase",
        NumberField.Clv => "clv",
        NumberField.PAlive => "p_alive",
        NumberField.ChurnRisk => "churn_risk",
        _ => "first_purchase_anniversary",
    };

    public static string NameOf(TextField f) => f switch
    {
        TextField.Lifecycle => "lifecycle",
        TextField.Tier => "tier",
        TextField.RfmGroup => "rfm_group",
        TextField.Gender => "gender",
        TextField.Country => "country",
        TextField.Region => "region",
        TextField.City => "city",
        TextField.ChurnBand => "churn_band",
        _ => "source_channel",
    };

    public static string NameOf(FlagField f) => f switch
    {
        FlagField.ConsentEmail => "consent_email",
        FlagField.ConsentSms => "consent_sms",
        FlagField.ConsentPush => "consent_push",
        _ => "consent_wechat",
    };

    private static readonly Dictionary<string, NumberField> NumberFields = Enum.GetValues<NumberField>().ToDictionary(NameOf);
    private static readonly Dictionary<string, TextField> TextFields = Enum.GetValues<TextField>().ToDictionary(NameOf);
    private static readonly Dictionary<string, FlagField> FlagFields = Enum.GetValues<FlagField>().ToDictionary(NameOf);

    private sealed class Binder(List<RuleProblem> problems)
    {
        private static readonly Condition Invalid = new AllOf(default, []);

        public Condition Bind(RuleNode node) => node switch
        {
            AndNode and => new AllOf(and.At, [.. and.Parts.Select(Bind)]),
            OrNode or => new AnyOf(or.At, [.. or.Parts.Select(Bind)]),
            NotNode not => new Negation(not.At, Bind(not.Inner)),
            PredicateNode p => Predicate(p.Call),
            ComparisonNode c => Comparison(c),
            _ => throw new ArgumentOutOfRangeException(nameof(node)),
        };

        private Condition Problem(RulePosition at, string message, params string[] expected)
        {
            problems.Add(new RuleProblem(at, message, expected));
            return Invalid;
        }

        private Condition Comparison(ComparisonNode c)
        {
            if (c.Left is CallNode call)
            {
                return call.Name == "events"
                    ? Events(call, c)
                    : call.Name is "bought" or "bought_category"
                        ? Problem(c.At, $"{call.Name}(…) is a condition on its own and is not compared; write not {call.Name}(…) for the opposite")
                        : Unknown(call.At, call.Name);
            }

            var name = c.Left.Name;
            if (NumberFields.TryGetValue(name, out var number))
            {
                var values = Numbers(c);
                return values is null ? Invalid : new NumberCondition(c.At, number, c.Op, values);
            }

            if (TextFields.TryGetValue(name, out var text))
            {
                var info = SegmentFields.Find(name)!;
                var values = Strings(c, name, info.Kind == FieldKind.Choice ? info.Values : null);
                return values is null ? Invalid : new TextCondition(c.At, text, c.Op, values);
            }

            if (FlagFields.TryGetValue(name, out var flag))
            {
                if (c.Op != CompareOp.Equal || c.Values[0].Kind != LiteralKind.Boolean)
                {
                    return Problem(c.At, $"{name} is compared with = true or = false", "= true", "= false");
                }

                return new FlagCondition(c.At, flag, c.Values[0].Number == 1);
            }

            if (name == "tag")
            {
                var tags = Strings(c, name, null);
                if (tags?.FirstOrDefault(t => t.Length == 0 || t.Length > 64) is { } bad)
                {
                    return Problem(c.At, "a tag has 1 to 64 characters");
                }

                return tags is null ? Invalid : new TagCondition(c.At, c.Op, tags);
            }

            if (SegmentFields.Functions.Any(f => f.Name == name))
            {
                var signature = SegmentFields.Functions.First(f => f.Name == name).Signature;
                return Problem(c.At, $"{name} needs its arguments: {signature}", signature);
            }

            return Unknown(c.At, name);
        }

        private Condition Unknown(RulePosition at, string name)
        {
            var suggestions = Suggest(name);
            var hint = suggestions.Count > 0 ? $"; did you mean {string.Join(" or ", suggestions)}?" : "";
            return Problem(at, $"unknown field '{name}'{hint}", [.. suggestions]);
        }

        private static IReadOnlyList<string> Suggest(string name) => SegmentFields.Suggest(name, SegmentFields.AllNames);

        private List<double>? Numbers(ComparisonNode c)
        {
            var result = new List<double>();
            foreach (var v in c.Values)
            {
                if (v.Kind != LiteralKind.Number)
                {
                    var hint = v.Kind == LiteralKind.Days ? $" (write {v.Number} without 'd')" : "";
                    Problem(v.At, $"{c.Left.Name} is a number; found {Describe(v)}{hint}", "a number");
                    return null;
                }

                result.Add((double)v.Number);
            }

            return result;
        }

        private List<string>? Strings(ComparisonNode c, string name, IReadOnlyList<string>? allowed)
        {
            if (c.Op is not (CompareOp.Equal or CompareOp.NotEqual or CompareOp.In))
            {
                Problem(c.At, $"{name} is compared with =, != or in, not {CompareOps.Symbol(c.Op)}", "=", "!=", "in");
                return null;
            }

            var result = new List<string>();
            foreach (var v in c.Values)
            {
                if (v.Kind != LiteralKind.String)
                {
                    Problem(v.At, $"{name} is text; found {Describe(v)} (text goes in double quotes)", "\"text\"");
                    return null;
                }

                if (allowed is not null && !allowed.Contains(v.Text))
                {
                    var close = SegmentFields.Suggest(v.Text, allowed);
                    var hint = close.Count > 0 ? $"; did you mean \"{close[0]}\"?" : "";
                    Problem(v.At, $"\"{v.Text}\" is not a {name}{hint} ({name} is one of {string.Join(", ", allowed)})", [.. allowed]);
                    return null;
                }

                result.Add(v.Text);
            }

            return result;
        }

        private Condition Events(CallNode call, ComparisonNode c)
        {
            var a = call.Args;
            if (a.Count < 2 || a[0].Kind != LiteralKind.String || a[1].Kind != LiteralKind.Days)
            {
                return Problem(call.At, "events needs an event type and a window: events(\"view_product\", 7d)", "events(\"type\", Nd)");
            }

            if (!EventTypes.IsValid(a[0].Text))
            {
                return Problem(a[0].At, $"\"{a[0].Text}\" is not an event type (lower-case letters, digits, '_', '.', ':' or '-')");
            }

            var days = Window(a[1]);
            bool sameProduct = false, notBought = false;
            foreach (var flag in a.Skip(2))
            {
                if (flag.Kind == LiteralKind.Word && flag.Text == "same_product")
                {
                    sameProduct = true;
                }
                else if (flag.Kind == LiteralKind.Word && flag.Text == "not_bought")
                {
                    notBought = true;
                }
                else
                {
                    return Problem(flag.At, $"unexpected {Describe(flag)} in events(…)", "same_product", "not_bought", ")");
                }
            }

            if (notBought && !sameProduct)
            {
                return Problem(call.At, "not_bought counts events per product: write events(\"…\", Nd, same_product, not_bought)");
            }

            var values = Numbers(c);
            return days is null || values is null ? Invalid : new EventCondition(c.At, a[0].Text, days.Value, sameProduct, notBought, c.Op, values);
        }

        private Condition Predicate(CallNode call)
        {
            if (call.Name == "events")
            {
                return Problem(call.At, "events(…) gives a number: compare it, e.g. events(\"view_product\", 7d) >= 1", ">=", ">", "=");
            }

            if (call.Name is not ("bought" or "bought_category"))
            {
                return FieldsAsCall(call);
            }

            var a = call.Args;
            if (a.Count is < 1 or > 2 || a[0].Kind != LiteralKind.String || (a.Count == 2 && a[1].Kind != LiteralKind.Days))
            {
                var signature = SegmentFields.Functions.First(f => f.Name == call.Name).Signature;
                return Problem(call.At, $"expected {signature}", signature);
            }

            if (a[0].Text.Length == 0)
            {
                return Problem(a[0].At, $"{call.Name} needs a non-empty value");
            }

            var days = a.Count == 2 ? Window(a[1]) : null;
            return a.Count == 2 && days is null ? Invalid : new BoughtCondition(call.At, call.Name == "bought_category", a[0].Text, days);
        }

        private Condition FieldsAsCall(CallNode call) =>
            SegmentFields.Find(call.Name) is not null
                ? Problem(call.At, $"{call.Name} is a field, not a function: compare it, e.g. {call.Name} = …")
                : Unknown(call.At, call.Name);

        private int? Window(LiteralNode days)
        {
            if (days.Number < 1 || days.Number > SegmentFields.MaxWindowDays || days.Number != decimal.Truncate(days.Number))
            {
                Problem(days.At, $"a window is a whole number of days from 1d to {SegmentFields.MaxWindowDays}d");
                return null;
            }

            return (int)days.Number;
        }

        private static string Describe(LiteralNode v) => v.Kind switch
        {
            LiteralKind.String => $"the text \"{v.Text}\"",
            LiteralKind.Number => $"the number {v.Text}",
            LiteralKind.Days => $"the window {v.Text}",
            LiteralKind.Boolean => v.Text,
            _ => $"'{v.Text}'",
        };
    }
}
