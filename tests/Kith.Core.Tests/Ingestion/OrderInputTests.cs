using Kith.Core.Ingestion;
using Kith.Core.Orders;
using Xunit;

namespace Kith.Core.Tests.Ingestion;

public class OrderInputTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private static OrderInput Valid() => new()
    {
        ExternalId = "o-1",
        CustomerId = "c-1",
        PlacedAt = Now.AddDays(-2),
        PaidAt = Now.AddDays(-2).AddMinutes(3),
        Discount = 10m,
        ShippingFee = 6m,
        Lines =
        [
            new OrderLineInput { Sku = "a", Quantity = 2, UnitPrice = 50m, Discount = 5m },
            new OrderLineInput { Sku = "b", Quantity = 1, UnitPrice = 19.9m },
        ],
    };

    [Fact]
    public void ToOrder_computes_the_total_from_lines_discounts_and_shipping()
    {
        var order = Valid().ToOrder(customerId: 1, "CNY");

        Assert.Equal((2 * 50m) - 5m + 19.9m - 10m + 6m, order.Total);
        Assert.Equal(3, order.ItemCount);
    }

    [Fact]
    public void ToOrder_infers_paid_status_and_uses_the_latest_timestamp_as_version()
    {
        var order = Valid().ToOrder(customerId: 1, "CNY");

        Assert.Equal(OrderStatus.Paid, order.Status);
        Assert.Equal(Now.AddDays(-2).AddMinutes(3), order.Version);
    }

    [Fact]
    public void Validate_names_the_line_and_field_of_a_negative_quantity()
    {
        var input = Valid();
        input.Lines![1].Quantity = -1;

        var errors = input.Validate(Now);

        var error = Assert.Single(errors);
        Assert.Equal("lines[1].quantity", error.Field);
    }

    [Fact]
    public void Validate_requires_ids_placed_time_and_a_total_without_lines()
    {
        var errors = new OrderInput().Validate(Now);

        Assert.Equal(
            ["customerId", "externalId", "placedAt", "total"],
            errors.Select(e => e.Field).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Validate_refuses_a_payment_before_the_order_was_placed()
    {
        var input = Valid();
        input.PaidAt = input.PlacedAt!.Value.AddMinutes(-1);

        Assert.Contains(input.Validate(Now), e => e.Field == "paidAt");
    }

    [Fact]
    public void Validate_refuses_a_lower_case_currency()
    {
        var input = Valid();
        input.Currency = "cny";

        Assert.Contains(input.Validate(Now), e => e.Field == "currency");
    }
}
