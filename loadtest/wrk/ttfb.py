# Time to first byte of N connections opened at once, each sending the first pre-signed request
# of a WrkRequests.java file:
#   python3 loadtest/wrk/ttfb.py HOST PORT REQUEST_FILE N [KEEP_SECONDS=0]
# With KEEP_SECONDS, each connection then keeps sending it back to back for that long (a closed
# loop, as wrk and h2load start). Run it while wrk keeps the node busy, or alone with KEEP_SECONDS,
# to see how long a connection opened under load waits for its first answer.
import asyncio, sys, time

host, port, reqfile, n = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
keep = float(sys.argv[5]) if len(sys.argv) > 5 else 0.0
data = open(reqfile, 'rb').read()
nl = data.index(b'\n')
req = data[nl + 1:nl + 1 + int(data[:nl])]


async def read_response(r, first=b''):
    head = first + await r.readuntil(b'\r\n\r\n')
    length = 0
    for line in head.split(b'\r\n'):
        if line.lower().startswith(b'content-length:'):
            length = int(line.split(b':')[1])
    await r.readexactly(length)
    return head[:12].decode()


async def one(start, end):
    await start.wait()
    t0 = time.perf_counter()
    r, w = await asyncio.open_connection(host, port)
    w.write(req)
    await w.drain()
    first = await r.readexactly(1)
    ms = (time.perf_counter() - t0) * 1000
    status = await read_response(r, first)
    count = 1
    while time.perf_counter() < end:
        w.write(req)
        await w.drain()
        await read_response(r)
        count += 1
    w.close()
    return ms, status, count


async def main():
    start = asyncio.Event()
    end = time.perf_counter() + keep
    tasks = [asyncio.create_task(one(start, end)) for _ in range(n)]
    await asyncio.sleep(0.05)
    start.set()
    res = await asyncio.gather(*tasks)
    ms = sorted(x for x, _, _ in res)
    statuses = {}
    for _, s, _ in res:
        statuses[s] = statuses.get(s, 0) + 1
    print("n=%d first byte min=%.1f p25=%.1f median=%.1f p75=%.1f p90=%.1f max=%.1f mean=%.1f ms"
          " first statuses=%s requests=%d" % (
              n, ms[0], ms[n // 4], ms[n // 2], ms[3 * n // 4], ms[int(n * 0.9)], ms[-1],
              sum(ms) / n, statuses, sum(c for _, _, c in res)))


asyncio.run(main())
