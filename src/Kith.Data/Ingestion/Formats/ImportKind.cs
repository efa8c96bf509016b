namespace Kith.Data.Ingestion.Formats;

/// <summary>What a file holds.</summary>
public enum ImportKind
{
    Customers,
    Products,
    Orders,
    Events,
}
