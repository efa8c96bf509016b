using System.Globalization;

namespace Kith.Core;

/// <summary>An amount of money in one currency. Amounts are exact decimals; rounding happens once, where shown or charged.</summary>
public readonly record struct Money(decimal Amount, string Currency)
{
    public static Money Zero(string currency) => new(0m, currency);

    public static Money operator +(Money a, Money b) => a.Currency == b.Currency
        ? new(a.Amount + b.Amount, a.Currency)
        : throw new InvalidOperationException($"Cannot add {a.Currency} to {b.Currency}.");

    public static Money operator -(Money a, Money b) => a.Currency == b.Currency
        ? new(a.Amount - b.Amount, a.Currency)
        : throw new InvalidOperationException($"Cannot subtract {b.Currency} from {a.Currency}.");

    public static Money Add(Money a, Money b) => a + b;

    public static Money Subtract(Money a, Money b) => a - b;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Amount:0.00} {Currency}");
}
