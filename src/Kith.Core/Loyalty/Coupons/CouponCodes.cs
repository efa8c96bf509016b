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
        var numbers = GenerateNumbers(count);
        var result = new string[count];
        for (var i = 0; i < count; i++)
        {
            result[i] = Format(numbers[i], prefix);
        }

        return result;
    }

    /// <summary>
    /// <paramref name="count"/> distinct codes as numbers: each is the code's <see cref="Length"/> symbols read as a
    /// base-30 number (first symbol most significant), so numbers sort as their codes do. Drawing numbers first keeps
    /// a million-code batch to one big CSPRNG fill and a hash set of longs, with no string until a code is written.
    /// </summary>
    public static long[] GenerateNumbers(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var seen = new HashSet<long>(count);
        var result = new long[count];
        // Rejection (a byte ≥ 240 = 8 × 30 is drawn again) discards 1/16 of the bytes: a buffer with some room to spare.
        var random = new byte[Math.Min(((count * Length * 17) / 16) + 4096, 1 << 24)];
        var pos = random.Length;
        var n = 0;
        while (n < count)
        {
            long value = 0;
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
                while (b >= 240); // keeps the draw uniform over the alphabet
                value = (value * Alphabet.Length) + (b % Alphabet.Length);
            }

            if (seen.Add(value))
            {
                result[n++] = value;
            }
        }

        return result;
    }

    /// <summary>The code a number from <see cref="GenerateNumbers"/> stands for, after the optional prefix.</summary>
    public static string Format(long number, string? prefix = null)
    {
        var start = prefix?.Length ?? 0;
        return string.Create(start + Length, (number, prefix), static (chars, state) =>
        {
            state.prefix.AsSpan().CopyTo(chars);
            var value = state.number;
            for (var i = chars.Length - 1; i >= chars.Length - Length; i--)
            {
                chars[i] = Alphabet[(int)(value % Alphabet.Length)];
                value /= Alphabet.Length;
            }
        });
    }

    /// <summary>Codes are matched case-insensitively, ignoring surrounding spaces.</summary>
    public static string Normalize(string code) => code.Trim().ToUpperInvariant();
}
