using System.Globalization;

namespace Kith.Core.Segments;

/// <summary>
/// Evaluates a rule over <see cref="SegmentProfiles"/>: each leaf becomes a bit set over all customers in one
/// pass over its column, and <c>and</c>/<c>or</c>/<c>not</c> combine bit sets word by word.
/// Semantics (the SQL compiler has the same): a comparison with a missing value is false, so <c>not</c> of it is true.
/// </summary>
public static class SegmentEvaluator
{
    public static Bits Evaluate(SegmentRule rule, SegmentProfiles p) => Evaluate(rule.Root, p);

    public static Bits Evaluate(Condition condition, SegmentProfiles p)
    {
        switch (condition)
        {
            case AllOf all:
            {
                var result = new Bits(p.Count);
                result.Not();
                foreach (var part in all.Parts)
                {
                    result.And(Evaluate(part, p));
                }

                return result;
            }

            case AnyOf any:
            {
                var result = new Bits(p.Count);
                foreach (var part in any.Parts)
                {
                    result.Or(Evaluate(part, p));
                }

                return result;
            }

            case Negation not:
            {
                var result = Evaluate(not.Inner, p);
                result.Not();
                return result;
            }

            case NumberCondition n:
                return Where(NumberColumn(n.Field, p), n.Op, n.Values);
            case TextCondition t:
                return Text(Column(t.Field, p), t.Op, t.Values);
            case FlagCondition f:
            {
                var column = Column(f.Field, p);
                var result = new Bits(p.Count);
                for (var i = 0; i < column.Length; i++)
                {
                    if (column[i] == f.Value)
                    {
                        result.Set(i);
                    }
                }

                return result;
            }

            case TagCondition tag:
            {
                var result = new Bits(p.Count);
                foreach (var t in tag.Tags)
                {
                    if (p.Tags.TryGetValue(t, out var holders))
                    {
                        foreach (var i in holders)
                        {
                            result.Set(i);
                        }
                    }
                }

                if (tag.Op == CompareOp.NotEqual)
                {
                    result.Not();
                }

                return result;
            }

            case EventCondition e:
            {
                var counts = EventCounts(e, p);
                var result = new Bits(p.Count);
                for (var i = 0; i < counts.Length; i++)
                {
                    if (e.Op == CompareOp.In ? e.Values.Contains(counts[i]) : CompareOps.Holds(e.Op, counts[i], e.Values[0]))
                    {
                        result.Set(i);
                    }
                }

                return result;
            }

            case BoughtCondition b:
                return Bought(b, p);
            default:
                throw new ArgumentOutOfRangeException(nameof(condition));
        }
    }

    /// <summary>Whether one customer meets a leaf condition, and the value that decided it (for "why is this customer in or out").</summary>
    public static (bool Holds, string Value) Explain(Condition leaf, SegmentProfiles p, int position)
    {
        var holds = Evaluate(leaf, p)[position];
        string value = leaf switch
        {
            NumberCondition n => Show(NumberColumn(n.Field, p)[position]),
            TextCondition t => Column(t.Field, p).ValueAt(position) is { } s ? Condition.Quote(s) : "(none)",
            FlagCondition f => Column(f.Field, p)[position] ? "true" : "false",
            TagCondition t => string.Join(", ", t.Tags.Where(tag => p.Tags.TryGetValue(tag, out var h) && Array.BinarySearch(h, position) >= 0).Select(Condition.Quote)) is { Length: > 0 } has
                ? "has " + has
                : "has none of them",
            EventCondition e => EventCounts(e, p)[position].ToString(CultureInfo.InvariantCulture),
            BoughtCondition => holds ? "bought" : "not bought",
            _ => "",
        };
        return (holds, value);
    }

    private static string Show(double v) => double.IsNaN(v) ? "(none)" : v.ToString("0.##", CultureInfo.InvariantCulture);

    private static Bits Where(double[] values, CompareOp op, IReadOnlyList<double> operands)
    {
        var result = new Bits(values.Length);
        if (op == CompareOp.In)
        {
            for (var i = 0; i < values.Length; i++)
            {
                if (!double.IsNaN(values[i]) && operands.Contains(values[i]))
                {
                    result.Set(i);
                }
            }

            return result;
        }

        // NaN (no value) fails every comparison below, != included.
        var x = operands[0];
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            var holds = op switch
            {
                CompareOp.Equal => v == x,
                CompareOp.NotEqual => v != x && !double.IsNaN(v),
                CompareOp.Less => v < x,
                CompareOp.LessOrEqual => v <= x,
                CompareOp.Greater => v > x,
                _ => v >= x,
            };
            if (holds)
            {
                result.Set(i);
            }
        }

