using Kith.Core.Recommendations;
using Xunit;

namespace Kith.Core.Tests.Recommendations;

public class ContentModelTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly ItemAttributes[] Catalogue =
    [
        new("Home > Kitchen > Coffee", "Brew", 120m, "Espresso machine"),
        new("Home > Kitchen > Coffee", "Brew", 8m, "Espresso beans"),
        new("Home > Kitchen > Coffee", "Other", 25m, "Milk frother"),
        new("Garden > Tools", "Dig", 30m, "Spade"),
        new("Garden > Tools", "Dig", 25m, "Rake"),
        new("Books", null, 10m, "Novel"),
        new("Books", null, 12m, "Poems"),
        new("Toys", null, 5m, "Ball"),
        new("Toys", null, 6m, "Kite"),
        new("Office", null, 3m, "Pen"),
    ];

    [Fact]
    public void Features_lists_category_prefixes_brand_price_band_and_words()
    {
        var features = new ItemAttributes("Home > Kitchen", "Brew", 5m, "Espresso to go").Features();

        Assert.Equal(["cat:home", "cat:home > kitchen", "brand:brew", "price:4", "w:espresso"], features);
    }

    [Fact]
    public void SimilarItems_ranks_items_sharing_category_brand_and_words_first()
    {
        var train = InteractionMatrix.Build(1, Catalogue.Length, [new Interaction(0, 0, 1)]);
        var model = ContentModel.Fit(train, [.. Catalogue.Select(a => a.Features())], new ContentOptions { MaxFeatureShare = 0.5 }, Ct);

        var similar = model.SimilarItems(0, 2);

        Assert.Equal([1, 2], similar.Select(s => s.Item));
        Assert.True(similar[0].Score > similar[1].Score);
    }

    [Fact]
    public void Recommend_suggests_items_like_the_ones_the_user_has_and_never_those()
    {
        var train = InteractionMatrix.Build(1, Catalogue.Length, [new Interaction(0, 3, 1)]);
        var model = ContentModel.Fit(train, [.. Catalogue.Select(a => a.Features())], new ContentOptions { MaxFeatureShare = 0.5 }, Ct);

        var list = model.Recommend(0, 1);

        Assert.Equal(4, list[0].Item);
    }
}
