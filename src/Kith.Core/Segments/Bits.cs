using System.Numerics;

namespace Kith.Core.Segments;

/// <summary>A set of customer positions (0 … Length − 1) as a bit array: and, or and not are word-wide.</summary>
public sealed class Bits
{
    private readonly ulong[] _words;

    public Bits(int length)
    {
        Length = length;
        _words = new ulong[(length + 63) >> 6];
    }

    public int Length { get; }

    public bool this[int i] => (_words[i >> 6] & (1UL << i)) != 0;

    public void Set(int i) => _words[i >> 6] |= 1UL << i;

    public int Count()
    {
        var n = 0;
        foreach (var w in _words)
        {
            n += BitOperations.PopCount(w);
        }

        return n;
    }

    public void And(Bits other)
    {
        for (var i = 0; i < _words.Length; i++)
        {
            _words[i] &= other._words[i];
        }
    }

    public void Or(Bits other)
    {
        for (var i = 0; i < _words.Length; i++)
        {
            _words[i] |= other._words[i];
        }
    }

    public void Not()
    {
        for (var i = 0; i < _words.Length; i++)
        {
            _words[i] = ~_words[i];
        }

        if ((Length & 63) != 0 && _words.Length > 0)
        {
            _words[^1] &= (1UL << (Length & 63)) - 1; // positions past the end stay clear
        }
    }

    /// <summary>The positions in the set, in increasing order.</summary>
    public IEnumerable<int> Positions()
    {
        for (var w = 0; w < _words.Length; w++)
        {
            var word = _words[w];
            while (word != 0)
            {
                yield return (w << 6) + BitOperations.TrailingZeroCount(word);
                word &= word - 1;
            }
        }
    }
}
