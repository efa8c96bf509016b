using System.Globalization;

namespace Kith.Data.Customers;

/// <summary>How many customers match: exact up to a cap, beyond it only "more than the cap" (counting a million rows per keystroke is not worth it).</summary>
public readonly record struct CustomerCount(int Value, bool AtLeast)
{
    public override string ToString() =>
        Value.ToString("N0", CultureInfo.InvariantCulture) + (AtLeast ? "+" : "");
}
