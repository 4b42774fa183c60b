namespace Janus.Scripting.Hosting;

/// <summary>A script called the server API wrongly (bad JSON, unknown medium, ...): raised in the script as an error.</summary>
public sealed class ScriptApiException(string message) : Exception(message);
