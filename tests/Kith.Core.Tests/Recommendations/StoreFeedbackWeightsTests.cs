using Kith.Core.Events;
using Kith.Core.Recommendations;
using Xunit;

namespace Kith.Core.Tests.Recommendations;

public class StoreFeedbackWeightsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_purchase_outweighs_intent_which_outweighs_a_view_and_other_events_weigh_nothing()
    {
        var weights = new StoreFeedbackWeights();

        Assert.Equal(1.0f, weights.Purchase);
        Assert.Equal(0.5f, weights.OfEvent(EventTypes.AddToCart));
        Assert.Equal(0.5f, weights.OfEvent(EventTypes.Favourite));
        Assert.Equal(0.2f, weights.OfEvent(EventTypes.ViewProduct));
        Assert.Equal(0f, weights.OfEvent(EventTypes.SignIn));
    }

    [Fact]
    public void Feedback_halves_every_90_days_and_never_grows()
    {
        var weights = new StoreFeedbackWeights();

        Assert.Equal(1.0f, weights.Decayed(1f, Now, Now), 5);
        Assert.Equal(0.5f, weights.Decayed(1f, Now.AddDays(-90), Now), 5);
        Assert.Equal(0.05f, weights.Decayed(0.2f, Now.AddDays(-180), Now), 5);
        Assert.Equal(1.0f, weights.Decayed(1f, Now.AddDays(3), Now), 5); // a clock ahead of ours is not rewarded
    }
}
