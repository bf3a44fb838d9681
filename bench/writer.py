#!/usr/bin/env python3
"""The writers of bench/run, over HTTP only (the standard library, nothing to install).

  writer.py load BASE RATE SECONDS IDS     PATCHes at RATE a second for SECONDS, open loop
  writer.py after-write BASE TIMES IDS PATH [ACCEPT_ENCODING]
                                           TIMES times: PATCH a figure, then time one GET of PATH
  writer.py settle BASE PATH [ACCEPT_ENCODING]
                                           waits (30 s at most) until the server is done with
                                           earlier writes: PATH answers twice in a row with the
                                           same ETag, the second time within 20 ms

IDS is a comma-separated list of figure ids to patch in turn; BENCH_TOKEN a write token. Each
PATCH is a JSON merge patch of the figure's `notes` with a text no earlier PATCH sent, so every
one really changes a row and moves the data version. Each prints its figures as one JSON line.

`load` holds its rate whatever the latency: request k is due at start + k / RATE, and is sent
then, on an idle keep-alive connection or on a new one if every open connection is waiting for
an answer (so as many are in flight as the server's latency needs). A write's latency runs from
the time it was due, not from when it could be sent, so a writer that falls behind (a slow
server, or this process starved of CPU) shows in the latency instead of hiding in a lower rate.
"""

import asyncio
import http.client
import json
import os
import statistics
import sys
import time

TOKEN = os.environ.get("BENCH_TOKEN", "")
# Writes in flight beyond this are not sent: counted as errors ("not sent"). A server this far
# behind has failed the load anyway, and the bench must not open sockets without bound.
MAX_IN_FLIGHT = 256


