namespace Kith.Core.Customers.Demo;

/// <summary>Names and places for demo customers: about 70% in mainland China, the rest elsewhere.</summary>
internal static class DemoPeople
{
    public static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "高", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹"];
    public static readonly string[] SurnamesPinyin = ["wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "xu", "sun", "ma", "zhu", "hu", "guo", "he", "lin", "luo", "gao", "zheng", "liang", "xie", "song", "tang", "xu", "han", "feng", "deng", "cao"];
    public static readonly string[] GivenChars = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀", "霞", "平", "刚", "桂", "英", "华", "玉", "萍", "红", "浩", "宇", "欣", "晨", "悦", "子", "涵", "梓", "轩", "怡", "佳", "思", "雨"];
    public static readonly (string Province, string City)[] ChinaPlaces =
    [
        ("上海", "上海"), ("北京", "北京"), ("广东", "广州"), ("广东", "深圳"), ("浙江", "杭州"), ("江苏", "南京"), ("江苏", "苏州"),
        ("四川", "成都"), ("湖北", "武汉"), ("陕西", "西安"), ("重庆", "重庆"), ("天津", "天津"), ("福建", "厦门"), ("山东", "青岛"),
        ("湖南", "长沙"), ("河南", "郑州"), ("辽宁", "沈阳"), ("云南", "昆明"),
    ];

    public static readonly string[] EnglishFirst = ["James", "Emma", "Oliver", "Sophia", "Liam", "Ava", "Noah", "Mia", "Lucas", "Isabella", "Ethan", "Amelia", "Mason", "Harper", "Chloe", "Daniel", "Grace", "Leo", "Zoe", "Ryan"];
    public static readonly string[] EnglishLast = ["Smith", "Johnson", "Brown", "Taylor", "Wilson", "Davies", "Evans", "Thomas", "Roberts", "Walker", "Wright", "Thompson", "White", "Hughes", "Edwards", "Green", "Hall", "Wood", "Harris", "Lewis"];
    public static readonly (string Country, string Region, string City, string Zone, string Dial)[] OtherPlaces =
    [
        ("SG", "Singapore", "Singapore", "Asia/Singapore", "+65"), ("MY", "Selangor", "Kuala Lumpur", "Asia/Kuala_Lumpur", "+60"),
        ("US", "California", "San Francisco", "America/Los_Angeles", "+1"), ("GB", "England", "London", "Europe/London", "+44"),
        ("AU", "New South Wales", "Sydney", "Australia/Sydney", "+61"), ("CA", "Ontario", "Toronto", "America/Toronto", "+1"),
        ("HK", "Hong Kong", "Hong Kong", "Asia/Hong_Kong", "+852"),
    ];

    public static readonly string[] ChinaMail = ["qq.com", "163.com", "126.com", "foxmail.com", "sina.com"];
    public static readonly string[] OtherMail = ["gmail.com", "outlook.com", "yahoo.com", "icloud.com"];
}
