using Kith.Core.Privacy;
using Xunit;

namespace Kith.Core.Tests.Privacy;

public class PiiMaskTests
{
    [Theory]
    [InlineData("13812345678", "138****5678")]
    [InlineData("+8613812345678", "+86*******5678")]
    [InlineData("5551234", "*****34")]
    [InlineData("", "")]
    [InlineData(null, null)]
    public void Phones_keep_the_first_three_and_last_four_digits(string? phone, string? masked) =>
        Assert.Equal(masked, PiiMask.Phone(phone));

    [Theory]
    [InlineData("zhang.san@example.com", "z***@example.com")]
    [InlineData("a@b.cn", "a***@b.cn")]
    [InlineData("not-an-email", "n***********")]
    public void Emails_keep_the_first_letter_and_the_domain(string email, string masked) =>
        Assert.Equal(masked, PiiMask.Email(email));

    [Theory]
    [InlineData("张三", "张*")]
    [InlineData("欧阳娜娜", "欧***")]
    [InlineData("Ana Lima", "A** L***")]
    [InlineData("𠮷野家", "𠮷**")] // a character outside the BMP is one character, not two halves
    public void Names_keep_the_first_character_of_each_word(string name, string masked) =>
        Assert.Equal(masked, PiiMask.Name(name));

    [Fact]
    public void A_masked_value_never_contains_the_hidden_part()
    {
        Assert.DoesNotContain("1234", PiiMask.Phone("13812345678"), StringComparison.Ordinal);
        Assert.DoesNotContain("hang", PiiMask.Email("zhang@example.com"), StringComparison.Ordinal);
        Assert.Equal("上*****", PiiMask.Text("上海市浦东新"));
    }
}
