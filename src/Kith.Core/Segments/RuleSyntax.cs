namespace Kith.Core.Segments;

/// <summary>A place in a rule's text: 1-based line and column, and the 0-based offset (for editors).</summary>
public readonly record struct RulePosition(int Line, int Column, int Offset)
{
    public override string ToString() => $"line {Line}, column {Column}";
}

public enum CompareOp
{
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    In,
}

/// <summary>The syntax tree of a rule, as written (names not yet checked against the field catalogue).</summary>
public abstract record RuleNode(RulePosition At);

public sealed record AndNode(RulePosition At, IReadOnlyList<RuleNode> Parts) : RuleNode(At);

public sealed record OrNode(RulePosition At, IReadOnlyList<RuleNode> Parts) : RuleNode(At);

public sealed record NotNode(RulePosition At, RuleNode Inner) : RuleNode(At);

/// <summary><c>operand op value</c>, or <c>operand in (v1, v2, …)</c>.</summary>
public sealed record ComparisonNode(RulePosition At, OperandNode Left, CompareOp Op, IReadOnlyList<LiteralNode> Values) : RuleNode(At);

/// <summary>A call used on its own as a condition, e.g. <c>bought("SKU-1", 30d)</c>.</summary>
public sealed record PredicateNode(RulePosition At, CallNode Call) : RuleNode(At);

public abstract record OperandNode(RulePosition At, string Name);

public sealed record FieldNode(RulePosition At, string Name) : OperandNode(At, Name);

public sealed record CallNode(RulePosition At, string Name, IReadOnlyList<LiteralNode> Args) : OperandNode(At, Name);

public enum LiteralKind
{
    String,
    Number,
    Days,
    Boolean,
    Word,
}

/// <summary>A value: <c>"text"</c>, <c>300</c>, <c>7d</c>, <c>true</c>, or a bare word (a call's flag such as <c>same_product</c>).</summary>
public sealed record LiteralNode(RulePosition At, LiteralKind Kind, string Text, decimal Number = 0);

public static class CompareOps
{
    public static string Symbol(CompareOp op) => op switch
    {
        CompareOp.Equal => "=",
        CompareOp.NotEqual => "!=",
        CompareOp.Less => "<",
        CompareOp.LessOrEqual => "<=",
        CompareOp.Greater => ">",
        CompareOp.GreaterOrEqual => ">=",
        _ => "in",
    };

    public static bool Holds(CompareOp op, double left, double right) => op switch
    {
        CompareOp.Equal => left == right,
        CompareOp.NotEqual => left != right,
        CompareOp.Less => left < right,
        CompareOp.LessOrEqual => left <= right,
        CompareOp.Greater => left > right,
        CompareOp.GreaterOrEqual => left >= right,
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };
}
