using Xunit;

namespace Kith.Console.Tests;

/// <summary>
/// Test classes that add orders to the shared store, and those that count orders against a page: in one collection, so
/// that they run one after the other and a count never sees orders written halfway through it.
/// </summary>
[CollectionDefinition(Name)]
public sealed class OrderWriters
{
    public const string Name = "orders written and counted";
}
