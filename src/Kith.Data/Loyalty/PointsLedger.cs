using Kith.Core.Loyalty.Points;
using Kith.Data.Store;
using Microsoft.EntityFrameworkCore;

namespace Kith.Data.Loyalty;

/// <summary>A customer's points now: usable, pending (order points inside the return window), and owed from refunds.</summary>
public sealed record PointsBalance(long Usable, long Pending, long Owed, long ExpiringIn30Days)
{
    public long Total => Usable + Pending;
}

/// <summary>The answer to a points change. <see cref="Reason"/> is a <see cref="PointsRefusal"/> wire code when not <see cref="Ok"/>.</summary>
public sealed record PointsChange(bool Ok, string? Reason, string? Message, long? EntryId, long Points, PointsBalance? Balance) : ILoyaltyResult
{
    public static PointsChange Refused(PointsRefusal refusal) => new(false, refusal.Code(), refusal.Describe(), null, 0, null);
}

/// <summary>An earning: <see cref="UsableAt"/> defaults to now, <see cref="ExpiresAt"/> to now + the program's validity.</summary>
public sealed record PointsEarn(string CustomerId, long Points, PointsSource Source, string Reason, string? Reference = null,
    DateTimeOffset? UsableAt = null, DateTimeOffset? ExpiresAt = null);

/// <summary>
/// The points ledger (docs/loyalty.md, "Points"). Every change is an entry; the points themselves live in lots (one
/// per earning) and every entry moves points into or out of lots, so Σ entries = Σ lot remainders = the balance, and
/// no lot goes below zero: the balance cannot be negative. A refund whose points were already spent takes what is
/// left and records the rest as owed, which later earnings pay off first.
/// Each change locks the customer's account row first (an UPDATE of its version) and only then reads the lots: changes
/// to one account run one after the other on both stores, whatever the concurrency.
/// </summary>
public sealed class PointsLedger
{
    public const string Scope = "points";

    private readonly KithStore store;
    private readonly TimeProvider time;
    private readonly PointsProgram? fixedProgram;
    private readonly LoyaltySettings? settings;

    /// <summary>A ledger under a given program (tests, tools).</summary>
    public PointsLedger(KithStore store, TimeProvider time, PointsProgram program) =>
        (this.store, this.time, fixedProgram) = (store, time, program);

    /// <summary>A ledger under the store's saved program, read per change so an operator's edit applies at once.</summary>
    public PointsLedger(KithStore store, TimeProvider time, LoyaltySettings settings) =>
        (this.store, this.time, this.settings) = (store, time, settings);

    public async Task<PointsProgram> ProgramAsync(CancellationToken ct) => fixedProgram ?? await settings!.PointsProgramAsync(ct);

    public Task<PointsChange> EarnAsync(PointsEarn earn, string? idempotencyKey, CancellationToken ct) =>
        LoyaltyWrite.RunAsync(store, Scope, idempotencyKey, new { op = "earn", earn }, time, db => WithAccountAsync(db, earn.CustomerId, async (account, now) =>
        {
            var program = await ProgramAsync(ct);
            if (earn.Points <= 0)
            {
                return PointsChange.Refused(PointsRefusal.NotPositive);
            }

            var expires = earn.ExpiresAt ?? (program.ValidityDays > 0 ? now.AddDays(program.ValidityDays) : null);
            var entry = await AddEarningAsync(db, account, earn.Points, PointsEntryKind.Earn, earn.Source, earn.Reason, earn.Reference, idempotencyKey, earn.UsableAt ?? now, expires, now, ct);
            return await ChangedAsync(db, account.CustomerId, entry, now, ct);
        }, ct), ct);

