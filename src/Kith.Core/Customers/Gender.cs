namespace Kith.Core.Customers;

public enum Gender
{
    Unknown = 0,
    Female = 1,
    Male = 2,
    Other = 3,
}
