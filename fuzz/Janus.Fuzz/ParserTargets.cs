using System.Buffers.Binary;
using System.Net;
using System.Text;
using Janus.Core.Configuration.Jcfg;
using Janus.Media.Dtls;
using Janus.Media.Ice.Stun;
using Janus.Media.Rtp;
using Janus.Media.Rtp.Codecs;
using Janus.Media.Rtp.Rtcp;
using Janus.Media.Sctp;
using Janus.Media.Sdp;

namespace Janus.Fuzz;

// Each target's contract is its parser's: refuse (false, or the parser's own exception type) or succeed, and then
// every typed view of the result must read without throwing. Any other exception is a finding. The targets read
// what the tests' Exercise helpers read (tests/Janus.Media.Tests/*/*FuzzTests.cs), so a crash here replays there.

/// <summary>SDP text: parse, read every typed view, build the answer and merge local transport into it.</summary>
internal static class SdpTarget
{
    public static void Run(byte[] data)
    {
        string text = Encoding.UTF8.GetString(data);
        SessionDescription sdp;
        try
        {
            sdp = SessionDescription.Parse(text);
        }
        catch (SdpParseException)
        {
            return;
        }
        _ = sdp.ToString();
        _ = sdp.Groups;
        _ = sdp.MsidSemantic;
        _ = sdp.Fingerprint;
        foreach (var media in sdp.Media)
        {
            _ = media.Mid;
            _ = media.Direction;
            _ = media.GetCodecs();
            _ = media.GetNegotiatedCodec();
            _ = media.GetRtxPayloadTypes();
            _ = media.GetSimulcastInfo();
            _ = media.GetPrimarySsrc();
            _ = media.Candidates;
            _ = media.Rtcp;
            _ = media.SctpMap;
            _ = media.MaxMessageSize;
            _ = media.Msid;
        }
        var answer = SdpAnswers.Create(sdp);
        // What we write we must read back: an answer that does not parse would break the peer's negotiation.
        if (!SessionDescription.TryParse(answer.ToString(), out _, out SdpParseException? error))
        {
            throw new InvalidOperationException($"our answer does not parse: {error?.Message}");
        }
        SdpTransport.TryExtractRemote(sdp, out _, out _);
        _ = SdpTransport.MergeLocal(answer, new SdpLocalTransport { IceUfrag = "u", IcePwd = "p", Fingerprint = "AA" }).ToString();
    }
}

/// <summary>A STUN datagram: parse, read the attributes, check fingerprint and integrity.</summary>
internal static class StunTarget
{
    public static void Run(byte[] data)
    {
        if (!StunMessage.TryParse(data, out StunMessage message))
        {
            return;
        }
        _ = message.Username.Length;
        _ = message.ErrorCode;
        _ = message.VerifyFingerprint();
        _ = message.VerifyMessageIntegrity("key"u8);
        _ = message.TryGetXorMappedAddress(out IPEndPoint? _);
        _ = message.TryGetMappedAddress(out IPEndPoint? _);
    }
}

/// <summary>
/// An RTP packet: header, CSRCs, one- and two-byte header extensions and the values the core reads from them
/// (audio level, abs-send-time, transport-wide sequence number, dependency descriptor), the VP8/VP9 payload
/// descriptors, keyframe detection for every codec, and RTX unwrapping.
/// </summary>
internal static class RtpTarget
{
    private static readonly RtpVideoCodec[] Codecs = Enum.GetValues<RtpVideoCodec>();

    public static void Run(byte[] data)
    {
        Span<byte> packet = data;
        if (!RtpHeaderView.TryParse(packet, out RtpHeaderView view))
        {
            return;
        }
        _ = view.Marker;
        _ = view.PayloadType;
        _ = view.SequenceNumber;
        _ = view.Timestamp;
        _ = view.Ssrc;
        for (int i = 0; i < view.CsrcCount; i++)
        {
            _ = view.GetCsrc(i);
        }
        var structure = new DependencyStructure();
        foreach (RtpExtensionElement element in view.Extensions)
        {
            ReadOnlySpan<byte> value = element.Value;
            _ = RtpExtensionValues.TryReadAudioLevel(value, out _, out _);
            _ = RtpExtensionValues.TryReadAbsSendTime(value, out _);
            _ = RtpExtensionValues.TryReadTransportSequenceNumber(value, out _);
            _ = RtpExtensionValues.TextEquals(value, "0");
            _ = DependencyDescriptor.TryReadLayers(value, structure, out _, out _, out _, out _);
            _ = view.TryGetExtension(element.Id, out _);
        }
        ReadOnlySpan<byte> payload = view.Payload;
        _ = Vp8Descriptor.TryParse(payload, out _);
        _ = Vp9Descriptor.TryParse(payload, out _);
        foreach (RtpVideoCodec codec in Codecs)
        {
            _ = VideoKeyframes.IsKeyframe(codec, payload);
        }
        // RTX last: unwrapping rewrites the packet in place.
        _ = RtxPacket.TryReadOriginalSequenceNumber(packet, out _);
        _ = RtxPacket.TryUnwrap(packet, 96, 0x1234, out _);
    }
}