    /// <summary>
    /// Fixed points for a behaviour (sign-in, share, review, ...), capped per day: <paramref name="dayStart"/> is the
    /// start of the customer's day in the store's time zone. Past the cap the earning is cut to what is left, and
    /// refused when nothing is.
    /// </summary>
    public Task<PointsChange> EarnForBehaviourAsync(string customerId, PointsSource source, DateTimeOffset dayStart, string? reference, string? idempotencyKey, CancellationToken ct) =>
        LoyaltyWrite.RunAsync(store, Scope, idempotencyKey, new { op = "behaviour", customerId, source, dayStart, reference }, time, db => WithAccountAsync(db, customerId, async (account, now) =>
        {
            var program = await ProgramAsync(ct);
            var points = program.BehaviourPoints.GetValueOrDefault(source);
            if (program.DailyCaps.TryGetValue(source, out var cap))
            {
                var today = await db.PointsEntries.Where(e => e.CustomerId == account.CustomerId && e.Source == source && e.Kind == PointsEntryKind.Earn && e.CreatedAt >= dayStart)
                    .SumAsync(e => e.Points, ct);
                points = Math.Min(points, cap - today);
            }

            if (points <= 0)
            {
                return PointsChange.Refused(PointsRefusal.DailyCapReached);
            }

            var expires = program.ValidityDays > 0 ? now.AddDays(program.ValidityDays) : (DateTimeOffset?)null;
            var entry = await AddEarningAsync(db, account, points, PointsEntryKind.Earn, source, $"{source}", reference, idempotencyKey, now, expires, now, ct);
            return await ChangedAsync(db, account.CustomerId, entry, now, ct);
        }, ct), ct);

    /// <summary>Spends usable points, those expiring first going first. Refused if the usable balance is short.</summary>
    public Task<PointsChange> RedeemAsync(string customerId, long points, PointsSource source, string reason, string? reference, string? idempotencyKey, CancellationToken ct) =>
        LoyaltyWrite.RunAsync(store, Scope, idempotencyKey, new { op = "redeem", customerId, points, source, reason, reference }, time,
            db => WithAccountAsync(db, customerId, (account, now) => RedeemInAsync(db, account, points, source, reason, reference, idempotencyKey, now, ct), ct), ct);

    /// <summary>
    /// An operator's correction: positive adds usable points (valid for the program's validity), negative takes usable
    /// points and is refused if there are not enough.
    /// </summary>
    public Task<PointsChange> AdjustAsync(string customerId, long delta, string reason, string actor, string? idempotencyKey, CancellationToken ct) =>
        LoyaltyWrite.RunAsync(store, Scope, idempotencyKey, new { op = "adjust", customerId, delta, reason, actor }, time, db => WithAccountAsync(db, customerId, async (account, now) =>
        {
            if (delta == 0)
            {
                return PointsChange.Refused(PointsRefusal.NotPositive);
            }

            var program = await ProgramAsync(ct);
            if (delta < 0)
            {
                return await RedeemInAsync(db, account, -delta, PointsSource.Manual, $"{reason} (by {actor})", null, idempotencyKey, now, ct, PointsEntryKind.Adjust);
            }

            var expires = program.ValidityDays > 0 ? now.AddDays(program.ValidityDays) : (DateTimeOffset?)null;
            var entry = await AddEarningAsync(db, account, delta, PointsEntryKind.Adjust, PointsSource.Manual, $"{reason} (by {actor})", null, idempotencyKey, now, expires, now, ct);
            return await ChangedAsync(db, account.CustomerId, entry, now, ct);
        }, ct), ct);

    /// <summary>
    /// Takes back up to <paramref name="points"/> earned for <paramref name="reference"/> (a refunded order): first from
    /// that earning's own lots (pending or usable), then from the customer's other lots, those expiring first; what
    /// cannot be taken is recorded as owed.
    /// </summary>
    public Task<PointsChange> ReverseEarnedAsync(string customerId, string reference, long points, string reason, string? idempotencyKey, CancellationToken ct) =>
        LoyaltyWrite.RunAsync(store, Scope, idempotencyKey, new { op = "reverse-earned", customerId, reference, points, reason }, time, db => WithAccountAsync(db, customerId, async (account, now) =>
        {
            if (points <= 0)
            {
                return PointsChange.Refused(PointsRefusal.NotPositive);
            }

            var lots = await db.PointsLots.AsNoTracking().Where(l => l.CustomerId == account.CustomerId && l.Remaining > 0).ToListAsync(ct);
            var ordered = lots.Where(l => l.Reference == reference).OrderBy(l => l.Id)
                .Concat(lots.Where(l => l.Reference != reference).OrderBy(l => l.ExpiresAt ?? DateTimeOffset.MaxValue).ThenBy(l => l.Id));
            var plan = new List<(long LotId, long Points)>();
            var left = points;
            foreach (var lot in ordered)
            {
                if (left == 0)
                {
                    break;
                }

                var take = Math.Min(left, lot.Remaining);
                plan.Add((lot.Id, take));
                left -= take;
            }

            var taken = points - left;
            if (left > 0)
            {
                await db.PointsAccounts.Where(a => a.CustomerId == account.CustomerId)
                    .ExecuteUpdateAsync(s => s.SetProperty(a => a.DebtPoints, a => a.DebtPoints + left), ct);
            }

            var note = left > 0 ? $"{reason}; {left} already spent, owed" : reason;
            var entry = await AddEntryAsync(db, account.CustomerId, PointsEntryKind.Reverse, PointsSource.Order, -taken, note, reference, idempotencyKey, now, ct);
            await MoveAsync(db, entry.Id, plan.Select(p => (p.LotId, -p.Points)), ct);
            return await ChangedAsync(db, account.CustomerId, entry, now, ct);
        }, ct), ct);

