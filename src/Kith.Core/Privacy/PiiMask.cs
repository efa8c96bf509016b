using System.Globalization;
using System.Text;

namespace Kith.Core.Privacy;

/// <summary>
/// Masks personal data for roles that may not see it: enough left to recognise a record on the phone with the
/// customer ("the number ending 5678"), not enough to contact or identify them.
/// </summary>
public static class PiiMask
{
    private const char Star = '*';

    /// <summary><c>13812345678</c> → <c>138****5678</c>; short numbers keep only their last two digits.</summary>
    public static string? Phone(string? phone)
    {
        if (string.IsNullOrEmpty(phone))
        {
            return phone;
        }

        var p = phone.Trim();
        if (p.Length >= 11)
        {
            return string.Concat(p.AsSpan(0, 3), new string(Star, p.Length - 7), p.AsSpan(p.Length - 4));
        }

        return p.Length <= 2 ? new string(Star, p.Length) : string.Concat(new string(Star, p.Length - 2), p.AsSpan(p.Length - 2));
    }

    /// <summary><c>zhang.san@example.com</c> → <c>z***@example.com</c>.</summary>
    public static string? Email(string? email)
    {
        if (string.IsNullOrEmpty(email))
        {
            return email;
        }

        var at = email.LastIndexOf('@');
        if (at <= 0)
        {
            return FirstOnly(email);
        }

        return string.Concat(email.AsSpan(0, 1), "***", email.AsSpan(at));
    }

    /// <summary><c>张三</c> → <c>张*</c>, <c>欧阳娜娜</c> → <c>欧***</c>, <c>Ana Lima</c> → <c>A** L***</c>.</summary>
    public static string? Name(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return name;
        }

        var words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return string.Join(' ', words.Select(FirstOnly));
    }

    /// <summary>Any other identifying text (address, city, WeChat id, app user id): the first character only.</summary>
    public static string? Text(string? value) => string.IsNullOrEmpty(value) ? value : FirstOnly(value);

    private static string FirstOnly(string value)
    {
        // Text elements, so that a surrogate pair or a combined character is one character.
        var e = StringInfo.GetTextElementEnumerator(value);
        var sb = new StringBuilder();
        var count = 0;
        while (e.MoveNext())
        {
            if (count++ == 0)
            {
                sb.Append(e.GetTextElement());
            }
            else
            {
                sb.Append(Star);
            }
        }

        return sb.ToString();
    }
}
