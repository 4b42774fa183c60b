using System.Text.Json.Nodes;

namespace Janus.Core.Api;

/// <summary>A transport as <c>info</c> lists it, and its answer to the Admin API's <c>query_transport</c>.</summary>
public sealed record TransportDescriptor(
    string Package,
    string Name,
    string Description,
    string Author,
    int Version,
    string VersionString,
    Func<JsonObject?, JsonObject> Query);