/// <summary>A compound RTCP packet: every report and feedback parser on every packet of it, then the core's scanner.</summary>
internal static class RtcpTarget
{
    private static readonly TransportCcPacketStatus[] Statuses = new TransportCcPacketStatus[65536];

    public static void Run(byte[] data)
    {
        Span<ushort> lost = stackalloc ushort[256];
        _ = RtcpCompoundEnumerator.IsWellFormed(data);
        _ = RtcpFeedbackScanner.Scan(data);
        foreach (RtcpPacketView packet in new RtcpCompoundEnumerator(data))
        {
            ReadOnlySpan<byte> p = packet.Packet;
            _ = packet.Body.Length;
            _ = packet.SenderSsrc;
            if (RtcpReport.TryParse(p, out _, out _, out var blocks))
            {
                for (int b = 0; b + RtcpReportBlock.Length <= blocks.Length; b += RtcpReportBlock.Length)
                {
                    _ = RtcpReportBlock.Read(blocks[b..]);
                }
            }
            _ = RtcpSdes.TryGetCname(p, out _, out _);
            _ = RtcpBye.TryParse(p, out _, out _);
            if (RtcpNack.TryParse(p, out _, out _, out var pairs))
            {
                _ = RtcpNack.ExpandLost(pairs, lost);
            }
            _ = RtcpPli.TryParse(p, out _, out _);
            if (RtcpFir.TryParse(p, out _, out var entries) && RtcpFir.EntryCount(entries) > 0)
            {
                _ = RtcpFir.ReadEntry(entries, RtcpFir.EntryCount(entries) - 1);
            }
            _ = RtcpRemb.TryParse(p, out _, out _, out _);
            _ = TransportCcFeedback.TryParse(p, out _, Statuses);
        }
    }
}

/// <summary>The plausibility filter every DTLS datagram passes before BouncyCastle sees it.</summary>
internal static class DtlsRecordTarget
{
    public static void Run(byte[] data)
    {
        _ = DtlsTransport.IsDtlsDatagram(data);
        _ = DtlsRecordFilter.IsPlausible(data);
    }
}

/// <summary>
/// An SCTP packet and its chunks. The checksum is fixed first (as a peer's DTLS-protected packets would carry a
/// right one), or almost no input would get past it to the chunk parsers.
/// </summary>
internal static class SctpTarget
{
    private static readonly byte[] CookieKey = new byte[32];

    public static void Run(byte[] data)
    {
        if (data.Length >= SctpPacket.CommonHeaderLength)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(8), 0);
            BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(8), Crc32c.Compute(data));
        }
        if (!SctpPacket.TryParse(data, out SctpPacket sctp))
        {
            return;
        }
        _ = sctp.SourcePort;
        _ = sctp.DestinationPort;
        _ = sctp.VerificationTag;
        var chunks = sctp.GetChunks();
        while (chunks.MoveNext())
        {
            SctpChunk chunk = chunks.Current;
            InitChunk.TryParse(chunk.Value, out _);
            DataChunk.TryParse(chunk.Flags, chunk.Value, out _);
            if (SackChunk.TryParse(chunk.Value, out SackChunk sack))
            {
                for (int g = 0; g < sack.GapBlockCount; g++)
                {
                    sack.GetGapBlock(g);
                }
                for (int d = 0; d < sack.DuplicateCount; d++)
                {
                    sack.GetDuplicate(d);
                }
            }
            if (ForwardTsnChunk.TryParse(chunk.Value, out ForwardTsnChunk forward))
            {
                for (int s = 0; s < forward.StreamCount; s++)
                {
                    forward.GetStream(s);
                }
            }
            var parameters = new ParameterEnumerator(chunk.Value);
            while (parameters.MoveNext(out _, out ReadOnlySpan<byte> parameter))
            {
                if (OutgoingResetRequest.TryParse(parameter, out OutgoingResetRequest request))
                {
                    for (int s = 0; s < request.StreamCount; s++)
                    {
                        request.GetStream(s);
                    }
                }
                ReconfigResponse.TryParse(parameter, out _);
            }
            StateCookie.TryRead(chunk.Value, CookieKey, out _);
            ErrorCause.FirstCode(chunk.Value);
        }
    }
}

/// <summary>A .jcfg file: parse (or fail with <see cref="JcfgParseException"/>), then convert to JSON.</summary>
internal static class JcfgTarget
{
    public static void Run(byte[] data)
    {
        string text = Encoding.UTF8.GetString(data);
        try
        {
            _ = JcfgDocument.Parse(text, "fuzz.jcfg").ToJson().ToJsonString();
        }
        catch (JcfgParseException error) when (error.Line >= 1 && error.Column >= 1)
        {
        }
    }
}
