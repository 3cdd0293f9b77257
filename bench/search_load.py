"""The search page under 50 concurrent searchers: wrk against the production profile
(`python -m didgah.prod`: nginx, granian, PostgreSQL, Redis) over the corpus bench/search_bench.py
left in its database (run that first with --database postgres).

    .venv/bin/python bench/search_load.py                  # 100,000 articles, 20 s per figure
    .venv/bin/python bench/search_load.py --articles 1000000

The search page is a shared page (the same for everyone), so nginx keeps it for
PAGE_CACHE_SECONDS: a query many readers send at once is answered from there. What a
cache cannot help is the long tail, queries nobody else sent, so the figures are:

- searchers, popular + long tail: 50 connections, each waiting a pause of THINK_MS on
  average between its searches (wrk's delay(), drawn afresh each time), the way people
  search; every other request is one of the bench's 40 queries (by relevance or newest
  first), the rest are queries sent once in the run (two words of the corpus'
  vocabulary, a source or a page);
- searchers, long tail only: the same, every request a query sent once: every request
  runs a search;
- saturated, long tail only: 50 connections with no pause: the most searches a second
  this machine serves, and the latency when every request queues behind the others.

Reference in the same run: the same server's /robots.txt through the same stack (no
database), for the floor of a request. Results: bench/results/search-load[-N].txt.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import subprocess
import sys
import tempfile
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _harness import ROOT, cpu_seconds, descendants, free_port, log, wait_http  # noqa: E402
from search_bench import REALISTIC_QUERIES  # noqa: E402

# The production profile is PostgreSQL plus Redis: without REDIS_URL each web worker
# keeps its own cache and runs the periodic jobs itself, which is the embedded shape,
# not the one a large archive runs. Its own database number, emptied before a run.
REDIS_DB = int(os.environ.get("BENCH_SEARCH_REDIS_DB", "8"))

# A searcher reads a results page before the next search: a second on average is quick
# for that, so the offered load is on the high side of what 50 people searching would
# send. Each pause is drawn afresh (exponential: people search independently, so their
# searches arrive as a Poisson stream): with one fixed pause, wrk sends every
# connection's first request after the same delay, all at once, and the connections
# stay in step, a wave of 50 searches every second that no 50 independent people make.
THINK_MS = 1000


def lua(paths: list[str], think_ms: int, tail: list[str] | None = None) -> str:
    """wrk's script: each request the next of `paths` (from a random start per thread);
    with `tail`, every other request is instead the next of `tail`, which the two
    threads split between them (each takes every other one), so none is sent twice."""
    items = ",\n".join(f'  "{p}"' for p in paths)
    tail_items = ",\n".join(f'  "{p}"' for p in tail or [])
    delay = (f"function delay() return math.floor(-{think_ms} * math.log(1 - math.random())) end\n"
             if think_ms else "")
    every = 2 if paths and tail else 1
    return f"""local paths = {{
{items}
}}
local tail = {{
{tail_items}
}}
local i, t, n = 0, 0, 0
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("offset", math.random(math.max(#paths, 1)))
  thread:set("id", counter)
end
function init(args)
  math.randomseed(os.time() * 10 + id)  -- each thread its own pauses
end
function request()
  i = i + 1
  local path
  if #tail > 0 and (#paths == 0 or i % {every} == 0) then
    t = t + 1
    path = tail[((t * 2 + id) % #tail) + 1]
  else
    path = paths[(i + offset) % #paths + 1]
  end
  return wrk.format("GET", path, {{["Accept-Encoding"] = "gzip"}}, nil)
end
function done(summary, latency, requests)
  io.write(string.format("P95 %d\\n", latency:percentile(95)))
end
{delay}"""


def long_tail(parts: int) -> list[list[str]]:
    """`parts` disjoint lists of search pages nobody else asks for: two words of the
    corpus' vocabulary, by relevance or newest first, some on their second page."""
    import random

    from search_bench import ADJ, NOUNS, PLACES

    queries = [f"{a} {b}" for a in NOUNS for b in PLACES + ADJ] + [f"{a} {b}" for a in NOUNS for b in NOUNS if a != b]
    random.Random(1404).shuffle(queries)
    pages = []
    for n, q in enumerate(queries):
        params = {"q": q}
        if n % 2:
            params["sort"] = "date"
        if n % 7 == 0:
            params["page"] = "2"
        pages.append("/search/?" + urllib.parse.urlencode(params))
    return [pages[i::parts] for i in range(parts)]


def drained(url: str, *, quick_ms: float = 50.0, patience_s: float = 60.0) -> None:
    """Wait until the server answers `url` within quick_ms three times in a row."""
    import time
    import urllib.request

    deadline, streak = time.monotonic() + patience_s, 0
    while streak < 3 and time.monotonic() < deadline:
        t0 = time.monotonic()
        try:
            urllib.request.urlopen(url, timeout=10).read()
        except OSError:
            pass
        streak = streak + 1 if (time.monotonic() - t0) * 1000 < quick_ms else 0
        time.sleep(0.2)


def wrk(url: str, script: str, seconds: int, connections: int, work: Path) -> dict:
    path = work / f"wrk-{abs(hash(script))}.lua"
    path.write_text(script, encoding="utf-8")
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s",
                          "-s", str(path), url], capture_output=True, text=True).stdout

    def ms(label: str) -> float:
        m = re.search(rf"{label}\s+([\d.]+)(us|ms|s)\b", out)
        if not m:
            return float("nan")
        return float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)]

    p95 = re.search(r"P95 (\d+)", out)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    done = re.search(r"(\d+) requests in", out)
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"p50": ms("50%"), "p95": int(p95.group(1)) / 1000 if p95 else float("nan"), "p99": ms("99%"), "rps": float(rps.group(1)) if rps else 0.0, "requests": int(done.group(1)) if done else 0,
            "errors": errors + (int(non2xx.group(1)) if non2xx else 0), "raw": out}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--threads", type=int, default=0,
                        help="granian threads per worker (default: the production profile's own)")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results"))
    args = parser.parse_args()
    server = os.environ.get("POSTGRES_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
    if server.count("/") > 2:
        server = server.rsplit("/", 1)[0]
    work = Path(tempfile.mkdtemp(prefix="didgah-search-load-"))
    work.chmod(0o755)  # nginx's workers (www-data) read the static files under it
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "TESTING", "WEB_WORKERS", "WEB_THREADS"}}
    subprocess.run(["redis-cli", "-n", str(REDIS_DB), "FLUSHDB"], check=True, capture_output=True)
    database = f"didgah_search_bench_{args.articles}"
    env.update({"DATABASE_URL": f"{server}/{database}", "DATA_DIR": str(work),
                "REDIS_URL": f"redis://127.0.0.1:6379/{REDIS_DB}",
                "DEBUG": "0", "LOG_LEVEL": "ERROR", "DJANGO_SETTINGS_MODULE": "didgah.settings"})
    py = str(ROOT / ".venv" / "bin" / "python")
    subprocess.run([py, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    port = free_port()
    proc = subprocess.Popen([py, "-m", "didgah.prod", "--host", "127.0.0.1", "--port", str(port),
                             "--app-port", str(free_port()), "--live-port", str(free_port()), "--no-background",
                             *(["--threads", str(args.threads)] if args.threads else [])],
                            cwd=ROOT, env=env, start_new_session=True,
                            stdout=open(work / "server.log", "ab"), stderr=subprocess.STDOUT)  # noqa: SIM115
    base = f"http://127.0.0.1:{port}"
    lines: list[str] = []

    def say(line: str = "") -> None:
        log(line)
        lines.append(line)

    try:
        wait_http(base + "/robots.txt")
        paths = []
        for q in REALISTIC_QUERIES:
            paths.append("/search/?" + urllib.parse.urlencode({"q": q}))
            paths.append("/search/?" + urllib.parse.urlencode({"q": q, "sort": "date"}))
        tails = long_tail(3)
        wrk(base + "/", lua(paths, 0, tails[0]), 5, args.connections, work)  # warm: connections, plans
        runs = {
            "floor: robots.txt": lua(["/robots.txt"], 0),
            "searchers, popular + long tail": lua(paths, THINK_MS, tails[1]),
            "searchers, long tail only": lua([], THINK_MS, tails[2]),
            "saturated, long tail only": lua([], 0, tails[0][::-1]),
        }
        figures = {}
        for name, script in runs.items():
            # wrk gives up on a request at its time-out, the server does not: let what
            # the previous figure left queued drain before the next one starts.
            drained(base + "/robots.txt")
            servers = descendants(proc.pid)
            cpu = cpu_seconds(servers, also=database)
            figures[name] = wrk(base + "/", script, args.seconds, args.connections, work)
            figures[name]["cpu_ms"] = ((cpu_seconds(servers, also=database) - cpu) * 1000
                                       / max(figures[name]["requests"], 1))
        say(f"# search page under {args.connections} concurrent searchers, {args.articles:,} articles, "
            "production profile (nginx + granian, PostgreSQL defaults, Redis), wrk -t2"
            + (f", {args.threads} threads a worker" if args.threads else ""))
        say(f"{'':<53}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}{'req/s':>10}{'errors':>8}{'CPU ms':>8}")
        for name, f in figures.items():
            label = name + (f" ({THINK_MS} ms mean think)" if name.startswith("searchers") else "")
            say(f"{label:<53}{f['p50']:>10.1f}{f['p95']:>10.1f}{f['p99']:>10.1f}{f['rps']:>10.1f}{f['errors']:>8}{f['cpu_ms']:>8.1f}")
        say(f"popular: {len(paths)} search pages (the bench's {len(REALISTIC_QUERIES)} queries, each by relevance "
            f"and newest first), kept by nginx for SEARCH_PAGE_SECONDS; long tail: "
            f"{sum(len(t) for t in tails):,} distinct queries, none sent twice in the run (warm-up and the saturated "
            f"figure share one list, in opposite orders); {args.seconds} s per figure after a 5 s warm-up; "
            "CPU ms: CPU time of the server's processes (nginx, granian, the database's PostgreSQL "
            "backends) a request, which other work on the machine does not change; "
            f"machine: {os.cpu_count()} cores, shared; load average at the end "
            f"{', '.join(f'{x:.1f}' for x in os.getloadavg())}.")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    out = Path(args.out)
    suffix = ("" if args.articles == 100_000 else f"-{args.articles}") + (f"-threads{args.threads}" if args.threads else "")
    (out / f"search-load{suffix}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
