using System.Data.Common;
using System.Globalization;
using System.Text;
using Kith.Core;
using Kith.Core.Segments;
using Kith.Data.Store;
using Kith.Data.Value;

namespace Kith.Data.Segments;

/// <summary>A rule as a SQL condition over <c>customers c LEFT JOIN customer_values v LEFT JOIN customer_predictions pr</c>, with its parameters.</summary>
public sealed record SegmentQuery(string Where, IReadOnlyList<KeyValuePair<string, object>> Parameters)
{
    /// <summary>The customers with their stored values and predictions, as the rule's columns name them.</summary>
    private const string From = "customers c LEFT JOIN customer_values v ON v.customer_id = c.id LEFT JOIN customer_predictions pr ON pr.customer_id = c.id";

    /// <summary>Customer ids of the segment's members, ascending.</summary>
    public string SelectIds => $"SELECT c.id FROM {From} WHERE c.erased_at IS NULL AND ({Where}) ORDER BY c.id";

    public string SelectCount => $"SELECT COUNT(*) FROM {From} WHERE c.erased_at IS NULL AND ({Where})";

    public void Bind(DbCommand cmd)
    {
        foreach (var (name, value) in Parameters)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            cmd.Parameters.Add(p);
        }
    }
}

/// <summary>
/// Compiles a <see cref="SegmentRule"/> to parameterised SQL for SQLite or PostgreSQL: every value of the rule
/// is a parameter, never text in the statement. Same semantics as <see cref="SegmentEvaluator"/> (a comparison
/// with a missing value is false, so each leaf is written to be true or false, never NULL); a property test
/// keeps the two equal. Days are store-local: a window is a range of UTC instants between local midnights.
/// </summary>
public sealed class SegmentSql
{
    private readonly bool _sqlite;
    private readonly DateOnly _asOf;
    private readonly TimeZoneInfo _zone;
    private readonly List<KeyValuePair<string, object>> _parameters = [];
    private readonly StringBuilder _sql = new();

    private SegmentSql(StoreProvider provider, DateOnly asOf, TimeZoneInfo zone)
    {
        _sqlite = provider == StoreProvider.Sqlite;
        _asOf = asOf;
        _zone = zone;
    }

    public static SegmentQuery Compile(SegmentRule rule, StoreProvider provider, DateOnly asOf, TimeZoneInfo zone)
    {
        var compiler = new SegmentSql(provider, asOf, zone);
        compiler.Write(rule.Root);
        return new SegmentQuery(compiler._sql.ToString(), compiler._parameters);
    }

    public static async Task<List<long>> MemberIdsAsync(KithStore store, SegmentRule rule, DateOnly asOf, TimeZoneInfo zone, CancellationToken ct)
    {
        var query = Compile(rule, store.Provider, asOf, zone);
        await using var connection = await store.OpenConnectionAsync(ct);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = query.SelectIds;
        cmd.CommandTimeout = 600;
        query.Bind(cmd);
        var ids = new List<long>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    private string Param(object value)
    {
        var name = (_sqlite ? "$" : "@") + "p" + _parameters.Count.ToString(CultureInfo.InvariantCulture);
        _parameters.Add(new(name, value));
        return name;
    }

    private string Instant(DateOnly day) =>
        Param(_sqlite ? Timestamps.ToUnixMicroseconds(DailySales.StartOf(day, _zone)) : DailySales.StartOf(day, _zone).UtcDateTime);

    /// <summary>End of the as-of day: nothing after it counts.</summary>
    private string End => Instant(_asOf.AddDays(1));

    private const string False = "1 = 0";

    private void Write(Condition condition)
    {
        switch (condition)
        {
            case AllOf all:
                Join(all.Parts, " AND ", "1 = 1");
                break;
            case AnyOf any:
                Join(any.Parts, " OR ", False);
                break;
            case Negation not:
                _sql.Append("NOT (");
                Write(not.Inner);
                _sql.Append(')');
                break;
            case NumberCondition n:
                Number(n);
                break;
            case TextCondition t:
                var column = t.Field switch
                {
                    TextField.Lifecycle => "v.lifecycle",
                    TextField.Tier => "v.tier",
                    TextField.RfmGroup => "v.rfm_group",
                    TextField.Gender => "LOWER(c.gender)",
                    TextField.Country => "c.country",
                    TextField.Region => "c.region",
                    TextField.City => "c.city",
                    TextField.ChurnBand => "pr.churn_band",
                    _ => "c.source_channel",
                };
                _sql.Append('(').Append(column).Append(" IS NOT NULL AND ").Append(column);
                _sql.Append(t.Op == CompareOp.NotEqual ? " <> " : " IN (").AppendJoin(", ", t.Values.Select(v => Param(v)));
                _sql.Append(t.Op == CompareOp.NotEqual ? ")" : "))");
                break;
            case FlagCondition f:
                var flag = f.Field switch
                {
                    FlagField.ConsentEmail => "c.consent_email",
                    FlagField.ConsentSms => "c.consent_sms",
                    FlagField.ConsentPush => "c.consent_push",
                    _ => "c.consent_we_chat",
                };
                _sql.Append(flag).Append(" = ").Append(Param(f.Value));
                break;
            case TagCondition tag:
                _sql.Append(tag.Op == CompareOp.NotEqual ? "NOT " : "").Append("EXISTS (SELECT 1 FROM customer_tags t WHERE t.customer_id = c.id AND t.tag IN (");
                _sql.AppendJoin(", ", tag.Tags.Select(v => Param(v))).Append("))");
                break;
            case EventCondition e:
                Events(e);
                break;
            case BoughtCondition b:
                _sql.Append("EXISTS (SELECT 1 FROM order_lines l JOIN orders o ON o.id = l.order_id JOIN products p ON p.id = l.product_id ");
                _sql.Append("WHERE o.customer_id = c.id AND ").Append(OrderFactsLoader.PaidOrders);
                if (b.Days is { } days)
                {
                    _sql.Append(" AND o.paid_at >= ").Append(Instant(SegmentCalendar.WindowStart(_asOf, days)));
                }

                _sql.Append(" AND o.paid_at < ").Append(End).Append(" AND ");
                if (b.Category)
                {
                    var prefix = Param(b.Value + " > ");
                    _sql.Append(CultureInfo.InvariantCulture, $"(p.category_path = {Param(b.Value)} OR substr(p.category_path, 1, length({prefix})) = {prefix})");
                }
                else
                {
                    _sql.Append("p.sku = ").Append(Param(b.Value));
                }

                _sql.Append(')');
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(condition));
        }
    }

