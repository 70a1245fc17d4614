#!/usr/bin/env python3
"""Sends each pre-signed request of a WrkRequests file exactly once (so every key it names is
touched once, whatever the machine's load), on a few kept-alive connections, and counts the answers
by HTTP status.
    python3 loadtest/wrk/touch.py PORT REQUEST_FILE [connections=8]
"""
import socket
import sys
import threading
from collections import Counter


def requests(path):
    data = open(path, "rb").read()
    pos, out = 0, []
    while pos < len(data):
        nl = data.index(b"\n", pos)
        length = int(data[pos:nl])
        out.append(data[nl + 1:nl + 1 + length])
        pos = nl + 1 + length
    return out


def answer(sock, buf):
    while b"\r\n\r\n" not in buf:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed")
        buf += chunk
    head, rest = buf.split(b"\r\n\r\n", 1)
    lines = head.split(b"\r\n")
    status = int(lines[0].split()[1])
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(rest) < length:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed")
        rest += chunk
    return status, rest[length:]


def main():
    port, path = int(sys.argv[1]), sys.argv[2]
    conns = int(sys.argv[3]) if len(sys.argv) > 3 else 8
    reqs = requests(path)
    counts, lock = Counter(), threading.Lock()

    def run(part):
        sock, buf = socket.create_connection(("127.0.0.1", port)), b""
        for req in part:
            try:
                sock.sendall(req)
                status, buf = answer(sock, buf)
            except (ConnectionError, OSError):
                sock.close()
                sock, buf = socket.create_connection(("127.0.0.1", port)), b""
                sock.sendall(req)
                status, buf = answer(sock, buf)
            with lock:
                counts[status] += 1
        sock.close()

    threads = [threading.Thread(target=run, args=(reqs[i::conns],)) for i in range(conns)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("touched %d requests once: %s" % (len(reqs), dict(sorted(counts.items()))))


if __name__ == "__main__":
    main()
