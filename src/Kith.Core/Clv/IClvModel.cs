namespace Kith.Core.Clv;

/// <summary>A fitted CLV model: its name as the CLI and API spell it, and its parameters by name, in the documented order.</summary>
public interface IClvModel
{
    string Name { get; }
    IReadOnlyList<KeyValuePair<string, double>> Parameters { get; }
}
