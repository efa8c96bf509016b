using System.Globalization;
using System.Text;

namespace Kith.Core.Segments;

/// <summary>What is wrong with a rule, where, and (for a syntax error) what was expected there.</summary>
public sealed record RuleProblem(RulePosition At, string Message, IReadOnlyList<string> Expected)
{
    public override string ToString() => $"{At}: {Message}";
}

/// <summary>A rule that cannot be used; <see cref="Problems"/> has at least one entry.</summary>
public sealed class RuleException(IReadOnlyList<RuleProblem> problems)
    : Exception(string.Join("; ", problems.Select(p => p.ToString())))
{
    public IReadOnlyList<RuleProblem> Problems { get; } = problems;
}

/// <summary>
/// Parses the segment rule language (grammar in docs/segments.md) into a <see cref="RuleNode"/> tree.
/// Recursive descent, one token of look-ahead; keywords are case-insensitive, names are lower case.
/// </summary>
public static class RuleParser
{
    /// <summary>Longest rule accepted, so that a request cannot make the parser work without bound.</summary>
    public const int MaxLength = 10_000;

    /// <summary>Deepest nesting of parentheses and <c>not</c> accepted.</summary>
    public const int MaxDepth = 32;

    public static RuleNode Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxLength)
        {
            throw Fail(new RulePosition(1, 1, 0), $"the rule is longer than {MaxLength} characters", []);
        }

        var parser = new Parser(Lex(text));
        var rule = parser.Or(0);
        parser.ExpectEnd();
        return rule;
    }

    internal static RuleException Fail(RulePosition at, string message, IReadOnlyList<string> expected) =>
        new([new RuleProblem(at, message, expected)]);

    private enum T
    {
        Name,
        String,
        Number,
        Days,
        Op,
        Open,
        Close,
        Comma,
        End,
    }

    private readonly record struct Token(T Kind, string Text, RulePosition At, decimal Number = 0)
    {
        public bool IsWord(string word) => Kind == T.Name && string.Equals(Text, word, StringComparison.OrdinalIgnoreCase);

        public string Describe() => Kind switch
        {
            T.End => "the end of the rule",
            T.String => $"\"{Text}\"",
            _ => $"'{Text}'",
        };
    }

    private static List<Token> Lex(string s)
    {
        var tokens = new List<Token>();
        int i = 0, line = 1, lineStart = 0;
        RulePosition Here(int at) => new(line, at - lineStart + 1, at);
        while (true)
        {
            while (i < s.Length && char.IsWhiteSpace(s[i]))
            {
                if (s[i] == '\n')
                {
                    line++;
                    lineStart = i + 1;
                }

                i++;
            }

            if (i >= s.Length)
            {
                tokens.Add(new Token(T.End, "", Here(i)));
                return tokens;
            }

            var start = i;
            var at = Here(i);
            var c = s[i];
            if (char.IsAsciiLetter(c) || c == '_')
            {
                while (i < s.Length && (char.IsAsciiLetterOrDigit(s[i]) || s[i] == '_'))
                {
                    i++;
                }

                tokens.Add(new Token(T.Name, s[start..i], at));
            }
            else if (char.IsAsciiDigit(c) || (c == '-' && i + 1 < s.Length && char.IsAsciiDigit(s[i + 1])))
            {
                i++;
                while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
                {
                    i++;
                }

                var number = s[start..i];
                if (!decimal.TryParse(number, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
                {
                    throw Fail(at, $"'{number}' is not a number", ["a number such as 300 or 12.5"]);
                }

                if (i < s.Length && s[i] == 'd' && (i + 1 == s.Length || !char.IsAsciiLetterOrDigit(s[i + 1])))
                {
                    i++;
                    tokens.Add(new Token(T.Days, s[start..i], at, value));
                }
                else if (i < s.Length && char.IsAsciiLetter(s[i]))
                {
                    throw Fail(Here(i), $"unexpected '{s[i]}' after the number {number}", ["a space", "'d' for days, as in 7d"]);
                }
                else
                {
                    tokens.Add(new Token(T.Number, number, at, value));
                }
            }
            else if (c is '"' or '\u201C' or '\u201D')
            {
                // Curly quotes come from word processors and chat apps; accept them as plain quotes.
                i++;
                var text = new StringBuilder();
                while (true)
                {
                    if (i >= s.Length || s[i] == '\n')
                    {
                        throw Fail(at, "this text has no closing quote", ["\""]);
                    }

                    if (s[i] is '"' or '\u201C' or '\u201D')
                    {
                        i++;
                        break;
                    }

                    if (s[i] == '\\' && i + 1 < s.Length && s[i + 1] is '"' or '\\')
                    {
                        i++;
                    }

                    text.Append(s[i++]);
                }

                tokens.Add(new Token(T.String, text.ToString(), at));
            }
            else if (c == '\'')
            {
                throw Fail(at, "text goes in double quotes", ["\"text\""]);
            }
            else if (c is '(' or ')' or ',')
            {
                i++;
                tokens.Add(new Token(c == '(' ? T.Open : c == ')' ? T.Close : T.Comma, c.ToString(), at));
            }
            else if (c is '=' or '!' or '<' or '>')
            {
                i++;
                if (i < s.Length && s[i] == '=')
                {
                    i++;
                }

                var op = s[start..i];
                if (op == "!")
                {
                    throw Fail(at, "'!' on its own is not an operator", ["!=", "not"]);
                }

                if (op == "==")
                {
                    throw Fail(at, "'==' is written '='", ["="]);
                }

                tokens.Add(new Token(T.Op, op, at));
            }
            else
            {
                throw Fail(at, $"unexpected character '{c}'", ["a field name", "(", "not"]);
            }
        }
    }

    private sealed class Parser(List<Token> tokens)
    {
        private static readonly string[] ConditionStart = ["a field name such as recency_days", "(", "not"];
        private static readonly string[] Operators = ["=", "!=", "<", "<=", ">", ">=", "in"];
        private int _next;

        private Token Peek => tokens[_next];

        private Token Take() => tokens[_next++];

        public void ExpectEnd()
        {
            if (Peek.Kind != T.End)
            {
                var what = Peek.Kind == T.Close ? "this ')' has no matching '('" : $"unexpected {Peek.Describe()}";
                throw Fail(Peek.At, what, ["and", "or", "the end of the rule"]);
            }
        }

        public RuleNode Or(int depth)
        {
            var first = And(depth);
            if (!Peek.IsWord("or"))
            {
                return first;
            }

            var parts = new List<RuleNode> { first };
            while (Peek.IsWord("or"))
            {
                Take();
                parts.Add(And(depth));
            }

            return new OrNode(first.At, parts);
        }

        private RuleNode And(int depth)
        {
            var first = Unary(depth);
            if (!Peek.IsWord("and"))
            {
                return first;
            }

            var parts = new List<RuleNode> { first };
            while (Peek.IsWord("and"))
            {
                Take();
                parts.Add(Unary(depth));
            }

            return new AndNode(first.At, parts);
        }

        private RuleNode Unary(int depth)
        {
            if (depth > MaxDepth)
            {
                throw Fail(Peek.At, $"the rule nests deeper than {MaxDepth} levels", []);
            }

            var token = Peek;
            if (token.IsWord("not"))
            {
                Take();
                return new NotNode(token.At, Unary(depth + 1));
            }

            if (token.Kind == T.Open)
            {
                Take();
                var inner = Or(depth + 1);
                if (Peek.Kind != T.Close)
                {
                    throw Fail(Peek.At, $"expected ')' to close the '(' at {token.At}, found {Peek.Describe()}", [")", "and", "or"]);
                }

                Take();
                return inner;
            }

            if (token.Kind != T.Name || IsKeyword(token))
            {
                throw Fail(token.At, $"expected a condition, found {token.Describe()}", ConditionStart);
            }

            Take();
            OperandNode left = new FieldNode(token.At, token.Text);
            if (Peek.Kind == T.Open)
            {
                left = Call(token);
            }

            if (Peek.Kind != T.Op && !Peek.IsWord("in"))
            {
                if (left is CallNode call)
                {
                    return new PredicateNode(call.At, call);
                }

                throw Fail(Peek.At, $"expected an operator after '{token.Text}', found {Peek.Describe()}", Operators);
            }

            var op = Take();
            if (op.IsWord("in"))
            {
                return new ComparisonNode(token.At, left, CompareOp.In, List(op));
            }

            var compare = op.Text switch
            {
                "=" => CompareOp.Equal,
                "!=" => CompareOp.NotEqual,
                "<" => CompareOp.Less,
                "<=" => CompareOp.LessOrEqual,
                ">" => CompareOp.Greater,
                _ => CompareOp.GreaterOrEqual,
            };
            return new ComparisonNode(token.At, left, compare, [Value(allowWord: false)]);
        }

        private CallNode Call(Token name)
        {
            Take();
            var args = new List<LiteralNode>();
            if (Peek.Kind != T.Close)
            {
                args.Add(Value(allowWord: true));
                while (Peek.Kind == T.Comma)
                {
                    Take();
                    args.Add(Value(allowWord: true));
                }
            }

            if (Peek.Kind != T.Close)
            {
                throw Fail(Peek.At, $"expected ',' or ')' in {name.Text}(…), found {Peek.Describe()}", [",", ")"]);
            }

            Take();
            return new CallNode(name.At, name.Text, args);
        }

        private List<LiteralNode> List(Token op)
        {
            if (Peek.Kind != T.Open)
            {
                throw Fail(Peek.At, $"expected '(' after 'in', found {Peek.Describe()}", ["("]);
            }

            Take();
            var values = new List<LiteralNode> { Value(allowWord: false) };
            while (Peek.Kind == T.Comma)
            {
                Take();
                values.Add(Value(allowWord: false));
            }

            if (Peek.Kind != T.Close)
            {
                throw Fail(Peek.At, $"expected ',' or ')' in the list after 'in' at {op.At}, found {Peek.Describe()}", [",", ")"]);
            }

            Take();
            return values;
        }

        private LiteralNode Value(bool allowWord)
        {
            var token = Peek;
            switch (token.Kind)
            {
                case T.String:
                    Take();
                    return new LiteralNode(token.At, LiteralKind.String, token.Text);
                case T.Number:
                    Take();
                    return new LiteralNode(token.At, LiteralKind.Number, token.Text, token.Number);
                case T.Days:
                    Take();
                    return new LiteralNode(token.At, LiteralKind.Days, token.Text, token.Number);
                case T.Name when token.IsWord("true") || token.IsWord("false"):
                    Take();
                    return new LiteralNode(token.At, LiteralKind.Boolean, token.Text.ToLowerInvariant(), token.IsWord("true") ? 1 : 0);
                case T.Name when allowWord && !IsKeyword(token):
                    Take();
                    return new LiteralNode(token.At, LiteralKind.Word, token.Text);
                case T.Name when !IsKeyword(token):
                    throw Fail(token.At, $"text values go in double quotes: \"{token.Text}\"", ["\"" + token.Text + "\""]);
                default:
                    throw Fail(token.At, $"expected a value, found {token.Describe()}", ["\"text\"", "a number", "true", "false"]);
            }
        }

        private static bool IsKeyword(Token t) => t.IsWord("and") || t.IsWord("or") || t.IsWord("not") || t.IsWord("in");
    }
}
