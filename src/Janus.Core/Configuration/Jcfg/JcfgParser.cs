namespace Janus.Core.Configuration.Jcfg;

/// <summary>
/// Recursive descent over libconfig's grammar:
/// <code>
/// configuration = setting*
/// setting       = name ("=" | ":") value (";" | "," | nothing)
/// value         = scalar | array | list | group
/// scalar        = boolean | integer | integer64 | hex | bin | oct | float | string string*
/// array         = "[" (scalar ("," scalar)* ","?)? "]"      (all of one type)
/// list          = "(" (value ("," value)* ","?)? ")"
/// group         = "{" setting* "}"
/// </code>
/// Adjacent strings are joined into one, and a name may appear once per group.
/// </summary>
internal sealed class JcfgParser
{
    /// <summary>Bounds recursion so hostile input fails with a parse error rather than a stack overflow.</summary>
    internal const int MaxNesting = 128;

    private readonly JcfgLexer _lexer;
    private JcfgToken _current;
    private int _depth;

    private JcfgParser(JcfgLexer lexer)
    {
        _lexer = lexer;
        _current = lexer.Next();
    }

    public static JcfgGroup Parse(JcfgSource source)
    {
        var parser = new JcfgParser(new JcfgLexer(source));
        var root = new JcfgGroup(new JcfgPosition(source.FileName, 1, 1));
        parser.ParseSettings(root, JcfgTokenKind.End);
        return root;
    }

    private void ParseSettings(JcfgGroup group, JcfgTokenKind closing)
    {
        while (_current.Kind != closing)
        {
            if (_current.Kind != JcfgTokenKind.Name)
            {
                throw Unexpected(closing == JcfgTokenKind.End ? "a setting name" : "a setting name or '}'");
            }

            JcfgToken name = Take();
            if (_current.Kind != JcfgTokenKind.Equals)
            {
                throw Unexpected($"'=' or ':' after '{name.Text}'");
            }

            Take();
            JcfgValue value = ParseValue(inList: false);
            if (!group.TryAdd(new JcfgSetting(name.Text, value, name.Position)))
            {
                throw new JcfgParseException(name.Position.FileName, name.Position.Line, name.Position.Column, $"duplicate setting '{name.Text}'");
            }

            if (_current.Kind is JcfgTokenKind.Semicolon or JcfgTokenKind.Comma)
            {
                Take();
            }
        }
    }

    private JcfgValue ParseValue(bool inList)
    {
        switch (_current.Kind)
        {
            case JcfgTokenKind.GroupStart:
                return Nested(ParseGroup);
            case JcfgTokenKind.ArrayStart:
                return Nested(ParseArray);
            case JcfgTokenKind.ListStart:
                return Nested(ParseList);
            default:
                if (TryParseScalar() is JcfgScalar scalar)
                {
                    return scalar;
                }

                throw Unexpected(inList ? "a value or ')'" : "a value");
        }
    }

    private JcfgValue Nested(Func<JcfgValue> parse)
    {
        if (++_depth > MaxNesting)
        {
            JcfgPosition at = _current.Position;
            throw new JcfgParseException(at.FileName, at.Line, at.Column, $"values nested more than {MaxNesting} deep");
        }

        JcfgValue value = parse();
        _depth--;
        return value;
    }

    private JcfgScalar? TryParseScalar()
    {
        JcfgToken token = _current;
        switch (token.Kind)
        {
            case JcfgTokenKind.Boolean:
                Take();
                return JcfgScalar.FromBoolean(token.Integer != 0, token.Position);
            case JcfgTokenKind.Integer or JcfgTokenKind.Integer64:
                Take();
                return JcfgScalar.FromInteger(token.Integer, token.Kind == JcfgTokenKind.Integer64, token.Position);
            case JcfgTokenKind.Float:
                Take();
                return JcfgScalar.FromFloat(token.Float, token.Position);
            case JcfgTokenKind.String:
                Take();
                string text = token.Text;
                while (_current.Kind == JcfgTokenKind.String)
                {
                    text += Take().Text;
                }

                return JcfgScalar.FromString(text, token.Position);
            default:
                return null;
        }
    }

    private JcfgValue ParseGroup()
    {
        var group = new JcfgGroup(Take().Position);
        ParseSettings(group, JcfgTokenKind.GroupEnd);
        Take();
        return group;
    }

    private JcfgValue ParseArray()
    {
        var array = new JcfgCollection(JcfgValueKind.Array, Take().Position);
        while (_current.Kind != JcfgTokenKind.ArrayEnd)
        {
            JcfgToken at = _current;
            JcfgScalar item = TryParseScalar() ?? throw Unexpected("a scalar value or ']'");
            if (array.Items.Count > 0 && !SameArrayType(array.Items[0].Kind, item.Kind))
            {
                throw new JcfgParseException(at.Position.FileName, at.Position.Line, at.Position.Column, "array elements must all have the same type");
            }

            array.Add(item);
            if (_current.Kind == JcfgTokenKind.Comma)
            {
                Take();
            }
            else if (_current.Kind != JcfgTokenKind.ArrayEnd)
            {
                throw Unexpected("',' or ']'");
            }
        }

        Take();
        return array;
    }

    private JcfgValue ParseList()
    {
        var list = new JcfgCollection(JcfgValueKind.List, Take().Position);
        while (_current.Kind != JcfgTokenKind.ListEnd)
        {
            list.Add(ParseValue(inList: true));
            if (_current.Kind == JcfgTokenKind.Comma)
            {
                Take();
            }
            else if (_current.Kind != JcfgTokenKind.ListEnd)
            {
                throw Unexpected("',' or ')'");
            }
        }

        Take();
        return list;
    }

    /// <summary>libconfig keeps arrays to one scalar type; 32- and 64-bit integers are accepted together here.</summary>
    private static bool SameArrayType(JcfgValueKind first, JcfgValueKind next) =>
        first == next || (first is JcfgValueKind.Integer or JcfgValueKind.Integer64 && next is JcfgValueKind.Integer or JcfgValueKind.Integer64);

    private JcfgToken Take()
    {
        JcfgToken taken = _current;
        _current = _lexer.Next();
        return taken;
    }

    private JcfgParseException Unexpected(string expected)
    {
        JcfgPosition at = _current.Position;
        return new JcfgParseException(at.FileName, at.Line, at.Column, $"unexpected {_current.Describe()}, expected {expected}");
    }
}
