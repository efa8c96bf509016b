using Kith.Core.Ingestion;

namespace Kith.Core.Customers.Demo;

/// <summary>One generated customer with everything they did, in time order.</summary>
public sealed record DemoCustomer(CustomerInput Customer, IReadOnlyList<OrderInput> Orders, IReadOnlyList<EventInput> Events);