        return result;
    }

    private static Bits Text(CodedColumn column, CompareOp op, IReadOnlyList<string> values)
    {
        var wanted = new bool[column.Values.Length];
        foreach (var v in values)
        {
            var code = column.CodeOf(v);
            if (code >= 0)
            {
                wanted[code] = true;
            }
        }

        var result = new Bits(column.Codes.Length);
        var negate = op == CompareOp.NotEqual;
        for (var i = 0; i < column.Codes.Length; i++)
        {
            var code = column.Codes[i];
            if (code >= 0 && wanted[code] != negate)
            {
                result.Set(i);
            }
        }

        return result;
    }

    /// <summary>The field's value for every customer (NaN = none): a stored column, or one computed from days.</summary>
    private static double[] NumberColumn(NumberField field, SegmentProfiles p)
    {
        var asOf = p.AsOf.DayNumber;
        switch (field)
        {
            case NumberField.RecencyDays: return p.RecencyDays;
            case NumberField.Orders: return p.Orders;
            case NumberField.Clv: return p.Clv;
            case NumberField.PAlive: return p.PAlive;
            case NumberField.ChurnRisk: return p.ChurnRisk;
            case NumberField.Spend: return p.Spend;
            case NumberField.RScore: return p.RScore;
            case NumberField.FScore: return p.FScore;
            case NumberField.MScore: return p.MScore;
            case NumberField.DaysSinceRegistered: return Days(p.RegisteredDay, day => asOf - day);
            case NumberField.DaysSinceFirstPurchase: return Days(p.FirstPurchaseDay, day => asOf - day);
            case NumberField.FirstPurchaseAnniversary: return Days(p.FirstPurchaseDay, day => SegmentCalendar.AnniversaryYears(DateOnly.FromDayNumber(day), p.AsOf));
            default:
            {
                var daysTo = new double[1300];
                foreach (var (m, d) in SegmentCalendar.AllBirthdays())
                {
                    daysTo[(m * 100) + d] = SegmentCalendar.DaysToBirthday(m, d, p.AsOf);
                }

                var values = new double[p.Count];
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = p.Birthday[i] == 0 ? double.NaN : daysTo[p.Birthday[i]];
                }

                return values;
            }
        }
    }

    private static double[] Days(int[] days, Func<int, double> of)
    {
        var values = new double[days.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = days[i] == SegmentProfiles.MissingDay ? double.NaN : of(days[i]);
        }

        return values;
    }

    private static CodedColumn Column(TextField field, SegmentProfiles p) => field switch
    {
        TextField.Lifecycle => p.Lifecycle,
        TextField.Tier => p.Tier,
        TextField.RfmGroup => p.RfmGroup,
        TextField.Gender => p.Gender,
        TextField.Country => p.Country,
        TextField.Region => p.Region,
        TextField.City => p.City,
        TextField.ChurnBand => p.ChurnBand,
        _ => p.SourceChannel,
    };

    private static bool[] Column(FlagField field, SegmentProfiles p) => field switch
    {
        FlagField.ConsentEmail => p.ConsentEmail,
        FlagField.ConsentSms => p.ConsentSms,
        FlagField.ConsentPush => p.ConsentPush,
        _ => p.ConsentWeChat,
    };

    /// <summary>Per customer: events of the type in the window, or (same_product) the most about one product.</summary>
    private static int[] EventCounts(EventCondition e, SegmentProfiles p)
    {
        var counts = new int[p.Count];
        var type = Array.IndexOf(p.EventTypes, e.Type);
        if (type < 0)
        {
            return counts;
        }

        var from = SegmentCalendar.WindowStart(p.AsOf, e.Days).DayNumber;
        var to = p.AsOf.DayNumber;
        var start = LowerBound(p.EventDay, from);
        if (!e.SameProduct)
        {
            for (var k = start; k < p.EventDay.Length && p.EventDay[k] <= to; k++)
            {
                if (p.EventType[k] == type)
                {
                    counts[p.EventCustomer[k]]++;
                }
            }

            return counts;
        }

        HashSet<long>? bought = null;
        if (e.NotBought)
        {
            bought = [];
            for (var k = LowerBound(p.PurchaseDay, from); k < p.PurchaseDay.Length && p.PurchaseDay[k] <= to; k++)
            {
                bought.Add(Pair(p.PurchaseCustomer[k], p.PurchaseProduct[k]));
            }
        }

        var perProduct = new Dictionary<long, int>();
        for (var k = start; k < p.EventDay.Length && p.EventDay[k] <= to; k++)
        {
            if (p.EventType[k] != type || p.EventProduct[k] < 0)
            {
                continue;
            }

            var key = Pair(p.EventCustomer[k], p.EventProduct[k]);
            if (bought?.Contains(key) == true)
            {
                continue;
            }

            var n = perProduct[key] = perProduct.GetValueOrDefault(key) + 1;
            var customer = p.EventCustomer[k];
            if (n > counts[customer])
            {
                counts[customer] = n;
            }
        }

        return counts;
    }

    private static Bits Bought(BoughtCondition b, SegmentProfiles p)
    {
        var products = new bool[p.ProductSkus.Length];
        for (var i = 0; i < products.Length; i++)
        {
            products[i] = b.Category
                ? p.ProductCategories[i] is { } path && (path == b.Value || path.StartsWith(b.Value + " > ", StringComparison.Ordinal))
                : p.ProductSkus[i] == b.Value;
        }

        var result = new Bits(p.Count);
        var start = b.Days is { } days ? LowerBound(p.PurchaseDay, SegmentCalendar.WindowStart(p.AsOf, days).DayNumber) : 0;
        for (var k = start; k < p.PurchaseDay.Length && p.PurchaseDay[k] <= p.AsOf.DayNumber; k++)
        {
            if (products[p.PurchaseProduct[k]])
            {
                result.Set(p.PurchaseCustomer[k]);
            }
        }

        return result;
    }

    private static long Pair(int customer, int product) => ((long)customer << 32) | (uint)product;

    private static int LowerBound(int[] sorted, int value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
