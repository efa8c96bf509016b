using Kith.Core.Ingestion;

namespace Kith.Core.Customers.Demo;

/// <summary>
/// The demo store's catalogue: leaf categories with brands, styles and a price range, some of them
/// consumables with a natural repurchase cycle (coffee, skincare, baby formula) so that lifecycle and
/// replenishment features have something to find.
/// </summary>
public sealed class DemoCatalog
{
    public sealed record Category(string Path, string Code, decimal MinPrice, decimal MaxPrice, int? RepurchaseDays, string[] Brands, string[] Nouns);

    public static IReadOnlyList<Category> Categories { get; } =
    [
        new("美妆 Beauty > 护肤 Skincare", "SKN", 59m, 899m, 45, ["Lancôme", "SK-II", "珀莱雅 Proya", "薇诺娜 Winona", "The Ordinary"], ["精华 Serum", "面霜 Cream", "爽肤水 Toner", "面膜 Mask", "防晒 Sunscreen"]),
        new("美妆 Beauty > 彩妆 Makeup", "MKP", 39m, 499m, null, ["完美日记 Perfect Diary", "花西子 Florasis", "MAC", "NARS"], ["口红 Lipstick", "粉底 Foundation", "眼影 Eyeshadow", "腮红 Blush"]),
        new("家居 Home > 厨房 Kitchen > 咖啡 Coffee", "COF", 39m, 2999m, null, ["De'Longhi", "小米 Xiaomi", "Hario", "Bialetti"], ["咖啡机 Coffee machine", "磨豆机 Grinder", "手冲壶 Pour-over kettle", "奶泡器 Milk frother"]),
        new("食品 Food > 咖啡豆 Coffee beans", "BEN", 45m, 238m, 30, ["三顿半 Saturnbird", "Starbucks", "Lavazza", "云南 Yunnan"], ["咖啡豆 Beans", "挂耳 Drip bags", "冷萃 Cold brew", "速溶 Instant"]),
        new("食品 Food > 零食 Snacks", "SNK", 9.9m, 129m, 21, ["三只松鼠 Three Squirrels", "良品铺子 Bestore", "百草味 Be&Cheery"], ["坚果 Nuts", "肉脯 Jerky", "礼盒 Gift box", "饼干 Biscuits"]),
        new("母婴 Baby > 奶粉 Formula", "BAB", 198m, 468m, 20, ["飞鹤 Feihe", "a2", "Aptamil", "君乐宝 Junlebao"], ["1段 Stage 1", "2段 Stage 2", "3段 Stage 3"]),
        new("母婴 Baby > 纸尿裤 Diapers", "DIA", 69m, 199m, 25, ["花王 Merries", "帮宝适 Pampers", "好奇 Huggies"], ["纸尿裤 Diapers", "拉拉裤 Pull-ups", "湿巾 Wipes"]),
        new("服饰 Apparel > 女装 Women", "WOM", 79m, 1299m, null, ["Uniqlo", "ZARA", "太平鸟 Peacebird", "COS"], ["连衣裙 Dress", "针织衫 Knitwear", "外套 Coat", "T恤 T-shirt"]),
        new("服饰 Apparel > 男装 Men", "MEN", 69m, 999m, null, ["Uniqlo", "海澜之家 HLA", "Jack&Jones", "Lacoste"], ["衬衫 Shirt", "夹克 Jacket", "卫衣 Hoodie", "裤子 Trousers"]),
        new("运动 Sports > 跑步 Running", "RUN", 99m, 1499m, null, ["Nike", "Adidas", "李宁 Li-Ning", "安踏 Anta"], ["跑鞋 Running shoes", "运动袜 Socks", "速干衣 Tee", "腰包 Belt"]),
        new("数码 Electronics > 耳机 Audio", "AUD", 129m, 2999m, null, ["Apple", "Sony", "华为 Huawei", "漫步者 Edifier"], ["无线耳机 Earbuds", "头戴耳机 Headphones", "音箱 Speaker"]),
        new("数码 Electronics > 配件 Accessories", "ACC", 19m, 399m, null, ["Anker", "绿联 Ugreen", "小米 Xiaomi", "倍思 Baseus"], ["充电器 Charger", "数据线 Cable", "充电宝 Power bank", "手机壳 Case"]),
    ];

    private static readonly string[] Styles = ["简约 Minimal", "经典 Classic", "潮流 Trendy", "国潮 Guochao", "轻奢 Premium", "日系 Japanese"];

    public DemoCatalog(int customers, int seed)
    {
        var random = new DemoRandom(unchecked(seed * 7919) + 17);
        var perCategory = Math.Clamp(customers / 400, 12, 160);
        var products = new List<ProductInput>();
        var byCategory = new List<int[]>();
        foreach (var category in Categories)
        {
            var indexes = new List<int>();
            for (var i = 0; i < perCategory; i++)
            {
                // Prices spread log-uniformly over the category's range: many cheap items, a few expensive ones.
                var lnMin = Math.Log((double)category.MinPrice);
                var lnMax = Math.Log((double)category.MaxPrice);
                var price = Math.Round((decimal)Math.Exp(lnMin + (random.Uniform() * (lnMax - lnMin))), 0) - 0.1m;
                var brand = random.Pick(category.Brands);
                var noun = random.Pick(category.Nouns);
                var style = random.Pick(Styles);
                indexes.Add(products.Count);
                products.Add(new ProductInput
                {
                    Sku = $"{category.Code}-{i + 1:D4}",
                    Name = $"{brand} {noun} {style.Split(' ')[0]} #{i + 1}",
                    CategoryPath = category.Path,
                    Brand = brand,
                    Style = style,
                    Price = Math.Max(category.MinPrice, price),
                    Currency = "CNY",
                    InStock = random.Chance(0.93),
                });
            }

            byCategory.Add([.. indexes.OrderBy(ix => products[ix].Price)]);
        }

        Products = products;
        ProductsByCategory = byCategory;
    }

    public IReadOnlyList<ProductInput> Products { get; }

    /// <summary>Per category (same order as <see cref="Categories"/>): product indexes sorted by price.</summary>
    public IReadOnlyList<int[]> ProductsByCategory { get; }
}
