using System.Text.Json.Nodes;
using Janus.Media.Sdp;

namespace Janus.Media.WebRtc;

/// <summary>
/// The <c>simulcast</c> array Janus's core adds to a JSEP it hands a plugin: per simulcast m-line its
/// mindex, mid, and either the rids (with the rid extension id) or the SSRCs.
/// </summary>
internal static class SdpSimulcastJson
{
    public static void AddTo(JsonObject jsep, SessionDescription sdp)
    {
        JsonArray? list = null;
        for (int i = 0; i < sdp.Media.Count; i++)
        {
            MediaDescription m = sdp.Media[i];
            if (m.Kind != SdpMediaKind.Video || m.IsRejected)
            {
                continue;
            }
            SdpSimulcastInfo info = m.GetSimulcastInfo();
            if (!info.IsSimulcast)
            {
                continue;
            }
            var entry = new JsonObject { ["mindex"] = i };
            if (m.Mid is string mid)
            {
                entry["mid"] = mid;
            }
            if (info.UsesRids)
            {
                var rids = new JsonArray();
                foreach (string rid in info.Rids)
                {
                    rids.Add(rid);
                }
                entry["rids"] = rids;
                if (info.RidExtensionId is int ext)
                {
                    entry["rid-ext"] = ext;
                }
            }
            else
            {
                var ssrcs = new JsonArray();
                foreach (uint ssrc in info.Ssrcs)
                {
                    ssrcs.Add(ssrc);
                }
                entry["ssrcs"] = ssrcs;
            }
            (list ??= new JsonArray()).Add(entry);
        }
        if (list is not null)
        {
            jsep["simulcast"] = list;
        }
    }
}
