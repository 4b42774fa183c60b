#!/usr/bin/env python3
"""Writes fuzz/corpus/TARGET/ seed files from the xunit tests' fixtures (run from the repository root).
Re-run after a fixture changes; afl only needs a few small valid inputs per target to start from."""
import os, re, struct, json, zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "fuzz", "corpus")

def write(target, name, data):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())

def hexbytes(s):
    return bytes.fromhex(re.sub(r"[^0-9a-fA-F]", "", s))

def csharp_consts(path):
    """NAME = "a" + "b" ...; constants of concatenated C# string literals."""
    text = open(path, encoding="utf-8").read()
    out = {}
    for m in re.finditer(r"(\w+)\s*=\s*((?:\s*\"(?:[^\"\\]|\\.)*\"\s*\+?)+);", text):
        parts = re.findall(r"\"((?:[^\"\\]|\\.)*)\"", m.group(2))
        out[m.group(1)] = "".join(parts).encode().decode("unicode_escape")
    return out

# SDP: the browsers' offers the SDP tests use.
sdp = csharp_consts(os.path.join(ROOT, "tests/Janus.Media.Tests/Sdp/Fixtures/SdpFixtures.cs"))
for name in ["ChromeOffer", "FirefoxSimulcastOffer", "DataChannelOnlyOffer", "JanusEchoAnswer"]:
    write("sdp", name, sdp[name])

# STUN: the RFC 5769 vectors.
stun = open(os.path.join(ROOT, "tests/Janus.Media.Tests/Ice/Stun/StunRfc5769Tests.cs"), encoding="utf-8").read()
for name in ["SampleRequest", "SampleIpv4Response", "SampleIpv6Response"]:
    body = re.search(name + r"\s*=\s*Hex\(((?:\s*\"[^\"]*\"\s*\+?)+)\)", stun).group(1)
    write("stun", name, hexbytes("".join(re.findall(r"\"([^\"]*)\"", body))))

# RTCP: the compound and feedback packets the RTCP fuzz test mutates.
rtcp = csharp_consts(os.path.join(ROOT, "tests/Janus.Media.Tests/Rtp/Rtcp/RtcpCompoundTests.cs"))
write("rtcp", "rr-sdes", hexbytes(rtcp["ReceiverReportAndSdes"]))
for i, s in enumerate(["80C80006 0000CAFE E7A1B2C3 D4E5F607 00015F90 000004D2 0008AA52",
                       "81CD0004 00000001 00000002 03E88005 FFFF0001",
                       "8FCE0006 00000001 00000000 52454D42 020DE848 0000AAAA 0000BBBB",
                       "AFCD0006 00000001 00000002 000A0005 00010203 D1800401 012C0002",
                       "84CE0004 00000001 00000000 12345678 09000000",
                       "81CE0002 0000AAAA 0000BBBB"]):
    write("rtcp", ["sr", "nack", "remb", "twcc", "fir", "pli"][i], hexbytes(s))

