namespace Janus.Scripting.Hosting;

/// <summary>What one plugin may use per call. A call over a limit is stopped and answered with an error; the plugin stays loaded.</summary>
public sealed record ScriptLimits
{
    public static readonly ScriptLimits Default = new();

    /// <summary>Longest a single call into a script may run (Lua and JS are interrupted; C# is asked to stop through its token).</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Lua: heap of the Lua state. JS: bytes allocated during one call (Jint's measure). Not enforced for C#.</summary>
    public long MemoryLimitBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>
    /// Requests, packets and data messages that may wait on the plugin's queue (<see cref="PluginQueue"/>): past it a
    /// request is answered with an error (462) and a packet or data message is dropped and counted.
    /// </summary>
    public int QueueCapacity { get; init; } = PluginQueue.DefaultCapacity;
}
