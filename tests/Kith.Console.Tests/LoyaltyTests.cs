using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kith.Core.Access;
using Kith.Core.Loyalty.Coupons;
using Kith.Core.Orders;
using Kith.Core.Privacy;
using Kith.Data.Access;
using Kith.Data.Loyalty;
using Kith.Data.Segments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit;

namespace Kith.Console.Tests;

/// <summary>
/// Issue 8's console, as a marketer uses it: tiers, points rules, a "满300减50" offer issued to a segment and its
/// redemptions in the monitor once orders arrive; who may see and change what; Chinese words; field-named errors.
/// Every figure is checked against the store's rows read here, not against the code that shows it.
/// </summary>
[Collection(OrderWriters.Name)]
public sealed class LoyaltyTests(KithConsole kith) : ConsoleTest(kith)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Picks an option of a MudSelect (options carry data-value).</summary>
    private static async Task PickAsync(IPage page, ILocator select, string value)
    {
        await select.ClickAsync();
        await page.Locator($".mud-popover-open [data-value='{value}']").ClickAsync();
        await Expect(page.Locator(".mud-popover-open .mud-list")).ToHaveCountAsync(0);
    }

    /// <summary>Fills a field that binds on change (MudNumericField, MudTextField without Immediate) and leaves it.</summary>
    private static async Task TypeAsync(ILocator input, string text)
    {
        await input.FillAsync(text);
        await input.PressAsync("Tab");
    }

    /// <summary>
    /// Each customer's spend over the last 365 days as the tier rules count it (paid, not cancelled, CNY; total − shipping −
    /// refunded, at least 0), in fen, read from the orders table with plain SQL. Not erased customers only.
    /// </summary>
    private async Task<Dictionary<long, long>> SpendsAsync()
    {
        var since = DateTimeOffset.UtcNow.AddDays(-365);
        var spends = new Dictionary<long, long>();
        await using var connection = await Kith.Store.OpenConnectionAsync(Ct);
        await using var cmd = connection.CreateCommand();
        // Amounts are TEXT and paid_at unix microseconds on SQLite (the console's store).
        cmd.CommandText = """
            SELECT o.customer_id, CAST(o.total AS TEXT), CAST(o.shipping_fee AS TEXT), CAST(o.refunded_amount AS TEXT), o.paid_at
            FROM orders o JOIN customers c ON c.id = o.customer_id
            WHERE o.paid_at IS NOT NULL AND o.status <> 'Cancelled' AND o.currency = 'CNY' AND c.erased_at IS NULL
            """;
        await using var reader = await cmd.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            if (DateTimeOffset.UnixEpoch.AddTicks(reader.GetInt64(4) * 10) < since)
            {
                continue;
            }

            decimal D(int i) => decimal.Parse(reader.GetString(i), NumberStyles.Float, CultureInfo.InvariantCulture);
            var net = Math.Max(0m, D(1) - D(2) - D(3));
            spends[reader.GetInt64(0)] = spends.GetValueOrDefault(reader.GetInt64(0)) + (long)(net * 100m);
        }

        return spends;
    }

    [Fact]
    public async Task A_marketer_designs_tiers_and_points_creates_a_300_off_50_offer_issues_it_to_a_segment_and_sees_its_redemptions_in_the_monitor()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var settings = new LoyaltySettings(Kith.Store, TimeProvider.System);

        // 1. Tiers: the demo's three levels become two; the second is reached by the top quarter of last year's spenders.
        var spends = await SpendsAsync();
        var thresholdYuan = spends.Values.OrderDescending().ElementAt(spends.Count / 4) / 100;
        var page = await OpenAsync(Roles.Marketer, "loyalty/tiers");
        await Expect(page.GetByTestId("tier-level")).ToHaveCountAsync(3);
        await page.GetByTestId("tier-level").Nth(2).GetByTestId("level-remove").ClickAsync();
        await Expect(page.GetByTestId("tier-level")).ToHaveCountAsync(2);
        var plus = page.GetByTestId("tier-level").Nth(1);
        await TypeAsync(plus.GetByTestId("level-name"), $"Plus {tag}");
        await TypeAsync(plus.GetByTestId("level-min-spend"), "");
        await TypeAsync(plus.GetByTestId("level-min-orders"), "0");
        // No threshold at all: refused, and the problem names the level.
        await page.GetByTestId("tier-save").ClickAsync();
        await Expect(page.Locator("[data-testid=tier-problem][data-field='levels[1]']")).ToContainTextAsync($"Plus {tag} · needs at least one threshold");
        await TypeAsync(plus.GetByTestId("level-min-spend"), thresholdYuan.ToString(CultureInfo.InvariantCulture));
        await TypeAsync(plus.GetByTestId("level-discount"), "3");
        await plus.GetByText("Free shipping").ClickAsync();
        await page.GetByTestId("tier-save").ClickAsync();
        await Expect(page.GetByTestId("tier-saved")).ToBeVisibleAsync();
        var scheme = await settings.TierSchemeAsync(Ct);
        Assert.Equal(2, scheme.Levels.Count);
        Assert.Equal(($"Plus {tag}", thresholdYuan * 100, 0, 3m, true), (scheme.Levels[1].Name, scheme.Levels[1].MinSpendMinor, scheme.Levels[1].MinOrders,
            scheme.Levels[1].Benefits.DiscountPercent, scheme.Levels[1].Benefits.FreeShipping));

        // Evaluated now: up to what they qualify for, never down before their review date (the demo's ranks clamp to 1).
        Dictionary<long, int> before;
        await using (var db = Kith.Store.CreateContext())
        {
            before = await db.CustomerTiers.ToDictionaryAsync(t => t.CustomerId, t => t.Rank, Ct);
        }

        await page.GetByTestId("tier-reevaluate").ClickAsync();
        await Expect(page.GetByTestId("tier-reevaluate-status")).ToHaveAttributeAsync("data-done", "true", new() { Timeout = 120_000 });
        List<long> live;
        await using (var db = Kith.Store.CreateContext())
        {
            live = await db.Customers.Where(c => c.ErasedAt == null).Select(c => c.Id).ToListAsync(Ct);
        }

        var customers = live.Count;
        var atPlus = live.Count(id => spends.GetValueOrDefault(id) >= thresholdYuan * 100 || before.GetValueOrDefault(id) >= 1);
        Assert.InRange(atPlus, 1, customers - 1);
        await Expect(page.Locator("[data-testid=tier-count-row][data-rank='1']")).ToHaveAttributeAsync("data-count", atPlus.ToString(CultureInfo.InvariantCulture));
        await Expect(page.Locator("[data-testid=tier-count-row][data-rank='0']")).ToHaveAttributeAsync("data-count", (customers - atPlus).ToString(CultureInfo.InvariantCulture));

        // 2. Points: two points per yuan, a ten-day return window.
        await GotoAsync(page, "loyalty/points");
        await TypeAsync(page.GetByTestId("points-per-unit"), "2");
        await TypeAsync(page.GetByTestId("points-return-window"), "10");
        await page.GetByTestId("points-save").ClickAsync();
        await Expect(page.GetByTestId("points-saved")).ToBeVisibleAsync();
        var program = await settings.PointsProgramAsync(Ct);
        Assert.Equal((2m, 10), (program.PointsPerCurrencyUnit, program.ReturnWindowDays));

        // 3. A segment of twelve customers.
        List<string> members;
        await using (var db = Kith.Store.CreateContext())
        {
            members = await db.Customers.Where(c => c.ErasedAt == null).OrderByDescending(c => c.Id).Skip(20).Take(12).Select(c => c.ExternalId).ToListAsync(Ct);
        }

        var (segment, _, _) = await new SegmentCatalog(Kith.Store).CreateStaticAsync($"Loyalty test {tag}", members, null, "tests", DateTimeOffset.UtcNow, Ct);
        Assert.NotNull(segment);

        // 4. The offer: 满300减50, valid for the next 30 days (the form's default window).
        await GotoAsync(page, "loyalty/coupons");
        await page.GetByTestId("coupon-new").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/loyalty/coupons/new$"));
        await KithConsole.WaitForInteractiveAsync(page);
        var name = $"满300减50 {tag}";
        await page.GetByTestId("coupon-name").FillAsync(name);
        await Expect(page.GetByTestId("coupon-kind")).ToContainTextAsync("Spend threshold (e.g. 300 off 50)");
        await TypeAsync(page.GetByTestId("coupon-minSpend"), "300");
        await TypeAsync(page.GetByTestId("coupon-amountOff"), "50");
        await page.GetByTestId("coupon-create").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/loyalty/coupons/\d+$"));
        var offerId = long.Parse(Regex.Match(page.Url, @"/loyalty/coupons/(\d+)$").Groups[1].Value, CultureInfo.InvariantCulture);
        await Expect(page.GetByTestId("coupon-title")).ToHaveTextAsync(name);
        await Expect(page.GetByTestId("offer-summary")).ToHaveTextAsync("50.00 CNY off from 300.00 CNY");

        // 5. Issue it to the segment.
        await KithConsole.WaitForInteractiveAsync(page);
        await PickAsync(page, page.GetByTestId("issue-segment"), segment.Id.ToString(CultureInfo.InvariantCulture));
        await page.GetByTestId("issue-button").ClickAsync();
        await Expect(page.GetByTestId("issue-result")).ToHaveAttributeAsync("data-codes", "12");
        await Expect(page.Locator($"[data-testid=batch-row][data-segment-id='{segment.Id}']")).ToHaveAttributeAsync("data-codes", "12");
        await Expect(page.GetByTestId("coupon-codes")).ToHaveAttributeAsync("data-count", "12");

        // The codes as a spreadsheet: one row per member, names masked for a marketer.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("coupon-export").ClickAsync());
        var csv = (await File.ReadAllLinesAsync(await download.PathAsync(), Ct)).Where(l => l.Length > 0).ToList();
        Assert.Equal("code,customer_id,customer_name,batch,max_uses,uses,valid_from,valid_to,issued_at", csv[0].TrimStart('\uFEFF'));
        Assert.Equal(members.Order(), csv.Skip(1).Select(l => l.Split(',')[1]).Order());
        await using (var db = Kith.Store.CreateContext())
        {
            var names = await db.Customers.Where(c => members.Contains(c.ExternalId)).ToDictionaryAsync(c => c.ExternalId, c => c.Name, Ct);
            Assert.All(csv.Skip(1).Select(l => l.Split(',')), cells => Assert.Equal(PiiMask.Name(names[cells[1]]) ?? "", cells[2]));
        }

        // 6. Orders arrive, as a store sends them: the checkout reserves each code through the checkout API, then the
        // store's order system sends the paid orders with their couponCode (PUT /api/v1/orders/{id}) and Kith's order
        // hook commits the redemptions. One checkout stays open (reserved, unpaid); one cart under the threshold is refused.
        List<(string Code, long CustomerId, string ExternalId)> codes;
        await using (var db = Kith.Store.CreateContext())
        {
            var rows = await (from c in db.CouponCodes
                              where c.TemplateId == offerId
                              join customer in db.Customers on c.CustomerId equals (long?)customer.Id
                              orderby customer.Id
                              select new { c.Code, customer.Id, customer.ExternalId }).ToListAsync(Ct);
            codes = rows.Select(r => (r.Code, r.Id, r.ExternalId)).ToList();
        }

        var keys = new ApiKeyStore(Kith.Store, TimeProvider.System);
        using var shop = new HttpClient { BaseAddress = Kith.Address };
        shop.DefaultRequestHeaders.Authorization = new("Bearer", (await keys.CreateAsync($"lt-checkout-{tag}", [PermissionMatrix.ScopeCheckout], Ct)).Secret);
        using var orderSystem = new HttpClient { BaseAddress = Kith.Address };
        orderSystem.DefaultRequestHeaders.Authorization = new("Bearer", (await keys.CreateAsync($"lt-orders-{tag}", [PermissionMatrix.ScopeIngest], Ct)).Secret);

        async Task<JsonElement> RedeemAsync(string path, object body)
        {
            using var response = await shop.PostAsJsonAsync(path, body, Ct);
            return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        }

        object Cart(string customer, string code, string orderRef, decimal price) => new
        {
            action = "reserve", customerId = customer, code, orderId = orderRef, currency = "CNY",
            lines = new[] { new { sku = "SKU-LT", category = "shoes", unitPrice = price, quantity = 1 } },
        };

        using (var product = await orderSystem.PutAsJsonAsync("api/v1/products/SKU-LT", new { sku = "SKU-LT", name = "Running shoes", categoryPath = "shoes", price = 999.00m, currency = "CNY" }, Ct))
        {
            Assert.True(product.IsSuccessStatusCode, await product.Content.ReadAsStringAsync(Ct));
        }

        decimal[] carts = [350.00m, 420.50m, 999.00m];
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < carts.Length; i++)
        {
            var orderRef = $"LT-{tag}-{i}";
            var reserved = await RedeemAsync("api/v1/coupons/redeem", Cart(codes[i].ExternalId, codes[i].Code, orderRef, carts[i]));
            Assert.True(reserved.GetProperty("ok").GetBoolean(), reserved.ToString());
            Assert.Equal(50.00m, reserved.GetProperty("discount").GetDecimal());
            using var sent = await orderSystem.PutAsJsonAsync($"api/v1/orders/{orderRef}", new
            {
                externalId = orderRef, customerId = codes[i].ExternalId, status = "Paid", currency = "CNY", total = carts[i] - 50m, discount = 50m,
                couponCode = codes[i].Code, placedAt = now, paidAt = now,
                lines = new[] { new { sku = "SKU-LT", quantity = 1, unitPrice = carts[i] } },
            }, Ct);
            Assert.True(sent.IsSuccessStatusCode, await sent.Content.ReadAsStringAsync(Ct));
        }

        var open = await RedeemAsync("api/v1/coupons/redeem", Cart(codes[3].ExternalId, codes[3].Code, $"LT-{tag}-open", 500.00m));
        Assert.True(open.GetProperty("ok").GetBoolean(), open.ToString());
        var small = await RedeemAsync("api/v1/coupons/validate", Cart(codes[4].ExternalId, codes[4].Code, $"LT-{tag}-small", 299.99m));
        Assert.Equal("below_threshold", small.GetProperty("reason").GetString());

        // The order hook runs in the background: wait until it has committed the three paid orders' codes.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var paidOrders = Enumerable.Range(0, carts.Length).Select(i => $"LT-{tag}-{i}").ToList();
        while (true)
        {
            await using var db = Kith.Store.CreateContext();
            var used = await db.CouponRedemptions.CountAsync(r => r.TemplateId == offerId && paidOrders.Contains(r.OrderRef) && r.Status == CouponRedemptionRow.Committed, Ct);
            if (used == carts.Length)
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the order hook committed {used} of {carts.Length} coupon redemptions within 60 s");
            await Task.Delay(200, Ct);
        }

        // 7. The monitor. Expected by hand: every cart is 300 or more, so each paid order got 50 off; revenue is what they paid.
        var revenue = carts.Sum(c => c - 50m);
        await GotoAsync(page, "loyalty/monitor");
        var row = page.Locator($"[data-testid=monitor-offer-row][data-offer-id='{offerId}']");
        await Expect(row).ToHaveAttributeAsync("data-redeemed", "3");
        await Expect(row).ToHaveAttributeAsync("data-issued", "12");
        await Expect(row).ToHaveAttributeAsync("data-reserved", "1");
        await Expect(row).ToHaveAttributeAsync("data-expired", "0");
        await Expect(row).ToHaveAttributeAsync("data-discount-minor", (3 * 50_00).ToString(CultureInfo.InvariantCulture));
        await Expect(row).ToHaveAttributeAsync("data-orders", "3");
        Assert.Equal(revenue, decimal.Parse((await row.GetAttributeAsync("data-revenue"))!, CultureInfo.InvariantCulture));
        await Expect(row.GetByTestId("m-cost")).ToContainTextAsync("150.00");
        await Expect(row.GetByTestId("m-revenue")).ToContainTextAsync(revenue.ToString("N2", CultureInfo.GetCultureInfo("en")));
        await Expect(row.GetByTestId("m-revenue")).ToContainTextAsync("3 orders");
        await Expect(row.GetByTestId("m-rate")).ToHaveTextAsync("25.0%");
        var bySegment = page.Locator($"[data-testid=monitor-segment-row][data-offer-id='{offerId}'][data-segment-id='{segment.Id}']");
        await Expect(bySegment).ToHaveAttributeAsync("data-redeemed", "3");
        await Expect(bySegment).ToHaveAttributeAsync("data-discount-minor", "15000");
        await Expect(bySegment).ToContainTextAsync($"Loyalty test {tag}");
        await Expect(page.GetByTestId("chart-redemptions").Locator("svg")).Not.ToHaveCountAsync(0);
        await Expect(page.GetByTestId("chart-cost-revenue").Locator("svg")).Not.ToHaveCountAsync(0);

        // The offer list agrees, and a member's 360 shows the used coupon, masked but for its last 4 characters.
        await GotoAsync(page, "loyalty/coupons");
        var listed = page.Locator($"[data-testid=coupon-row][data-offer-id='{offerId}']");
        await Expect(listed.GetByTestId("coupon-codes")).ToHaveTextAsync("12");
        await Expect(listed.GetByTestId("coupon-redeemed")).ToHaveTextAsync("3");
        await GotoAsync(page, "customers/" + codes[0].ExternalId);
        var held = page.Locator("[data-testid=loyalty-coupon][data-status='Used']").Filter(new() { HasText = name });
        await Expect(held.GetByTestId("loyalty-coupon-code")).ToHaveTextAsync(new string('*', codes[0].Code.Length - 4) + codes[0].Code[^4..]);
        var agent = await OpenAsync(Roles.Agent, "customers/" + codes[0].ExternalId);
        await Expect(agent.Locator("[data-testid=loyalty-coupon][data-status='Used']").Filter(new() { HasText = name }).GetByTestId("loyalty-coupon-code")).ToHaveTextAsync(codes[0].Code);

        // 8. Fraud suspected: the marketer pauses the offer (checkouts are refused at once), then resumes it. Both audited.
        await GotoAsync(page, $"loyalty/coupons/{offerId}");
        await KithConsole.WaitForInteractiveAsync(page);
        await page.GetByTestId("coupon-toggle-status").ClickAsync();
        await Expect(page.GetByTestId("coupon-toggle-status")).ToContainTextAsync("Resume offer");
        var whilePaused = await RedeemAsync("api/v1/coupons/validate", Cart(codes[5].ExternalId, codes[5].Code, $"LT-{tag}-paused", 400.00m));
        Assert.Equal("template_paused", whilePaused.GetProperty("reason").GetString());
        await page.GetByTestId("coupon-toggle-status").ClickAsync();
        await Expect(page.GetByTestId("coupon-toggle-status")).ToContainTextAsync("Pause offer");
        Assert.True((await RedeemAsync("api/v1/coupons/validate", Cart(codes[5].ExternalId, codes[5].Code, $"LT-{tag}-paused", 400.00m))).GetProperty("ok").GetBoolean());
        await using (var db = Kith.Store.CreateContext())
        {
            var actions = await db.AuditLog.Where(a => a.Target == $"coupon_offer:{offerId}").OrderBy(a => a.Id).Select(a => a.Action).ToListAsync(Ct);
            Assert.Equal(["coupon.offer_paused", "coupon.offer_resumed"], actions.Where(a => a.StartsWith("coupon.offer_p", StringComparison.Ordinal) || a == "coupon.offer_resumed"));
        }
    }

    [Fact]
    public async Task The_360_loyalty_card_shows_the_tier_the_points_and_the_coupons_as_the_store_holds_them()
    {
        var id = ConsolePages.ScreenCustomer;
        var now = DateTimeOffset.UtcNow;
        long usable = 0, pending = 0, expiring = 0, owed;
        int rank, coupons, entries;
        await using (var db = Kith.Store.CreateContext())
        {
            var customer = await db.Customers.Where(c => c.ExternalId == id).Select(c => c.Id).SingleAsync(Ct);
            foreach (var lot in await db.PointsLots.Where(l => l.CustomerId == customer && l.Remaining > 0).ToListAsync(Ct))
            {
                if (lot.ExpiresAt is { } e && e <= now)
                {
                    continue;
                }

                usable += lot.UsableAt <= now ? lot.Remaining : 0;
                pending += lot.UsableAt > now ? lot.Remaining : 0;
                expiring += lot.ExpiresAt <= now.AddDays(30) ? lot.Remaining : 0;
            }

            owed = await db.PointsAccounts.Where(a => a.CustomerId == customer).Select(a => a.DebtPoints).SingleAsync(Ct);
            rank = await db.CustomerTiers.Where(t => t.CustomerId == customer).Select(t => (int?)t.Rank).SingleOrDefaultAsync(Ct) ?? 0;
            coupons = await db.CouponCodes.CountAsync(c => c.CustomerId == customer, Ct);
            entries = await db.PointsEntries.CountAsync(e => e.CustomerId == customer, Ct);
        }

        var scheme = await new LoyaltySettings(Kith.Store, TimeProvider.System).TierSchemeAsync(Ct);
        Assert.True(usable > 0 && pending > 0 && expiring > 0 && coupons > 0, "the loyalty demo gave the pictured customer points of each kind and a coupon");

        var page = await OpenAsync(Roles.Marketer, "customers/" + id);

        var card = page.GetByTestId("loyalty-card");
        await Expect(card.GetByTestId("loyalty-tier")).ToHaveTextAsync(scheme.Levels[Math.Min(rank, scheme.Levels.Count - 1)].Name);
        await Expect(card.GetByTestId("loyalty-points-usable")).ToHaveAttributeAsync("data-value", usable.ToString(CultureInfo.InvariantCulture));
        await Expect(card.GetByTestId("loyalty-points-pending")).ToHaveTextAsync(pending.ToString("N0", CultureInfo.GetCultureInfo("en")));
        await Expect(card.GetByTestId("loyalty-points-owed")).ToHaveTextAsync(owed.ToString("N0", CultureInfo.GetCultureInfo("en")));
        await Expect(card.GetByTestId("loyalty-points-expiring")).ToHaveTextAsync(expiring.ToString("N0", CultureInfo.GetCultureInfo("en")));
        await Expect(card.GetByTestId("loyalty-entry")).ToHaveCountAsync(Math.Min(10, entries));
        await Expect(card.GetByTestId("loyalty-coupon")).ToHaveCountAsync(Math.Min(20, coupons));
        var shown = await card.GetByTestId("loyalty-coupon-code").AllTextContentsAsync();
        Assert.All(shown, code => Assert.Matches("^\\*{4,}[A-Z0-9]{4}$", code));

        // A viewer may see the customer but not loyalty: no card.
        var viewer = await OpenAsync(Roles.Viewer, "customers/" + id);
        await Expect(viewer.GetByTestId("profile-external-id")).ToBeVisibleAsync();
        await Expect(viewer.GetByTestId("loyalty-card")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_viewer_has_no_loyalty_section_and_is_denied_its_pages()
    {
        var page = await NewPageAsync(Roles.Viewer);
        await Expect(page.GetByTestId("nav-NavCustomers")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("nav-NavLoyalty")).ToHaveCountAsync(0);

        foreach (var path in new[] { "loyalty/tiers", "loyalty/coupons", "loyalty/monitor", "loyalty/coupons/new" })
        {
            await page.GotoAsync(path);
            await Expect(page.GetByTestId("access-denied")).ToBeVisibleAsync();
        }
    }

    [Fact]
    public async Task An_analyst_reads_the_loyalty_pages_but_cannot_change_them()
    {
        var page = await OpenAsync(Roles.Analyst, "loyalty/tiers");
        await Expect(page.GetByTestId("nav-NavLoyalty")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("tier-level").First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("tier-save")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("level-name").First).ToBeDisabledAsync();

        await GotoAsync(page, "loyalty/coupons");
        await Expect(page.GetByTestId("coupon-row").First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("coupon-new")).ToHaveCountAsync(0);
        await page.GetByTestId("coupon-link").First.ClickAsync();
        await Expect(page.GetByTestId("coupon-summary")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("coupon-issue")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("coupon-export")).ToHaveCountAsync(0);

        await page.GotoAsync("loyalty/coupons/new");
        await Expect(page.GetByTestId("access-denied")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_bad_amount_is_refused_naming_its_field_and_no_offer_is_made()
    {
        var name = "Bad amount " + Guid.NewGuid().ToString("N")[..6];
        var page = await OpenAsync(Roles.Marketer, "loyalty/coupons/new");
        await page.GetByTestId("coupon-name").FillAsync(name);
        await TypeAsync(page.GetByTestId("coupon-minSpend"), "3OO");
        await TypeAsync(page.GetByTestId("coupon-amountOff"), "12.345");
        await TypeAsync(page.GetByTestId("coupon-budget"), "-5");

        await page.GetByTestId("coupon-create").ClickAsync();

        await Expect(page.Locator("[data-testid=coupon-problem][data-field=amountOff]")).ToHaveTextAsync("Amount off: CNY has at most 2 decimals");
        await Expect(page.Locator("[data-testid=coupon-problem][data-field=minSpend]")).ToHaveTextAsync("Spend at least: not an amount; type e.g. 300 or 49.90");
        await Expect(page.Locator("[data-testid=coupon-problem][data-field=budget]")).ToHaveTextAsync("Budget: must not be negative");
        await Expect(page).ToHaveURLAsync(new Regex("/loyalty/coupons/new$"));

        // Readable amounts, but terms the issuer refuses: its problem names the field too.
        await TypeAsync(page.GetByTestId("coupon-minSpend"), "30");
        await TypeAsync(page.GetByTestId("coupon-amountOff"), "50");
        await TypeAsync(page.GetByTestId("coupon-budget"), "");
        await page.GetByTestId("coupon-create").ClickAsync();
        await Expect(page.Locator("[data-testid=coupon-problem][data-field=amountOff]")).ToContainTextAsync("Amount off: more than the minimum spend");

        await using var db = Kith.Store.CreateContext();
        Assert.False(await db.CouponTemplates.AnyAsync(t => t.Name == name, Ct));
    }

    [Fact]
    public async Task The_loyalty_pages_speak_chinese_and_name_a_bad_field_in_chinese()
    {
        var page = await OpenAsync(Roles.Marketer, "loyalty/coupons/new", "zh-CN");

        await Expect(page.GetByTestId("nav-NavLoyalty")).ToHaveTextAsync("会员营销");
        foreach (var (tab, word) in new[] { ("tiers", "会员等级"), ("points", "积分规则"), ("coupons", "优惠券"), ("monitor", "效果监控"), ("mall", "积分商城") })
        {
            await Expect(page.GetByTestId("loyalty-tab-" + tab)).ToHaveTextAsync(word);
        }

        await Expect(page.GetByTestId("coupon-kind")).ToContainTextAsync("满减券（如满300减50）");
        await TypeAsync(page.GetByTestId("coupon-minSpend"), "300");
        await TypeAsync(page.GetByTestId("coupon-amountOff"), "5o");
        await page.GetByTestId("coupon-create").ClickAsync();
        await Expect(page.Locator("[data-testid=coupon-problem][data-field=amountOff]")).ToHaveTextAsync("减免金额: 不是有效金额，请输入如 300 或 49.90");

        await GotoAsync(page, "loyalty/monitor");
        await Expect(page.GetByTestId("monitor-offers")).ToContainTextAsync("按优惠券");
        await Expect(page.GetByTestId("monitor-offers")).ToContainTextAsync("核销率");
        await GotoAsync(page, "loyalty/tiers");
        await Expect(page.GetByTestId("tier-designer")).ToContainTextAsync("等级设置");
        await Expect(page.GetByTestId("tier-counts")).ToContainTextAsync("各等级客户数");
        await Expect(page.GetByTestId("level-customers").First).ToContainTextAsync("位客户");
    }
}