    private void Join(IReadOnlyList<Condition> parts, string separator, string empty)
    {
        if (parts.Count == 0)
        {
            _sql.Append(empty);
            return;
        }

        _sql.Append('(');
        for (var i = 0; i < parts.Count; i++)
        {
            _sql.Append(i > 0 ? separator : "");
            Write(parts[i]);
        }

        _sql.Append(')');
    }

    private void Compare(string expression, CompareOp op, IReadOnlyList<double> values)
    {
        _sql.Append('(').Append(expression).Append(" IS NOT NULL AND ").Append(expression);
        if (op == CompareOp.In)
        {
            _sql.Append(" IN (").AppendJoin(", ", values.Select(v => Param(v))).Append("))");
        }
        else
        {
            _sql.Append(' ').Append(op == CompareOp.NotEqual ? "<>" : CompareOps.Symbol(op)).Append(' ').Append(Param(values[0])).Append(')');
        }
    }

    private void Number(NumberCondition n)
    {
        switch (n.Field)
        {
            case NumberField.RecencyDays: Compare("v.recency_days", n.Op, n.Values); break;
            case NumberField.Orders: Compare("v.frequency", n.Op, n.Values); break;
            case NumberField.Clv: Compare(_sqlite ? "CAST(pr.clv AS REAL)" : "CAST(pr.clv AS double precision)", n.Op, n.Values); break;
            case NumberField.PAlive: Compare("pr.p_alive", n.Op, n.Values); break;
            case NumberField.ChurnRisk: Compare("pr.churn_risk", n.Op, n.Values); break;
            case NumberField.Spend: Compare(_sqlite ? "CAST(v.monetary AS REAL)" : "CAST(v.monetary AS double precision)", n.Op, n.Values); break;
            case NumberField.RScore: Compare("v.r_score", n.Op, n.Values); break;
            case NumberField.FScore: Compare("v.f_score", n.Op, n.Values); break;
            case NumberField.MScore: Compare("v.m_score", n.Op, n.Values); break;
            case NumberField.DaysSinceRegistered: DaysSince("c.registered_at", n); break;
            case NumberField.DaysSinceFirstPurchase: DaysSince(FirstPurchase(), n); break;
            case NumberField.DaysToBirthday:
            {
                var days = Enumerable.Range(0, 366).Where(d => Holds(d, n)).ToHashSet();
                var keys = SegmentCalendar.AllBirthdays()
                    .Where(b => days.Contains(SegmentCalendar.DaysToBirthday(b.Month, b.Day, _asOf)))
                    .Select(b => $"{b.Month:00}-{b.Day:00}")
                    .ToList();
                var monthDay = _sqlite ? "substr(c.birthday, 6, 5)" : "to_char(c.birthday, 'MM-DD')";
                _sql.Append(keys.Count == 0 ? False : $"(c.birthday IS NOT NULL AND {monthDay} IN ({string.Join(", ", keys.Select(k => Param(k)))}))");
                break;
            }

            default:
            {
                // Years 0 … MaxAnniversaryYears; 0 means "not an anniversary", so it is the complement of the others.
                var first = FirstPurchase();
                var years = Enumerable.Range(1, SegmentCalendar.MaxAnniversaryYears);
                var matchZero = Holds(0, n);
                var ranges = years.Where(y => Holds(y, n) != matchZero).Select(y =>
                {
                    var (from, to) = SegmentCalendar.AnniversaryDays(_asOf, y);
                    return $"({first} >= {Instant(from)} AND {first} < {Instant(to.AddDays(1))})";
                }).ToList();
                var any = ranges.Count == 0 ? False : string.Join(" OR ", ranges);
                _sql.Append(matchZero ? $"({first} IS NOT NULL AND NOT ({any}))" : $"({first} IS NOT NULL AND ({any}))");
                break;
            }
        }
    }

