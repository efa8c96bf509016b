using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using Kith.Core.Loyalty.Points;
using Xunit;

namespace Kith.Core.Tests.Loyalty;

/// <summary>
/// Order points (largest multiplier, rounded down), refund reversals (rounded up, never more than earned), which
/// lots a redemption takes from, and the program's validation. Properties check against integer arithmetic on
/// amounts in cents, rates in hundredths and multipliers in tenths.
/// </summary>
public class PointsArithmeticTests
{
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(3000);
    private static readonly DateOnly Nov11 = new(2026, 11, 11);

    private static readonly PointsProgram Double11 = new()
    {
        Campaigns = [new PointsCampaign("Double 11", new DateOnly(2026, 11, 1), Nov11, 3m), new PointsCampaign("Autumn", new DateOnly(2026, 10, 1), new DateOnly(2026, 11, 30), 1.5m)],
    };

    // ---- OrderPoints ----

    [Theory]
    [InlineData("99.99", false, 99L)] // ×1: 99.99 → 99
    [InlineData("99.99", true, 199L)] // birthday ×2: 199.98 → 199
    [InlineData("0.99", false, 0L)]
    [InlineData("0", true, 0L)]
    [InlineData("-50", true, 0L)]
    public void Order_points_with_the_default_program(string goods, bool birthday, long expected) =>
        Assert.Equal(expected, new PointsProgram().OrderPoints(decimal.Parse(goods, System.Globalization.CultureInfo.InvariantCulture), Nov11, birthday));

    [Fact]
    public void The_largest_multiplier_wins_and_multipliers_do_not_compound()
    {
        // On 11 Nov both campaigns run (×3, ×1.5) and the birthday gives ×2: ×3, not ×9. 99.99 × 3 = 299.97 → 299.
        Assert.Equal(299, Double11.OrderPoints(99.99m, Nov11, isBirthday: true));
        Assert.Equal(299, Double11.OrderPoints(99.99m, Nov11, isBirthday: false));

        // On 12 Nov only Autumn (×1.5) runs; the birthday's ×2 is larger: 199.98 → 199; without the birthday 149.985 → 149.
        var nov12 = Nov11.AddDays(1);
        Assert.Equal(199, Double11.OrderPoints(99.99m, nov12, isBirthday: true));
        Assert.Equal(149, Double11.OrderPoints(99.99m, nov12, isBirthday: false));

        // Campaign days are inclusive: 1 Nov and 30 Nov count, 1 Dec does not.
        Assert.Equal(300, Double11.OrderPoints(100m, new DateOnly(2026, 11, 1), false));
        Assert.Equal(150, Double11.OrderPoints(100m, new DateOnly(2026, 11, 30), false));
        Assert.Equal(100, Double11.OrderPoints(100m, new DateOnly(2026, 12, 1), false));
        Assert.Equal(100, Double11.OrderPoints(100m, new DateOnly(2026, 9, 30), false));
    }

    [Fact]
    public void Rate_and_multiplier_round_down_together()
    {
        // 0.5 points per yuan × 2.5 on 33.33: 41.6625 → 41 (not ⌊16.665⌋ × 2.5 = 40).
        var program = new PointsProgram { PointsPerCurrencyUnit = 0.5m, Campaigns = [new PointsCampaign("x", Nov11, Nov11, 2.5m)] };
        Assert.Equal(41, program.OrderPoints(33.33m, Nov11, false));
    }

