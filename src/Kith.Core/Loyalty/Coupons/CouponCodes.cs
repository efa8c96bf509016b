using System.Security.Cryptography;

namespace Kith.Core.Loyalty.Coupons;

/// <summary>
/// Unguessable coupon codes: <see cref="Length"/> symbols drawn uniformly by the OS's CSPRNG from 30 characters
/// that cannot be confused when read aloud or typed (no 0/O, 1/I/L, no U). 30¹² ≈ 5.3 × 10¹⁷ codes: guessing one of a
/// million issued codes takes ~5 × 10¹¹ tries on average. An optional prefix (e.g. "D11-") makes a batch recognisable.
/// </summary>
public static class CouponCodes
{
    public const int Length = 12;
    public const string Alphabet = "23456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary><paramref name="count"/> distinct codes (distinct within the batch; the store's unique index guards the rest).</summary>
    public static string[] Generate(int count, string? prefix = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var codes = new HashSet<string>(count, StringComparer.Ordinal);
        var result = new string[count];
        Span<byte> random = stackalloc byte[256];
        var pos = random.Length;
        Span<char> chars = stackalloc char[(prefix?.Length ?? 0) + Length];
        prefix?.AsSpan().CopyTo(chars);
        var start = prefix?.Length ?? 0;
        var n = 0;
        while (n < count)
        {
            for (var i = 0; i < Length; i++)
            {
                byte b;
                do
                {
                    if (pos == random.Length)
                    {
                        RandomNumberGenerator.Fill(random);
                        pos = 0;
                    }

                    b = random[pos++];
                }
                while (b >= 240); // 240 = 8 × 30: rejection keeps the draw uniform over the alphabet
                chars[start + i] = Alphabet[b % Alphabet.Length];
            }

            var code = new string(chars);
            if (codes.Add(code))
            {
                result[n++] = code;
            }
        }

        return result;
    }

    /// <summary>Codes are matched case-insensitively, ignoring surrounding spaces.</summary>
    public static string Normalize(string code) => code.Trim().ToUpperInvariant();
}
