namespace Janus.Core.Configuration.Jcfg;

/// <summary>One file (or in-memory text) being scanned, with the cursor's line and column.</summary>
internal sealed class JcfgSource
{
    public JcfgSource(string text, string fileName, string? directory)
    {
        Text = text;
        FileName = fileName;
        Directory = directory;
    }

    public string Text { get; }
    public string FileName { get; }

    /// <summary>Where relative <c>@include</c> paths are looked up first; null for text with no file.</summary>
    public string? Directory { get; }

    public int Offset { get; set; }
    public int Line { get; set; } = 1;
    public int Column { get; set; } = 1;

    public bool AtEnd => Offset >= Text.Length;

    public char Current => Text[Offset];

    public char Peek(int ahead) => Offset + ahead < Text.Length ? Text[Offset + ahead] : '\0';

    public JcfgPosition Position => new(FileName, Line, Column);

    public void Advance()
    {
        if (Text[Offset] == '\n')
        {
            Line++;
            Column = 1;
        }
        else
        {
            Column++;
        }

        Offset++;
    }

    public void Advance(int count)
    {
        for (int i = 0; i < count; i++)
        {
            Advance();
        }
    }

    /// <summary>True when only spaces and tabs precede the cursor on its line (where libconfig accepts <c>@include</c>).</summary>
    public bool OnlyBlanksBeforeOnLine()
    {
        for (int i = Offset - 1; i >= 0; i--)
        {
            char c = Text[i];
            if (c == '\n')
            {
                return true;
            }

            if (c != ' ' && c != '\t')
            {
                return false;
            }
        }

        return true;
    }
}
