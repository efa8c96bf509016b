using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kith.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Loyalty : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "coupon_flags",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    template_id = table.Column<long>(type: "INTEGER", nullable: true),
                    customer_id = table.Column<long>(type: "INTEGER", nullable: true),
                    code = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    device = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    ip = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    reason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_coupon_flags", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "coupon_templates",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    purpose = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    amount_off_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    percent_off = table.Column<decimal>(type: "TEXT", precision: 9, scale: 4, nullable: false),
                    max_discount_minor = table.Column<long>(type: "INTEGER", nullable: true),
                    min_spend_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    include_categories = table.Column<string>(type: "TEXT", nullable: false),
                    include_products = table.Column<string>(type: "TEXT", nullable: false),
                    exclude_categories = table.Column<string>(type: "TEXT", nullable: false),
                    exclude_products = table.Column<string>(type: "TEXT", nullable: false),
                    stackable = table.Column<bool>(type: "INTEGER", nullable: false),
                    valid_from = table.Column<long>(type: "INTEGER", nullable: true),
                    valid_to = table.Column<long>(type: "INTEGER", nullable: true),
                    valid_days_after_issue = table.Column<int>(type: "INTEGER", nullable: true),
                    per_customer_limit = table.Column<int>(type: "INTEGER", nullable: true),
                    budget_minor = table.Column<long>(type: "INTEGER", nullable: true),
                    budget_used_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    min_tier_rank = table.Column<int>(type: "INTEGER", nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    issued_count = table.Column<long>(type: "INTEGER", nullable: false),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_coupon_templates", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "customer_tiers",
                columns: table => new
                {
                    customer_id = table.Column<long>(type: "INTEGER", nullable: false),
                    rank = table.Column<int>(type: "INTEGER", nullable: false),
                    since = table.Column<long>(type: "INTEGER", nullable: false),
                    review_at = table.Column<long>(type: "INTEGER", nullable: false),
                    paid_until = table.Column<long>(type: "INTEGER", nullable: true),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_customer_tiers", x => x.customer_id);
                    table.ForeignKey(
                        name: "fk_customer_tiers_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "idempotency_keys",
                columns: table => new
                {
                    scope = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    request_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    status_code = table.Column<int>(type: "INTEGER", nullable: false),
                    response = table.Column<string>(type: "TEXT", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_idempotency_keys", x => new { x.scope, x.key });
                });

            migrationBuilder.CreateTable(
                name: "loyalty_settings",
                columns: table => new
                {
                    key = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    json = table.Column<string>(type: "TEXT", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_loyalty_settings", x => x.key);
                });

            migrationBuilder.CreateTable(
                name: "points_accounts",
                columns: table => new
                {
                    customer_id = table.Column<long>(type: "INTEGER", nullable: false),
                    debt_points = table.Column<long>(type: "INTEGER", nullable: false),
                    lifetime_earned = table.Column<long>(type: "INTEGER", nullable: false),
                    lifetime_redeemed = table.Column<long>(type: "INTEGER", nullable: false),
                    version = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_points_accounts", x => x.customer_id);
                    table.ForeignKey(
                        name: "fk_points_accounts_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "points_entries",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    customer_id = table.Column<long>(type: "INTEGER", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    source = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    points = table.Column<long>(type: "INTEGER", nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    reference = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    idempotency_key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    balance_after = table.Column<long>(type: "INTEGER", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_points_entries", x => x.id);
                    table.ForeignKey(
                        name: "fk_points_entries_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "referral_codes",
                columns: table => new
                {
                    customer_id = table.Column<long>(type: "INTEGER", nullable: false),
                    code = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_referral_codes", x => x.customer_id);
                    table.ForeignKey(
                        name: "fk_referral_codes_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "referrals",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    referrer_id = table.Column<long>(type: "INTEGER", nullable: false),
                    friend_id = table.Column<long>(type: "INTEGER", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    order_ref = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    rewarded_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_referrals", x => x.id);
                    table.ForeignKey(
                        name: "fk_referrals_customers_friend_id",
                        column: x => x.friend_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_referrals_customers_referrer_id",
                        column: x => x.referrer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "coupon_codes",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    template_id = table.Column<long>(type: "INTEGER", nullable: false),
                    code = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    customer_id = table.Column<long>(type: "INTEGER", nullable: true),
                    max_uses = table.Column<int>(type: "INTEGER", nullable: false),
                    uses = table.Column<int>(type: "INTEGER", nullable: false),
                    valid_from = table.Column<long>(type: "INTEGER", nullable: true),
                    valid_to = table.Column<long>(type: "INTEGER", nullable: true),
                    issued_at = table.Column<long>(type: "INTEGER", nullable: false),
                    batch = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_coupon_codes", x => x.id);
                    table.ForeignKey(
                        name: "fk_coupon_codes_coupon_templates_template_id",
                        column: x => x.template_id,
                        principalTable: "coupon_templates",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_coupon_codes_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "coupon_customer_uses",
                columns: table => new
                {
                    template_id = table.Column<long>(type: "INTEGER", nullable: false),
                    customer_id = table.Column<long>(type: "INTEGER", nullable: false),
                    uses = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_coupon_customer_uses", x => new { x.template_id, x.customer_id });
                    table.ForeignKey(
                        name: "fk_coupon_customer_uses_coupon_templates_template_id",
                        column: x => x.template_id,
                        principalTable: "coupon_templates",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_coupon_customer_uses_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "mall_rewards",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    description = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    points_price = table.Column<long>(type: "INTEGER", nullable: false),
                    cash_price_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    stock = table.Column<int>(type: "INTEGER", nullable: true),
                    sold = table.Column<int>(type: "INTEGER", nullable: false),
                    per_customer_limit = table.Column<int>(type: "INTEGER", nullable: true),
                    min_tier_rank = table.Column<int>(type: "INTEGER", nullable: true),
                    coupon_template_id = table.Column<long>(type: "INTEGER", nullable: true),
                    active = table.Column<bool>(type: "INTEGER", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_mall_rewards", x => x.id);
                    table.ForeignKey(
                        name: "fk_mall_rewards_coupon_templates_coupon_template_id",
                        column: x => x.coupon_template_id,
                        principalTable: "coupon_templates",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "points_lots",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    customer_id = table.Column<long>(type: "INTEGER", nullable: false),
                    entry_id = table.Column<long>(type: "INTEGER", nullable: false),
                    original = table.Column<long>(type: "INTEGER", nullable: false),
                    remaining = table.Column<long>(type: "INTEGER", nullable: false),
                    usable_at = table.Column<long>(type: "INTEGER", nullable: false),
                    expires_at = table.Column<long>(type: "INTEGER", nullable: true),
                    reference = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_points_lots", x => x.id);
                    table.ForeignKey(
                        name: "fk_points_lots_points_entries_entry_id",
                        column: x => x.entry_id,
                        principalTable: "points_entries",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "coupon_redemptions",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    code_id = table.Column<long>(type: "INTEGER", nullable: false),
                    template_id = table.Column<long>(type: "INTEGER", nullable: false),
                    customer_id = table.Column<long>(type: "INTEGER", nullable: false),
                    order_ref = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    discount_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    goods_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    reserved_at = table.Column<long>(type: "INTEGER", nullable: false),
                    hold_until = table.Column<long>(type: "INTEGER", nullable: false),
                    committed_at = table.Column<long>(type: "INTEGER", nullable: true),
                    ended_at = table.Column<long>(type: "INTEGER", nullable: true),
                    device = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    ip = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_coupon_redemptions", x => x.id);
                    table.ForeignKey(
                        name: "fk_coupon_redemptions_coupon_codes_code_id",
                        column: x => x.code_id,
                        principalTable: "coupon_codes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_coupon_redemptions_coupon_templates_template_id",
                        column: x => x.template_id,
                        principalTable: "coupon_templates",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_coupon_redemptions_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "mall_customer_uses",
                columns: table => new
                {
                    reward_id = table.Column<long>(type: "INTEGER", nullable: false),
                    customer_id = table.Column<long>(type: "INTEGER", nullable: false),
                    count = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_mall_customer_uses", x => new { x.reward_id, x.customer_id });
                    table.ForeignKey(
                        name: "fk_mall_customer_uses_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_mall_customer_uses_mall_rewards_reward_id",
                        column: x => x.reward_id,
                        principalTable: "mall_rewards",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "mall_orders",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    reward_id = table.Column<long>(type: "INTEGER", nullable: false),
                    customer_id = table.Column<long>(type: "INTEGER", nullable: false),
                    points = table.Column<long>(type: "INTEGER", nullable: false),
                    cash_minor = table.Column<long>(type: "INTEGER", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    points_entry_id = table.Column<long>(type: "INTEGER", nullable: false),
                    coupon_code_id = table.Column<long>(type: "INTEGER", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_mall_orders", x => x.id);
                    table.ForeignKey(
                        name: "fk_mall_orders_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_mall_orders_mall_rewards_reward_id",
                        column: x => x.reward_id,
                        principalTable: "mall_rewards",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "points_lot_moves",
                columns: table => new
                {
                    entry_id = table.Column<long>(type: "INTEGER", nullable: false),
                    lot_id = table.Column<long>(type: "INTEGER", nullable: false),
                    points = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_points_lot_moves", x => new { x.entry_id, x.lot_id });
                    table.ForeignKey(
                        name: "fk_points_lot_moves_points_entries_entry_id",
                        column: x => x.entry_id,
                        principalTable: "points_entries",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_points_lot_moves_points_lots_lot_id",
                        column: x => x.lot_id,
                        principalTable: "points_lots",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_coupon_codes_code",
                table: "coupon_codes",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_coupon_codes_customer_id",
                table: "coupon_codes",
                column: "customer_id");

            migrationBuilder.CreateIndex(
                name: "ix_coupon_codes_template_id_customer_id",
                table: "coupon_codes",
                columns: new[] { "template_id", "customer_id" });

            migrationBuilder.CreateIndex(
                name: "ix_coupon_customer_uses_customer_id",
                table: "coupon_customer_uses",
                column: "customer_id");

            migrationBuilder.CreateIndex(
                name: "ix_coupon_flags_created_at",
                table: "coupon_flags",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_coupon_redemptions_code_id_status",
                table: "coupon_redemptions",
                columns: new[] { "code_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_coupon_redemptions_customer_id",
                table: "coupon_redemptions",
                column: "customer_id");

            migrationBuilder.CreateIndex(
                name: "ix_coupon_redemptions_order_ref_status",
                table: "coupon_redemptions",
                columns: new[] { "order_ref", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_coupon_redemptions_template_id_status",
                table: "coupon_redemptions",
                columns: new[] { "template_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_coupon_templates_name",
                table: "coupon_templates",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_customer_tiers_rank",
                table: "customer_tiers",
                column: "rank");

            migrationBuilder.CreateIndex(
                name: "ix_customer_tiers_review_at",
                table: "customer_tiers",
                column: "review_at");

            migrationBuilder.CreateIndex(
                name: "ix_idempotency_keys_created_at",
                table: "idempotency_keys",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_mall_customer_uses_customer_id",
                table: "mall_customer_uses",
                column: "customer_id");

            migrationBuilder.CreateIndex(
                name: "ix_mall_orders_customer_id",
                table: "mall_orders",
                column: "customer_id");

            migrationBuilder.CreateIndex(
                name: "ix_mall_orders_reward_id_status",
                table: "mall_orders",
                columns: new[] { "reward_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_mall_rewards_coupon_template_id",
                table: "mall_rewards",
                column: "coupon_template_id");

            migrationBuilder.CreateIndex(
                name: "ix_points_entries_customer_id_id",
                table: "points_entries",
                columns: new[] { "customer_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_points_entries_customer_id_source_created_at",
                table: "points_entries",
                columns: new[] { "customer_id", "source", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_points_entries_idempotency_key",
                table: "points_entries",
                column: "idempotency_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_points_lot_moves_lot_id",
                table: "points_lot_moves",
                column: "lot_id");

            migrationBuilder.CreateIndex(
                name: "ix_points_lots_customer_id_remaining",
                table: "points_lots",
                columns: new[] { "customer_id", "remaining" });

            migrationBuilder.CreateIndex(
                name: "ix_points_lots_entry_id",
                table: "points_lots",
                column: "entry_id");

            migrationBuilder.CreateIndex(
                name: "ix_points_lots_expires_at",
                table: "points_lots",
                column: "expires_at");

            migrationBuilder.CreateIndex(
                name: "ix_referral_codes_code",
                table: "referral_codes",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_referrals_friend_id",
                table: "referrals",
                column: "friend_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_referrals_referrer_id",
                table: "referrals",
                column: "referrer_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "coupon_customer_uses");

            migrationBuilder.DropTable(
                name: "coupon_flags");

            migrationBuilder.DropTable(
                name: "coupon_redemptions");

            migrationBuilder.DropTable(
                name: "customer_tiers");

            migrationBuilder.DropTable(
                name: "idempotency_keys");

            migrationBuilder.DropTable(
                name: "loyalty_settings");

            migrationBuilder.DropTable(
                name: "mall_customer_uses");

            migrationBuilder.DropTable(
                name: "mall_orders");

            migrationBuilder.DropTable(
                name: "points_accounts");

            migrationBuilder.DropTable(
                name: "points_lot_moves");

            migrationBuilder.DropTable(
                name: "referral_codes");

            migrationBuilder.DropTable(
                name: "referrals");

            migrationBuilder.DropTable(
                name: "coupon_codes");

            migrationBuilder.DropTable(
                name: "mall_rewards");

            migrationBuilder.DropTable(
                name: "points_lots");

            migrationBuilder.DropTable(
                name: "coupon_templates");

            migrationBuilder.DropTable(
                name: "points_entries");
        }
    }
}