    /// <summary>Gives back the points of a redemption (a cancelled mall order) into the lots they came from.</summary>
    public Task<PointsChange> ReverseRedemptionAsync(long redeemEntryId, string reason, string? idempotencyKey, CancellationToken ct) =>
        LoyaltyWrite.RunAsync(store, Scope, idempotencyKey, new { op = "reverse-redemption", redeemEntryId, reason }, time, async db =>
        {
            var redeem = await db.PointsEntries.AsNoTracking().SingleOrDefaultAsync(e => e.Id == redeemEntryId && e.Points < 0, ct);
            if (redeem is null)
            {
                return PointsChange.Refused(PointsRefusal.NothingToReverse);
            }

            var externalId = await db.Customers.Where(c => c.Id == redeem.CustomerId).Select(c => c.ExternalId).SingleAsync(ct);
            return await WithAccountAsync(db, externalId, (account, now) => ReverseRedemptionInAsync(db, account, redeem, reason, idempotencyKey, now, ct), ct);
        }, ct);

    internal static async Task<PointsChange> ReverseRedemptionInAsync(KithDbContext db, PointsAccountRow account, PointsEntryRow redeem, string reason, string? idempotencyKey, DateTimeOffset now, CancellationToken ct)
    {
        var reference = $"entry:{redeem.Id}";
        if (await db.PointsEntries.AnyAsync(e => e.CustomerId == account.CustomerId && e.Kind == PointsEntryKind.Reverse && e.Reference == reference, ct))
        {
            return PointsChange.Refused(PointsRefusal.NothingToReverse);
        }

        var moves = await db.PointsLotMoves.AsNoTracking().Where(m => m.EntryId == redeem.Id).ToListAsync(ct);
        var entry = await AddEntryAsync(db, account.CustomerId, PointsEntryKind.Reverse, redeem.Source, -redeem.Points, reason, reference, idempotencyKey, now, ct);
        await MoveAsync(db, entry.Id, moves.Select(m => (m.LotId, -m.Points)), ct);
        await db.PointsAccounts.Where(a => a.CustomerId == account.CustomerId)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.LifetimeRedeemed, a => a.LifetimeRedeemed + redeem.Points), ct);

        // Points given back into a lot that has expired meanwhile expire again, with their own entry.
        await ExpireDueAsync(db, account.CustomerId, now, ct);
        return await ChangedAsync(db, account.CustomerId, entry, now, ct);
    }

    /// <summary>Writes the expiry of every lot past its date (the sweeper's job; each change also expires its own account's). Returns the accounts touched.</summary>
    public async Task<int> ExpireDueAsync(CancellationToken ct)
    {
        await using var read = store.CreateContext();
        var now = time.GetUtcNow();
        var customers = await read.PointsLots.Where(l => l.Remaining > 0 && l.ExpiresAt <= now)
            .Join(read.Customers, l => l.CustomerId, c => c.Id, (l, c) => c.ExternalId).Distinct().ToListAsync(ct);
        foreach (var customer in customers)
        {
            await LoyaltyWrite.RunAsync(store, Scope, null, customer, time, db => WithAccountAsync(db, customer, async (account, at) =>
                await ChangedAsync(db, account.CustomerId, null, at, ct), ct), ct);
        }

        return customers.Count;
    }

    public async Task<PointsBalance?> BalanceAsync(string customerId, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        var id = await db.Customers.Where(c => c.ExternalId == customerId).Select(c => (long?)c.Id).SingleOrDefaultAsync(ct);
        return id is null ? null : await BalanceOfAsync(db, id.Value, time.GetUtcNow(), ct);
    }

    internal static async Task<PointsChange> RedeemInAsync(KithDbContext db, PointsAccountRow account, long points, PointsSource source, string reason, string? reference,
        string? idempotencyKey, DateTimeOffset now, CancellationToken ct, PointsEntryKind kind = PointsEntryKind.Redeem)
    {
        if (points <= 0)
        {
            return PointsChange.Refused(PointsRefusal.NotPositive);
        }

        var lots = await db.PointsLots.AsNoTracking().Where(l => l.CustomerId == account.CustomerId && l.Remaining > 0)
            .Select(l => new PointsLot(l.Id, l.Remaining, l.UsableAt, l.ExpiresAt)).ToListAsync(ct);
        var plan = PointsAllocation.TakeUsable(lots, points, now);
        if (plan is null)
        {
            return PointsChange.Refused(PointsRefusal.InsufficientPoints) with { Balance = await BalanceOfAsync(db, account.CustomerId, now, ct) };
        }

        var entry = await AddEntryAsync(db, account.CustomerId, kind, source, -points, reason, reference, idempotencyKey, now, ct);
        await MoveAsync(db, entry.Id, plan.Select(p => (p.LotId, -p.Points)), ct);
        await db.PointsAccounts.Where(a => a.CustomerId == account.CustomerId)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.LifetimeRedeemed, a => a.LifetimeRedeemed + points), ct);
        return await ChangedAsync(db, account.CustomerId, entry, now, ct);
    }

    /// <summary>
    /// Creates the account if needed, locks it, writes any expiry that is due, then runs <paramref name="body"/>.
    /// Must run inside the caller's transaction.
    /// </summary>
    internal async Task<PointsChange> WithAccountAsync(KithDbContext db, string customerId, Func<PointsAccountRow, DateTimeOffset, Task<PointsChange>> body, CancellationToken ct)
    {
        var id = await db.Customers.Where(c => c.ExternalId == customerId).Select(c => (long?)c.Id).SingleOrDefaultAsync(ct);
        if (id is null)
        {
            return PointsChange.Refused(PointsRefusal.UnknownCustomer);
        }

        var now = time.GetUtcNow();
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO points_accounts (customer_id, debt_points, lifetime_earned, lifetime_redeemed, version, updated_at) VALUES ({id.Value}, {0L}, {0L}, {0L}, {0L}, {LoyaltyWrite.DbTime(db, now)}) ON CONFLICT DO NOTHING", ct);
        await db.PointsAccounts.Where(a => a.CustomerId == id.Value)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Version, a => a.Version + 1).SetProperty(a => a.UpdatedAt, now), ct);
        var account = await db.PointsAccounts.AsNoTracking().SingleAsync(a => a.CustomerId == id.Value, ct);
        await ExpireDueAsync(db, id.Value, now, ct);
        return await body(account, now);
    }

    private static async Task<PointsEntryRow> AddEarningAsync(KithDbContext db, PointsAccountRow account, long points, PointsEntryKind kind, PointsSource source, string reason,
        string? reference, string? idempotencyKey, DateTimeOffset usableAt, DateTimeOffset? expiresAt, DateTimeOffset now, CancellationToken ct)
    {
        var entry = await AddEntryAsync(db, account.CustomerId, kind, source, points, reason, reference, idempotencyKey, now, ct);
        var lot = new PointsLotRow
        {
            CustomerId = account.CustomerId, EntryId = entry.Id, Original = points, Remaining = points,
            UsableAt = usableAt, ExpiresAt = expiresAt, Reference = reference,
        };
        db.PointsLots.Add(lot);
        await db.SaveChangesAsync(ct);
        db.PointsLotMoves.Add(new PointsLotMoveRow { EntryId = entry.Id, LotId = lot.Id, Points = points });
        await db.SaveChangesAsync(ct);
        await db.PointsAccounts.Where(a => a.CustomerId == account.CustomerId)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.LifetimeEarned, a => a.LifetimeEarned + points), ct);

        // Points owed from an earlier refund come out of this earning first.
        var owed = await db.PointsAccounts.Where(a => a.CustomerId == account.CustomerId).Select(a => a.DebtPoints).SingleAsync(ct);
        if (owed > 0)
        {
            var recovered = Math.Min(owed, points);
            var recovery = await AddEntryAsync(db, account.CustomerId, PointsEntryKind.Reverse, source, -recovered,
                "recovers points owed from an earlier refund", reference, null, now, ct);
            await MoveAsync(db, recovery.Id, [(lot.Id, -recovered)], ct);
            await db.PointsAccounts.Where(a => a.CustomerId == account.CustomerId)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.DebtPoints, a => a.DebtPoints - recovered), ct);
        }

        return entry;
    }

    private static async Task<PointsEntryRow> AddEntryAsync(KithDbContext db, long customerId, PointsEntryKind kind, PointsSource source, long points, string reason,
        string? reference, string? idempotencyKey, DateTimeOffset now, CancellationToken ct)
    {
        var before = await db.PointsEntries.Where(e => e.CustomerId == customerId).OrderByDescending(e => e.Id).Select(e => e.BalanceAfter).FirstOrDefaultAsync(ct);
        var entry = new PointsEntryRow
        {
            CustomerId = customerId, Kind = kind, Source = source, Points = points, Reason = reason, Reference = reference,
            IdempotencyKey = idempotencyKey is null ? null : $"{kind}:{idempotencyKey}", BalanceAfter = before + points, CreatedAt = now,
        };
        db.PointsEntries.Add(entry);
        await db.SaveChangesAsync(ct);
        return entry;
    }

    /// <summary>Applies signed moves to lots; a move that would take a lot below zero throws, rolling everything back.</summary>
    private static async Task MoveAsync(KithDbContext db, long entryId, IEnumerable<(long LotId, long Points)> moves, CancellationToken ct)
    {
        foreach (var (lotId, points) in moves)
        {
            if (points == 0)
            {
                continue;
            }

            var changed = await db.PointsLots.Where(l => l.Id == lotId && l.Remaining + points >= 0 && l.Remaining + points <= l.Original)
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.Remaining, l => l.Remaining + points), ct);
            if (changed != 1)
            {
                throw new InvalidOperationException($"Points lot {lotId} cannot move by {points}: the ledger would go negative.");
            }

            db.PointsLotMoves.Add(new PointsLotMoveRow { EntryId = entryId, LotId = lotId, Points = points });
        }

        await db.SaveChangesAsync(ct);
    }

    private static async Task ExpireDueAsync(KithDbContext db, long customerId, DateTimeOffset now, CancellationToken ct)
    {
        var due = await db.PointsLots.AsNoTracking().Where(l => l.CustomerId == customerId && l.Remaining > 0 && l.ExpiresAt <= now).OrderBy(l => l.Id).ToListAsync(ct);
        foreach (var lot in due)
        {
            var entry = await AddEntryAsync(db, customerId, PointsEntryKind.Expire, PointsSource.Expiry, -lot.Remaining,
                $"expired (earned with entry {lot.EntryId})", lot.Reference, null, now, ct);
            await MoveAsync(db, entry.Id, [(lot.Id, -lot.Remaining)], ct);
        }
    }

    private static async Task<PointsChange> ChangedAsync(KithDbContext db, long customerId, PointsEntryRow? entry, DateTimeOffset now, CancellationToken ct) =>
        new(true, null, null, entry?.Id, entry?.Points ?? 0, await BalanceOfAsync(db, customerId, now, ct));

    internal static async Task<PointsBalance> BalanceOfAsync(KithDbContext db, long customerId, DateTimeOffset now, CancellationToken ct)
    {
        var lots = await db.PointsLots.AsNoTracking().Where(l => l.CustomerId == customerId && l.Remaining > 0)
            .Select(l => new PointsLot(l.Id, l.Remaining, l.UsableAt, l.ExpiresAt)).ToListAsync(ct);
        var owed = await db.PointsAccounts.Where(a => a.CustomerId == customerId).Select(a => a.DebtPoints).FirstOrDefaultAsync(ct);
        var soon = now.AddDays(30);
        return new PointsBalance(
            lots.Where(l => l.IsUsable(now)).Sum(l => l.Remaining),
            lots.Where(l => l.IsPending(now)).Sum(l => l.Remaining),
            owed,
            lots.Where(l => !l.IsExpired(now) && l.ExpiresAt <= soon).Sum(l => l.Remaining));
    }
}