    private static bool Holds(int value, NumberCondition n) =>
        n.Op == CompareOp.In ? n.Values.Contains(value) : CompareOps.Holds(n.Op, value, n.Values[0]);

    private string FirstPurchase() =>
        $"(SELECT MIN(o.paid_at) FROM orders o WHERE o.customer_id = c.id AND {OrderFactsLoader.PaidOrders} AND o.paid_at < {End})";

    /// <summary>
    /// <c>as-of − local day of the instant  op  n</c>, as ranges of instants: the whole days d that hold are one
    /// interval [lo, hi] (or, for != and in, a few), and d ∈ [lo, hi] ⇔ start(as-of − hi) ≤ instant &lt; start(as-of − lo + 1).
    /// </summary>
    private void DaysSince(string instant, NumberCondition n)
    {
        var intervals = n.Op switch
        {
            CompareOp.In => n.Values.Where(IsWhole).Select(v => ((long)v, (long)v)).ToList(),
            CompareOp.Equal => IsWhole(n.Values[0]) ? [((long)n.Values[0], (long)n.Values[0])] : [],
            CompareOp.NotEqual => IsWhole(n.Values[0])
                ? [(long.MinValue, (long)n.Values[0] - 1), ((long)n.Values[0] + 1, long.MaxValue)]
                : [(long.MinValue, long.MaxValue)],
            CompareOp.Less => [(long.MinValue, Ceiling(n.Values[0]) - 1)],
            CompareOp.LessOrEqual => [(long.MinValue, Floor(n.Values[0]))],
            CompareOp.Greater => [(Floor(n.Values[0]) + 1, long.MaxValue)],
            _ => new List<(long, long)> { (Ceiling(n.Values[0]), long.MaxValue) },
        };

        var parts = new List<string>();
        var minDay = DateOnly.MinValue.DayNumber + 1;
        var maxDay = DateOnly.MaxValue.DayNumber - 1;
        foreach (var (lo, hi) in intervals)
        {
            if (lo > hi)
            {
                continue;
            }

            // Days of the instant: [as-of − hi, as-of − lo], clamped to what DateOnly can hold.
            var fromDay = hi == long.MaxValue ? long.MinValue : _asOf.DayNumber - hi;
            var toDay = lo == long.MinValue ? long.MaxValue : _asOf.DayNumber - lo;
            if (fromDay > maxDay || toDay < minDay)
            {
                continue;
            }

            var bounds = new List<string> { $"{instant} IS NOT NULL" };
            if (fromDay >= minDay)
            {
                bounds.Add($"{instant} >= {Instant(DateOnly.FromDayNumber((int)fromDay))}");
            }

            if (toDay <= maxDay)
            {
                bounds.Add($"{instant} < {Instant(DateOnly.FromDayNumber((int)toDay + 1))}");
            }

            parts.Add("(" + string.Join(" AND ", bounds) + ")");
        }

        _sql.Append(parts.Count == 0 ? False : "(" + string.Join(" OR ", parts) + ")");
    }

    private static bool IsWhole(double v) => Math.Abs(v) < 1e15 && v == Math.Floor(v);

    private static long Floor(double v) => (long)Math.Clamp(Math.Floor(v), -1e15, 1e15);

    private static long Ceiling(double v) => (long)Math.Clamp(Math.Ceiling(v), -1e15, 1e15);

    private void Events(EventCondition e)
    {
        var from = Instant(SegmentCalendar.WindowStart(_asOf, e.Days));
        var to = End;
        var inWindow = $"e.customer_id = c.id AND e.type = {Param(e.Type)} AND e.occurred_at >= {from} AND e.occurred_at < {to}";
        string count;
        if (!e.SameProduct)
        {
            count = $"(SELECT COUNT(*) FROM events e WHERE {inWindow})";
        }
        else
        {
            var notBought = e.NotBought
                ? " AND NOT EXISTS (SELECT 1 FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.customer_id = c.id AND l.product_id = e.product_id" +
                  $" AND {OrderFactsLoader.PaidOrders} AND o.paid_at >= {from} AND o.paid_at < {to})"
                : "";
            count = $"COALESCE((SELECT COUNT(*) FROM events e WHERE {inWindow} AND e.product_id IS NOT NULL{notBought} " +
                    "GROUP BY e.product_id ORDER BY COUNT(*) DESC LIMIT 1), 0)";
        }

        Compare(count, e.Op, e.Values);
    }
}