    [Fact]
    public void Order_points_are_the_floor_of_goods_times_rate_times_the_largest_multiplier()
    {
        var campaign =
            from start in Gen.Choose(0, 60)
            from length in Gen.Choose(0, 20)
            from m10 in Gen.Choose(10, 50)
            select (From: start, To: start + length, M10: m10);
        var gen =
            from cents in Gen.Frequency((1, Gen.Choose(-10_000, 0)), (6, Gen.Choose(1, 100_000_000)))
            from rate100 in Gen.Frequency((1, Gen.Constant(100)), (2, Gen.Choose(0, 1_000)))
            from birthday10 in Gen.Choose(10, 40)
            from campaigns in Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(campaign, n))
            from day in Gen.Choose(0, 80)
            from isBirthday in Gen.Elements(false, true)
            select (cents, rate100, birthday10, campaigns, day, isBirthday);
        var day0 = new DateOnly(2026, 10, 1);
        Prop.ForAll(gen.ToArbitrary(), x =>
        {
            var program = new PointsProgram
            {
                PointsPerCurrencyUnit = x.rate100 / 100m,
                BirthdayMultiplier = x.birthday10 / 10m,
                Campaigns = x.campaigns.Select((c, i) => new PointsCampaign($"c{i}", day0.AddDays(c.From), day0.AddDays(c.To), c.M10 / 10m)).ToArray(),
            };
            var actual = program.OrderPoints(x.cents / 100m, day0.AddDays(x.day), x.isBirthday);

            var m10 = new[] { 10, x.isBirthday ? x.birthday10 : 10 }
                .Concat(x.campaigns.Where(c => c.From <= x.day && x.day <= c.To).Select(c => c.M10)).Max();
            var expected = x.cents <= 0 ? 0 : (long)(new BigInteger(x.cents) * x.rate100 * m10 / (100 * 100 * 10)); // ≥ 0: truncation is floor
            return (actual == expected).Label($"{x.cents / 100m} × {x.rate100 / 100m} × {m10 / 10m} (birthday {x.isBirthday}): {actual}, expected {expected}");
        }).Check(Runs);
    }

    // ---- ReversalFor ----

    [Theory]
    [InlineData(100L, "300", "100", 34L)] // 100 × 1/3 = 33.3… → 34 (rounded up)
    [InlineData(100L, "300", "150", 50L)] // exactly half: 50, not 51
    [InlineData(99L, "99.99", "0.01", 1L)] // 0.0099… → 1
    [InlineData(100L, "300", "300", 100L)] // full refund: all
    [InlineData(100L, "300", "312", 100L)] // more than the goods (shipping refunded too): all, no more
    [InlineData(7L, "10", "9.99", 7L)] // 6.993 → 7
    [InlineData(0L, "300", "100", 0L)]
    [InlineData(100L, "300", "0", 0L)]
    [InlineData(100L, "0", "10", 0L)]
    [InlineData(-5L, "300", "100", 0L)]
    public void Reversal_examples(long earned, string goods, string refunded, long expected) =>
        Assert.Equal(expected, PointsProgram.ReversalFor(earned, decimal.Parse(goods, System.Globalization.CultureInfo.InvariantCulture), decimal.Parse(refunded, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Reversal_is_the_ceiling_of_the_refunded_share_never_more_than_earned_and_all_on_a_full_refund()
    {
        var gen =
            from earned in Gen.Frequency((1, Gen.Choose(-5, 0)), (8, Gen.Choose(1, 1_000_000)))
            from goods in Gen.Frequency((1, Gen.Constant(0)), (12, Gen.Choose(1, 100_000_000)))
            from refunded in Gen.Frequency(
                (1, Gen.Constant(0)),
                (1, Gen.Constant(goods)),
                (6, Gen.Choose(1, Math.Max(1, goods))),
                (1, Gen.Choose(goods, goods + goods / 5 + 1)))
            from other in Gen.Choose(0, Math.Max(1, goods))
            select (earned, goods, refunded, other);
        Prop.ForAll(gen.ToArbitrary(), x =>
        {
            long R(int cents) => PointsProgram.ReversalFor(x.earned, x.goods / 100m, cents / 100m);
            var actual = R(x.refunded);
            long expected;
            if (x.earned <= 0 || x.goods <= 0 || x.refunded <= 0)
            {
                expected = 0;
            }
            else if (x.refunded >= x.goods)
            {
                expected = x.earned;
            }
            else
            {
                var ceiling = (new BigInteger(x.earned) * x.refunded + x.goods - 1) / x.goods;
                expected = (long)BigInteger.Min(ceiling, x.earned);
            }

            // Monotone in the refunded amount.
            var monotone = x.other <= x.refunded ? R(x.other) <= actual : R(x.other) >= actual;
            return (actual == expected && actual >= 0 && actual <= Math.Max(0, x.earned) && monotone)
                .Label($"earned {x.earned}, goods {x.goods / 100m}, refunded {x.refunded / 100m}: {actual}, expected {expected}; other {x.other / 100m} → {R(x.other)}");
        }).Check(Runs);
    }

    // ---- TakeUsable ----

    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Usable: 1 (100, expires +30d), 2 (50, +5d), 3 (70, never), 7 (30, +30d). Not: 4 pending, 5 expired, 6 empty, 8 expiring right now.</summary>
    private static readonly PointsLot[] Lots =
    [
        new(3, 70, Now.AddDays(-5), null),
        new(7, 30, Now.AddDays(-1), Now.AddDays(30)),
        new(1, 100, Now.AddDays(-10), Now.AddDays(30)),
        new(4, 40, Now.AddDays(3), Now.AddDays(1)),
        new(5, 60, Now.AddDays(-100), Now.AddDays(-1)),
        new(6, 0, Now.AddDays(-3), Now.AddDays(1)),
        new(8, 25, Now.AddDays(-50), Now),
        new(2, 50, Now.AddDays(-20), Now.AddDays(5)),
    ];

    [Fact]
    public void Redemptions_take_from_the_soonest_expiring_usable_lots()
    {
        Assert.Equal([(2L, 50L), (1L, 70L)], TakeUsable(120));
        Assert.Equal([(2L, 10L)], TakeUsable(10));

        // Ties on expiry (1 and 7) go by id; never-expiring lot 3 comes last.
        Assert.Equal([(2L, 50L), (1L, 100L), (7L, 30L), (3L, 70L)], TakeUsable(250));
        Assert.Equal([(2L, 50L), (1L, 100L), (7L, 5L)], TakeUsable(155));
    }

    [Fact]
    public void Pending_expired_and_empty_lots_are_untouched_and_a_short_balance_gives_null()
    {
        Assert.Null(TakeUsable(251)); // usable: 100 + 50 + 70 + 30 = 250
        Assert.Null(PointsAllocation.TakeUsable(Lots.Where(l => l.Id is 4 or 5 or 6 or 8), 1, Now));
        Assert.Empty(TakeUsable(0)!);

        // A lot becomes usable at its UsableAt instant and expires at its ExpiresAt instant.
        Assert.Equal([(4L, 1L)], PointsAllocation.TakeUsable([new PointsLot(4, 40, Now, Now.AddDays(1))], 1, Now)!);
        Assert.Null(PointsAllocation.TakeUsable([new PointsLot(8, 25, Now.AddDays(-1), Now)], 1, Now));
    }

    private static List<(long, long)>? TakeUsable(long points) => PointsAllocation.TakeUsable(Lots, points, Now)?.Select(t => (t.LotId, t.Points)).ToList();

    [Fact]
    public void A_plan_drains_usable_lots_in_expiry_order_and_sums_to_the_points()
    {
        var lot =
            from remaining in Gen.Frequency((1, Gen.Constant(0)), (5, Gen.Choose(1, 200)))
            from usable in Gen.Choose(-30, 5)
            from expires in Gen.Frequency((1, Gen.Constant<int?>(null)), (4, Gen.Choose(-5, 40).Select(d => (int?)d)))
            select (remaining, usable, expires);
        var gen =
            from lots in Gen.Choose(0, 8).SelectMany(n => Gen.ArrayOf(lot, n))
            from order in Gen.Shuffle(Enumerable.Range(1, lots.Length).ToArray())
            from points in Gen.Frequency((3, Gen.Choose(1, 600)), (1, Gen.Choose(1, 50)))
            select (lots: lots.Select((l, i) => new PointsLot(order[i], l.remaining, Now.AddDays(l.usable), l.expires is { } e ? Now.AddDays(e) : null)).ToArray(), points);
        Prop.ForAll(gen.ToArbitrary(), x =>
        {
            var plan = PointsAllocation.TakeUsable(x.lots, x.points, Now);

            // Usable: something left, usable by now, not expired by now; redeemed soonest expiry first, never-expiring last, ties by id.
            var usable = x.lots.Where(l => l.Remaining > 0 && l.UsableAt <= Now && !(l.ExpiresAt <= Now))
                .OrderBy(l => l.ExpiresAt is null ? 1 : 0).ThenBy(l => l.ExpiresAt).ThenBy(l => l.Id).ToList();
            var label = $"{x.points} from [{string.Join(", ", x.lots.Select(l => $"#{l.Id} {l.Remaining} usable {(l.UsableAt - Now).TotalDays}d expires {(l.ExpiresAt - Now)?.TotalDays}d"))}] → " +
                (plan is null ? "null" : string.Join(", ", plan));
            if (usable.Sum(l => l.Remaining) < x.points)
            {
                return (plan is null).Label(label);
            }

            if (plan is null || plan.Count == 0 || plan.Count > usable.Count)
            {
                return false.Label(label);
            }

            var ok = plan.Sum(p => p.Points) == x.points
                && plan.Select(p => p.LotId).SequenceEqual(usable.Take(plan.Count).Select(l => l.Id))
                && plan.Select((p, i) => i < plan.Count - 1 ? p.Points == usable[i].Remaining : p.Points > 0 && p.Points <= usable[i].Remaining).All(b => b);
            return ok.Label(label);
        }).Check(Runs);
    }

    // ---- Validate ----

    [Fact]
    public void The_default_program_is_valid_and_so_are_the_bounds()
    {
        Assert.Empty(new PointsProgram().Validate());
        Assert.Empty(Double11.Validate());
        Assert.Empty(new PointsProgram { PointsPerCurrencyUnit = 0m, ReturnWindowDays = 0, ValidityDays = 0, BirthdayMultiplier = 1m }.Validate());
        Assert.Empty(new PointsProgram { ReturnWindowDays = 365, ValidityDays = 3650, Campaigns = [new PointsCampaign("one day", Nov11, Nov11, 1m)] }.Validate());
    }

    public static TheoryData<string, string> Problems => new()
    {
        { "negative rate", "pointsPerCurrencyUnit:" },
        { "negative return window", "returnWindowDays:" },
        { "return window over a year", "returnWindowDays:" },
        { "negative validity", "validityDays:" },
        { "validity over ten years", "validityDays:" },
        { "birthday below 1", "birthdayMultiplier:" },
        { "campaign multiplier below 1", "campaigns[1]:" },
        { "campaign ends before it starts", "campaigns[0]:" },
        { "campaign without a name", "campaigns[0]:" },
        { "negative behaviour points", "behaviourPoints.Share:" },
        { "negative daily cap", "dailyCaps.Review:" },
    };

    [Theory]
    [MemberData(nameof(Problems))]
    public void Validate_names_the_field(string problem, string field)
    {
        var ok = new PointsCampaign("ok", Nov11, Nov11, 2m);
        var program = problem switch
        {
            "negative rate" => new PointsProgram { PointsPerCurrencyUnit = -0.01m },
            "negative return window" => new PointsProgram { ReturnWindowDays = -1 },
            "return window over a year" => new PointsProgram { ReturnWindowDays = 366 },
            "negative validity" => new PointsProgram { ValidityDays = -1 },
            "validity over ten years" => new PointsProgram { ValidityDays = 3651 },
            "birthday below 1" => new PointsProgram { BirthdayMultiplier = 0.99m },
            "campaign multiplier below 1" => new PointsProgram { Campaigns = [ok, ok with { Multiplier = 0.5m }] },
            "campaign ends before it starts" => new PointsProgram { Campaigns = [ok with { To = Nov11.AddDays(-1) }, ok] },
            "campaign without a name" => new PointsProgram { Campaigns = [ok with { Name = " " }] },
            "negative behaviour points" => new PointsProgram { BehaviourPoints = new Dictionary<PointsSource, long> { [PointsSource.SignIn] = 5, [PointsSource.Share] = -1 } },
            "negative daily cap" => new PointsProgram { DailyCaps = new Dictionary<PointsSource, long> { [PointsSource.Review] = -100 } },
            _ => throw new ArgumentOutOfRangeException(nameof(problem)),
        };
        var problems = program.Validate();
        var only = Assert.Single(problems);
        Assert.StartsWith(field, only, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_reports_every_problem()
    {
        var program = new PointsProgram
        {
            PointsPerCurrencyUnit = -1m, ReturnWindowDays = 400, ValidityDays = -1, BirthdayMultiplier = 0m,
            Campaigns = [new PointsCampaign("", Nov11, Nov11, 2m)],
            BehaviourPoints = new Dictionary<PointsSource, long> { [PointsSource.Review] = -1 },
            DailyCaps = new Dictionary<PointsSource, long> { [PointsSource.Share] = -1 },
        };
        var fields = program.Validate().Select(p => p[..p.IndexOf(':')]).ToList();
        Assert.Equal(["pointsPerCurrencyUnit", "returnWindowDays", "validityDays", "birthdayMultiplier", "campaigns[0]", "behaviourPoints.Review", "dailyCaps.Share"], fields);
    }
}
