namespace Kith.Core.Recommendations;

/// <summary>Dense 0-based ids for external keys (customer ids, SKUs), in first-seen order. Not thread-safe while adding.</summary>
public sealed class IdMap
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly List<string> _keys = [];

    public int Count => _keys.Count;

    /// <summary>The id of the key, adding it when new.</summary>
    public int Add(string key)
    {
        if (!_ids.TryGetValue(key, out var id))
        {
            id = _keys.Count;
            _ids.Add(key, id);
            _keys.Add(key);
        }

        return id;
    }

    public bool TryGet(string key, out int id) => _ids.TryGetValue(key, out id);

    public string KeyOf(int id) => _keys[id];
}
