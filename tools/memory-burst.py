#!/usr/bin/env python3
"""A burst against a running server, then idle: does its memory go back to the OS?

Prints the server's VmRSS before, its peak during the burst (sampled every 0.25 s) and 10, 20 and 30 s after
the last connection closed. The burst: CONNS WebSocket connections each create SESSIONS sessions, then send FRAMES
frames of 16 `info` requests (the per-message cap) while their reader starts only after a delay, so the server holds
replies in its per-connection send backlog (bounded: docs/queues.md); then the readers drain, and every connection
closes (its sessions go with it). Standard library only; loopback only.

usage: memory-burst.py PID [PORT=8188] [CONNS=50] [SESSIONS=40] [FRAMES=120] [READER_DELAY_S=3]
With the Admin API on http://127.0.0.1:7088/admin and the sample secret, it also prints the GC's heap and committed
bytes at the end (get_status).
"""
import base64, json, os, socket, struct, sys, threading, time, urllib.request

pid = int(sys.argv[1])
port = int(sys.argv[2]) if len(sys.argv) > 2 else 8188
conns = int(sys.argv[3]) if len(sys.argv) > 3 else 50
sessions = int(sys.argv[4]) if len(sys.argv) > 4 else 40
frames = int(sys.argv[5]) if len(sys.argv) > 5 else 120
reader_delay = float(sys.argv[6]) if len(sys.argv) > 6 else 3.0


def rss_kb():
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def frame(text):
    payload = text.encode()
    mask = os.urandom(4)
    n = len(payload)
    head = bytes([0x81])
    if n < 126:
        head += bytes([0x80 | n])
    elif n < 65536:
        head += bytes([0x80 | 126]) + struct.pack(">H", n)
    else:
        head += bytes([0x80 | 127]) + struct.pack(">Q", n)
    return head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


def connect():
    s = socket.create_connection(("127.0.0.1", port))
    key = base64.b64encode(os.urandom(16)).decode()
    s.sendall((f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: janus-protocol\r\n\r\n").encode())
    buf = b""
    while b"\r\n\r\n" not in buf:
        buf += s.recv(4096)
    assert b" 101 " in buf.split(b"\r\n", 1)[0], buf[:200]
    return s


received = [0]
lock = threading.Lock()


def client(index, start_reading):
    s = connect()
    s.settimeout(120)
    infos = "".join(json.dumps({"janus": "info", "transaction": f"i{index}-{k}"}) for k in range(16))

    def reader():
        start_reading.wait()
        try:
            while True:
                chunk = s.recv(1 << 20)
                if not chunk:
                    break
                with lock:
                    received[0] += len(chunk)
        except OSError:
            pass

    t = threading.Thread(target=reader, daemon=True)
    t.start()
    try:
        for k in range(sessions):
            s.sendall(frame(json.dumps({"janus": "create", "transaction": f"c{index}-{k}"})))
        for _ in range(frames):
            s.sendall(frame(infos))
    except OSError:
        pass
    return s, t


before = rss_kb()
peak = [before]
stop_sampling = threading.Event()


def sampler():
    while not stop_sampling.is_set():
        peak[0] = max(peak[0], rss_kb())
        time.sleep(0.25)


threading.Thread(target=sampler, daemon=True).start()
start_reading = threading.Event()
threading.Timer(reader_delay, start_reading.set).start()
results = [None] * conns
workers = [threading.Thread(target=lambda i=i: results.__setitem__(i, client(i, start_reading))) for i in range(conns)]
t0 = time.time()
for w in workers:
    w.start()
for w in workers:
    w.join()
start_reading.wait()
# The readers drain what the server held back: wait until nothing more arrives for 2 s.
last = -1
while last != received[0]:
    last = received[0]
    time.sleep(2)
for s, _ in results:
    try:
        s.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    s.close()
for _, t in results:
    t.join(5)
burst = time.time() - t0
stop_sampling.set()
after = {}
for wait in (10, 20, 30):
    time.sleep(10)
    after[wait] = rss_kb()
print(f"conns={conns} sessions={conns * sessions} info_requests={conns * frames * 16} burst_s={burst:.1f} "
      f"replies_mb={received[0] / 1e6:.0f}")
print(f"rss_mb before={before / 1024:.0f} peak={peak[0] / 1024:.0f} "
      + " ".join(f"after{w}s={v / 1024:.0f}" for w, v in after.items()))
try:
    request = json.dumps({"janus": "get_status", "transaction": "g", "admin_secret": "janusoverlord"}).encode()
    with urllib.request.urlopen("http://127.0.0.1:7088/admin", request, timeout=5) as reply:
        status = json.load(reply)["status"]
    print(f"gc_mb heap={status['gc_heap_bytes'] / 1e6:.0f} committed={status['gc_committed_bytes'] / 1e6:.0f}")
except Exception as error:  # no Admin API: RSS only
    print(f"(no get_status: {error})")
