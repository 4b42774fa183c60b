namespace Janus.Media.Relay;

/// <summary>What a <see cref="RelayGraph"/> tells its owner, from the packet path: keep it short and non-blocking.</summary>
public interface IRelayGraphListener
{
    /// <summary>The node now receives another simulcast substream (Janus's script callback substreamChanged).</summary>
    void SubstreamChanged(RelayNode node, int substream);

    /// <summary>The node's temporal layer cap took effect (temporalLayerChanged).</summary>
    void TemporalLayerChanged(RelayNode node, int layer);
}
