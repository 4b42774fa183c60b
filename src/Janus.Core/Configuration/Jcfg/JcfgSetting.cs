namespace Janus.Core.Configuration.Jcfg;

/// <summary>A named value inside a group: <c>name = value;</c>.</summary>
public sealed record JcfgSetting(string Name, JcfgValue Value, JcfgPosition Position);
