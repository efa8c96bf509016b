using Kith.Core.Catalog;
using Kith.Core.Customers;
using Kith.Core.Events;
using Kith.Core.Orders;
using Kith.Data.Access;
using Kith.Data.Value;
using Microsoft.EntityFrameworkCore;

namespace Kith.Data.Store;

/// <summary>
/// The system of record. One subclass per provider (<see cref="SqliteKithDbContext"/>,
/// <see cref="PostgresKithDbContext"/>) so that each keeps its own migrations.
/// </summary>
public abstract class KithDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<Product> Products => Set<Product>();
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<OrderLine> OrderLines => Set<OrderLine>();
    public DbSet<CustomerEvent> Events => Set<CustomerEvent>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<CustomerValueRow> CustomerValues => Set<CustomerValueRow>();
    public DbSet<CustomerValueSnapshot> CustomerValueSnapshots => Set<CustomerValueSnapshot>();
    public DbSet<CustomerTag> CustomerTags => Set<CustomerTag>();

    public abstract StoreProvider Provider { get; }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(KithDbContext).Assembly);
    }
}
