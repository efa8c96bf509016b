using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kith.Data.Audit;

/// <summary>
/// One line of the audit log: who did what to which record, when. Append-only — the store refuses updates and
/// deletes (triggers in the migration). Holds no personal data: customers are named by external id only.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }

    /// <summary>Operator email, <c>apikey:NAME</c>, or <c>cli:USER</c> for the command line.</summary>
    public string Actor { get; set; } = "";

    /// <summary>See <see cref="AuditActions"/>.</summary>
    public string Action { get; set; } = "";

    /// <summary>What was acted on, e.g. <c>customer:C1001</c>, <c>user:ana@example.com</c>; empty for store-wide actions.</summary>
    public string Target { get; set; } = "";

    /// <summary>Short free text (which fields changed, the export's size, ...), never personal data.</summary>
    public string? Detail { get; set; }
}

/// <summary>The audited actions.</summary>
public static class AuditActions
{
    public const string SignIn = "user.signed_in";
    public const string SignInFailed = "user.sign_in_failed";
    public const string UserCreated = "user.created";
    public const string PasswordChanged = "user.password_changed";
    public const string PiiViewed = "pii.viewed";
    public const string CustomerUpdated = "customer.updated";
    public const string CustomerExported = "customer.exported";
    public const string CustomerErased = "customer.erased";
    public const string DataExported = "data.exported";
    public const string SettingsChanged = "settings.changed";
    public const string ApiKeyIssued = "apikey.issued";
    public const string ApiKeyRevoked = "apikey.revoked";
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("audit_log");
        b.HasKey(e => e.Id);
        b.Property(e => e.Actor).HasMaxLength(256);
        b.Property(e => e.Action).HasMaxLength(64);
        b.Property(e => e.Target).HasMaxLength(256);
        b.Property(e => e.Detail).HasMaxLength(2000);
        b.HasIndex(e => e.At);
        b.HasIndex(e => new { e.Actor, e.At });
        b.HasIndex(e => new { e.Target, e.At });
    }
}
