namespace Kith.Core.Recommendations;

/// <summary>Applies operator cross-sell rules over a model's candidate list. Pure.</summary>
public static class CrossSell
{
    /// <summary>
    /// The targets of every rule that fires on a context item come first — by priority (highest first), then rule order,
    /// then target order — with their rule's priority as score; then the model's candidates in their order. Items in the
    /// context, repeated items and those <paramref name="exclude"/> refuses are skipped; the result has at most k items.
    /// </summary>
    public static IReadOnlyList<ScoredItem> Apply(IReadOnlyList<ItemCrossSellRule> rules, IReadOnlyList<int> context, Func<int, string?> categoryOf,
        IReadOnlyList<ScoredItem> candidates, int k, Func<int, bool>? exclude = null)
    {
        var result = new List<ScoredItem>(k);
        var seen = new HashSet<int>(context);
        bool Take(int item) => result.Count < k && (exclude is null || !exclude(item)) && seen.Add(item);

        var fired = rules
            .Select((rule, order) => (rule, order))
            .Where(r => context.Any(item => r.rule.FiresOn(item, categoryOf(item))))
            .OrderByDescending(r => r.rule.Priority)
            .ThenBy(r => r.order);
        foreach (var (rule, _) in fired)
        {
            foreach (var target in rule.Targets)
            {
                if (Take(target))
                {
                    result.Add(new ScoredItem(target, rule.Priority));
                }
            }
        }

        foreach (var c in candidates)
        {
            if (Take(c.Item))
            {
                result.Add(c);
            }
        }

        return result;
    }
}
