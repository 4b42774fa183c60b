namespace Janus.Core.Configuration.Jcfg;

/// <summary>Where a value starts in its source file (1-based line and column).</summary>
public readonly record struct JcfgPosition(string FileName, int Line, int Column)
{
    public override string ToString() => $"{FileName}:{Line}:{Column}";
}
