using Kith.Core.Recommendations;
using Kith.Core.Recommendations.Evaluation;

namespace Kith.Core.Tests.Recommendations;

/// <summary>
/// Two taste groups: users 0..99 like items 0..4, users 100..199 like items 5..9; item 10 is bought by everyone
/// (the popular item). Each user has three of the group's items plus item 10 in training (chosen by a seeded
/// Random); the group's other two items are held out.
/// </summary>
internal static class Synthetic
{
    public const int Users = 200;
    public const int Items = 11;
    public const int Popular = 10;

    public static bool InGroupA(int user) => user < Users / 2;

    public static int[] GroupItems(int user) => InGroupA(user) ? [0, 1, 2, 3, 4] : [5, 6, 7, 8, 9];

    public static HoldoutData TwoGroups()
    {
        var random = new Random(7);
        var train = new List<FeedbackEvent>();
        var test = new List<FeedbackEvent>();
        var t = DateTimeOffset.UnixEpoch;
        for (var u = 0; u < Users; u++)
        {
            var items = GroupItems(u).OrderBy(_ => random.Next()).ToArray();
            foreach (var i in items[..3])
            {
                train.Add(new FeedbackEvent($"u{u}", $"i{i}", 1f, t));
            }

            train.Add(new FeedbackEvent($"u{u}", $"i{Popular}", 1f, t));
            foreach (var i in items[3..])
            {
                test.Add(new FeedbackEvent($"u{u}", $"i{i}", 1f, t));
            }
        }

        return HoldoutSplit.Of(train, test);
    }

    /// <summary>The item ids (in the split's id space) of the user's group.</summary>
    public static HashSet<int> GroupIds(HoldoutData data, int user) =>
        [.. GroupItems(user).Select(i => data.Items.TryGet($"i{i}", out var id) ? id : -1)];

    public static int UserId(HoldoutData data, int user) => data.Users.TryGet($"u{user}", out var id) ? id : -1;

    public static int ItemId(HoldoutData data, int item) => data.Items.TryGet($"i{item}", out var id) ? id : -1;
}
