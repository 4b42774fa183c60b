using Janus.Core.Configuration.Jcfg;

namespace Janus.Core.Tests.Configuration.Jcfg;

/// <summary>Random and mutated text either parses or fails with <see cref="JcfgParseException"/>, nothing else.</summary>
public sealed class JcfgFuzzTests
{
    private const int Iterations = 4000;

    private const string Seed = """
        general: {
            name = "value \x41\n" "more";   # comment
            n = -12; h = 0x1fL; f = 1.5e3; b = TRUE,
            arr = [ "a", "b", ];
            lst = ( 1, { g = 2 }, [3], ( ) );
        }
        // trailing
        /* block */ other: { x = .5 }
        """;

    private const string Alphabet = "{}[]();,:=\"\\#/*@ \t\nabcxL0123456789.-+eE_";

    [Fact]
    public void RandomTextNeverThrowsAnythingElse()
    {
        var random = new Random(20240611);
        for (int i = 0; i < Iterations; i++)
        {
            int length = random.Next(0, 80);
            var chars = new char[length];
            for (int j = 0; j < length; j++)
            {
                chars[j] = random.Next(10) == 0 ? (char)random.Next(0, 0x3000) : Alphabet[random.Next(Alphabet.Length)];
            }

            ParseOrParseError(new string(chars));
        }
    }

    [Fact]
    public void MutatedSamplesNeverThrowAnythingElse()
    {
        var random = new Random(7);
        int parsed = 0;
        for (int i = 0; i < Iterations; i++)
        {
            char[] text = Seed.ToCharArray();
            int edits = random.Next(1, 4);
            var mutated = new System.Text.StringBuilder(new string(text));
            for (int e = 0; e < edits && mutated.Length > 0; e++)
            {
                int at = random.Next(mutated.Length);
                switch (random.Next(3))
                {
                    case 0:
                        mutated.Remove(at, 1);
                        break;
                    case 1:
                        mutated.Insert(at, Alphabet[random.Next(Alphabet.Length)]);
                        break;
                    default:
                        mutated[at] = Alphabet[random.Next(Alphabet.Length)];
                        break;
                }
            }

            if (ParseOrParseError(mutated.ToString()))
            {
                parsed++;
            }
        }

        // Some mutations land in comments or strings and still parse; this proves the loop exercised both outcomes.
        Assert.InRange(parsed, 1, Iterations - 1);
    }

    [Fact]
    public void TheUnmutatedSeedParses() => Assert.True(ParseOrParseError(Seed));

    private static bool ParseOrParseError(string text)
    {
        try
        {
            JcfgDocument document = JcfgDocument.Parse(text, "fuzz.jcfg");
            _ = document.ToJson().ToJsonString();
            return true;
        }
        catch (JcfgParseException error)
        {
            Assert.Equal("fuzz.jcfg", error.FileName);
            Assert.True(error.Line >= 1 && error.Column >= 1);
            return false;
        }
    }
}
