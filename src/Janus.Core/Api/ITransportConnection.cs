using System.Text.Json.Nodes;

namespace Janus.Core.Api;

/// <summary>
/// One client connection of a transport as the core sees it (Janus's <c>janus_transport_session</c>):
/// where the events of the sessions it created or claimed go. Implementations must be safe to call from any thread.
/// </summary>
public interface ITransportConnection
{
    /// <summary>The package of the transport, e.g. <c>janus.transport.websockets</c>.</summary>
    string TransportPackage { get; }

    /// <summary>Delivers an asynchronous event (<c>event</c>, <c>detached</c>, <c>timeout</c>, ...) to the client.</summary>
    void SendEvent(JsonObject message);

    /// <summary>A session was created on this connection.</summary>
    void SessionCreated(long sessionId);

    /// <summary>A session of this connection is over: destroyed, timed out, or claimed by another connection.</summary>
    void SessionOver(long sessionId, bool timedOut, bool claimed);

    /// <summary>This connection claimed an existing session.</summary>
    void SessionClaimed(long sessionId);
}