# RTP: plain Opus, VP8 with one-byte extensions (audio level, transport-wide seq), two-byte extensions, padding.
def rtp(pt, seq, ts, ssrc, payload, ext=None, profile=0xBEDE, padding=0, marker=0):
    b0 = 0x80 | (0x10 if ext is not None else 0) | (0x20 if padding else 0)
    out = struct.pack("!BBHII", b0, (marker << 7) | pt, seq, ts, ssrc)
    if ext is not None:
        ext += b"\0" * (-len(ext) % 4)
        out += struct.pack("!HH", profile, len(ext) // 4) + ext
    out += payload
    if padding:
        out += b"\0" * (padding - 1) + bytes([padding])
    return out
write("rtp", "opus", rtp(111, 1, 960, 0x1234, b"\x78" * 20))
write("rtp", "vp8-key-extensions", rtp(96, 2, 3000, 0x5678, b"\x90\x80\x00\x30\x01\x9d\x01\x2a" + b"\0" * 8,
                                      ext=bytes([0x10, 0x85, 0x31, 0x00, 0x07]), marker=1))
write("rtp", "two-byte-ext-padding", rtp(97, 3, 6000, 0x9abc, b"\x00" * 12, ext=bytes([1, 2, 0xAA, 0xBB, 2, 0]),
                                        profile=0x1000, padding=4))
write("rtp", "rtx", rtp(97, 4, 6000, 0x1111, b"\x00\x05" + b"\x01" * 10))

# DTLS: a ClientHello fragment header, a change_cipher_spec and an application data record of epoch 1.
hs_body = bytes([1]) + (40).to_bytes(3, "big") + (0).to_bytes(2, "big") + (0).to_bytes(3, "big") + (40).to_bytes(3, "big") + b"\xfe\xfd" + b"\0" * 38
write("dtls", "client-hello", bytes([22, 0xFE, 0xFD, 0, 0]) + (0).to_bytes(6, "big") + len(hs_body).to_bytes(2, "big") + hs_body)
write("dtls", "ccs-then-app", bytes([20, 0xFE, 0xFD, 0, 0]) + (1).to_bytes(6, "big") + b"\x00\x01\x01"
      + bytes([23, 0xFE, 0xFD, 0, 1]) + (0).to_bytes(6, "big") + b"\x00\x08" + b"\x55" * 8)
write("dtls", "alert", bytes([21, 0xFE, 0xFD, 0, 0]) + (2).to_bytes(6, "big") + b"\x00\x02\x02\x28")

# SCTP: INIT, DATA + SACK, FORWARD-TSN, RE-CONFIG. The target fixes the checksum itself; we fill it in anyway.
def chunk(ctype, flags, value):
    c = struct.pack("!BBH", ctype, flags, 4 + len(value)) + value
    return c + b"\0" * (-len(c) % 4)
def sctp(tag, *chunks):
    return struct.pack("!HHII", 5000, 5000, tag, 0) + b"".join(chunks)
init_value = struct.pack("!IIHHI", 0x11223344, 0x20000, 1024, 1024, 1) + struct.pack("!HH", 0x8008, 6) + b"\x82\xc0" + b"\0\0"
write("sctp", "init", sctp(0, chunk(1, 0, init_value)))
data_value = struct.pack("!IHHI", 1, 0, 0, 51) + b"hello"
sack_value = struct.pack("!IIHH", 1, 0x10000, 1, 1) + struct.pack("!HH", 2, 3) + struct.pack("!I", 1)
write("sctp", "data-sack", sctp(0x11223344, chunk(0, 3, data_value), chunk(3, 0, sack_value)))
write("sctp", "forward-tsn", sctp(0x11223344, chunk(192, 0, struct.pack("!IHH", 5, 1, 2))))
reset = struct.pack("!HHIII", 13, 18, 1, 0, 1) + struct.pack("!H", 1)
write("sctp", "reconfig", sctp(0x11223344, chunk(130, 0, reset)))

# jcfg: the shipped configuration files.
for name in ["janus.plugin.echotest.jcfg", "janus.transport.websockets.jcfg", "janus.transport.http.jcfg"]:
    write("jcfg", name, open(os.path.join(ROOT, "conf", name), "rb").read())

# Janus API: the requests janus.js sends, on session 1 (which the target creates before each input).
api = [
    {"janus": "info", "transaction": "t1"},
    {"janus": "create", "transaction": "t2"},
    {"janus": "keepalive", "session_id": 1, "transaction": "t3"},
    {"janus": "attach", "session_id": 1, "plugin": "janus.plugin.echotest", "opaque_id": "x", "transaction": "t4"},
    {"janus": "message", "session_id": 1, "handle_id": 2, "body": {"audio": True},
     "jsep": {"type": "offer", "sdp": "v=0\r\n"}, "transaction": "t5"},
    {"janus": "trickle", "session_id": 1, "handle_id": 2, "candidate": {"completed": True}, "transaction": "t6"},
    {"janus": "claim", "session_id": 1, "transaction": "t7"},
    {"janus": "destroy", "session_id": 1, "transaction": "t8"},
]
for r in api:
    write("api", r["janus"], json.dumps(r, separators=(",", ":")))