def percentile(values, p):
    """The nearest-rank percentile (p in 0–100) of a list; 0 for none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))
    return ordered[int(rank) - 1]


def patch_bytes(host, figure, note):
    body = json.dumps({"notes": note}, ensure_ascii=False).encode()
    head = (
        f"PATCH /api/v1/figures/{figure} HTTP/1.1\r\n"
        f"Host: {host}\r\n"
        f"Authorization: Bearer {TOKEN}\r\n"
        "Content-Type: application/merge-patch+json\r\n"
        f"Content-Length: {len(body)}\r\n"
        "\r\n"
    )
    return head.encode() + body


async def read_response(reader):
    """Reads one HTTP/1.1 response; returns (status, keep_alive)."""
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("connection closed before an answer")
    status = int(status_line.split()[1])
    length, chunked, keep_alive = 0, False, True
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b"\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        name, value = name.strip().lower(), value.strip().lower()
        if name == "content-length":
            length = int(value)
        elif name == "transfer-encoding" and "chunked" in value:
            chunked = True
        elif name == "connection" and value == "close":
            keep_alive = False
    if chunked:
        while True:
            size = int((await reader.readline()).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    elif length:
        await reader.readexactly(length)
    return status, keep_alive


async def load(base, rate, seconds, ids):
    host_port = base.split("://", 1)[1].rstrip("/")
    host, port = host_port.rsplit(":", 1)
    nonce = f"{os.getpid()}-{time.time_ns()}"
    idle = []  # open keep-alive connections with no request on them
    latencies, statuses, failures = [], {}, []
    in_flight = [0, 0]  # now, most at once
    opened = [0]
    not_sent = [0]

    async def one(k, due):
        request = patch_bytes(host_port, ids[k % len(ids)], f"bench write {nonce} {k}")
        # A kept-alive connection the server has just closed fails before any answer: the
        # request is sent again once, on a new connection.
        for attempt in (0, 1):
            connection = idle.pop() if idle and attempt == 0 else None
            reused = connection is not None
            try:
                if connection is None:
                    connection = await asyncio.open_connection(host, int(port))
                    opened[0] += 1
                reader, writer = connection
                writer.write(request)
                await writer.drain()
                status, keep_alive = await read_response(reader)
            except (OSError, ConnectionError, asyncio.IncompleteReadError, ValueError, IndexError) as e:
                if connection is not None:
                    connection[1].close()
                if reused:
                    continue
                failures.append(type(e).__name__)
                break
            latencies.append((time.perf_counter() - due) * 1000)
            statuses[status] = statuses.get(status, 0) + 1
            if keep_alive:
                idle.append(connection)
            else:
                writer.close()
            break
        in_flight[0] -= 1

    tasks = []
    total = int(rate * seconds)
    start = time.perf_counter() + 0.05
    lag_max = 0.0
    for k in range(total):
        due = start + k / rate
        wait = due - time.perf_counter()
        if wait > 0:
            await asyncio.sleep(wait)
        lag_max = max(lag_max, time.perf_counter() - due)
        if in_flight[0] >= MAX_IN_FLIGHT:
            not_sent[0] += 1
            continue
        in_flight[0] += 1
        in_flight[1] = max(in_flight[1], in_flight[0])
        tasks.append(asyncio.create_task(one(k, due)))
    scheduled_end = start + total / rate
    if tasks:
        await asyncio.wait(tasks, timeout=10)
    ended = max(time.perf_counter(), scheduled_end)
    for reader_writer in idle:
        reader_writer[1].close()
    ok = sum(n for s, n in statuses.items() if 200 <= s < 300)
    errors = sum(n for s, n in statuses.items() if not 200 <= s < 300) + len(failures) + not_sent[0]
    unanswered = total - not_sent[0] - sum(statuses.values()) - len(failures)
    return {
        "rate": rate,
        "seconds": seconds,
        "scheduled": total,
        "ok": ok,
        "errors": errors + unanswered,
        # 2xx answers over the schedule's length (or until the last answer, if later).
        "achieved_rate": ok / (ended - start),
        "p50_ms": statistics.median(latencies) if latencies else 0.0,
        "p99_ms": percentile(latencies, 99),
        "max_ms": max(latencies, default=0.0),
        "statuses": {str(s): n for s, n in sorted(statuses.items())},
        "failures": sorted(set(failures)),
        "not_sent": not_sent[0],
        "unanswered": unanswered,
        "most_in_flight": in_flight[1],
        "connections": opened[0],
        "dispatch_lag_max_ms": lag_max * 1000,
    }


def after_write(base, times, ids, path, accept_encoding):
    """TIMES times: PATCH a figure (keep-alive), then one GET of PATH on a new connection (as a
    browser's first request after a while would), timed from connect to the last byte."""
    host_port = base.split("://", 1)[1].rstrip("/")
    host, port = host_port.rsplit(":", 1)
    nonce = f"{os.getpid()}-{time.time_ns()}"
    writer = http.client.HTTPConnection(host, int(port), timeout=10)
    timings, statuses, encodings, stale, write_errors = [], {}, {}, 0, 0

    def page_etag():
        c = http.client.HTTPConnection(host, int(port), timeout=10)
        c.request("GET", path, headers={"Accept-Encoding": accept_encoding})
        r = c.getresponse()
        r.read()
        c.close()
        return r.getheader("ETag")

    before = page_etag()
    for k in range(times):
        writer.request(
            "PATCH",
            f"/api/v1/figures/{ids[k % len(ids)]}",
            body=json.dumps({"notes": f"bench after-write {nonce} {k}"}).encode(),
            headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/merge-patch+json"},
        )
        answer = writer.getresponse()
        answer.read()
        if not 200 <= answer.status < 300:
            write_errors += 1
        started = time.perf_counter()
        reader = http.client.HTTPConnection(host, int(port), timeout=10)
        reader.request("GET", path, headers={"Accept-Encoding": accept_encoding})
        response = reader.getresponse()
        response.read()
        timings.append((time.perf_counter() - started) * 1000)
        reader.close()
        statuses[response.status] = statuses.get(response.status, 0) + 1
        encoding = response.getheader("Content-Encoding") or "identity"
        encodings[encoding] = encodings.get(encoding, 0) + 1
        # The page after a write that changed one of its figures is a new page: the same ETag
        # as before the write means a stale answer was served.
        etag = response.getheader("ETag")
        if etag is not None and etag == before:
            stale += 1
        before = etag
        time.sleep(0.05)
    writer.close()
    return {
        "times": times,
        "p50_ms": statistics.median(timings),
        "p90_ms": percentile(timings, 90),
        "max_ms": max(timings),
        "min_ms": min(timings),
        "statuses": {str(s): n for s, n in sorted(statuses.items())},
        "encodings": encodings,
        "stale": stale,
        "write_errors": write_errors,
    }


def settle(base, path, accept_encoding):
    """A run right after a writer stops can find the server still busy with what the writes
    left behind (writes queued, answers being made for data versions already gone): the next
    run waits until one answer is served twice from memory with no write between."""
    host_port = base.split("://", 1)[1].rstrip("/")
    host, port = host_port.rsplit(":", 1)
    started = time.perf_counter()
    previous = None
    while time.perf_counter() - started < 30:
        connection = http.client.HTTPConnection(host, int(port), timeout=30)
        asked = time.perf_counter()
        connection.request("GET", path, headers={"Accept-Encoding": accept_encoding})
        response = connection.getresponse()
        response.read()
        took = time.perf_counter() - asked
        connection.close()
        etag = response.getheader("ETag")
        if response.status == 200 and etag is not None and etag == previous and took < 0.02:
            return {"settled_after_s": time.perf_counter() - started}
        previous = etag
        time.sleep(0.1)
    return {"settled_after_s": None}


def main():
    if len(sys.argv) < 2 or sys.argv[1] not in ("load", "after-write", "settle"):
        sys.exit(__doc__)
    if sys.argv[1] == "settle":
        base, path = sys.argv[2:4]
        encoding = sys.argv[4] if len(sys.argv) > 4 else "gzip, deflate, br, zstd"
        print(json.dumps(settle(base, path, encoding)))
        return
    if not TOKEN:
        sys.exit("writer.py: BENCH_TOKEN must hold a write token")
    if sys.argv[1] == "load":
        base, rate, seconds, ids = sys.argv[2:6]
        ids = [int(i) for i in ids.split(",")]
        result = asyncio.run(load(base, float(rate), float(seconds), ids))
    else:
        base, times, ids, path = sys.argv[2:6]
        encoding = sys.argv[6] if len(sys.argv) > 6 else "gzip, deflate, br, zstd"
        ids = [int(i) for i in ids.split(",")]
        result = after_write(base, int(times), ids, path, encoding)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
