"""Live threads under load: many open streams on one article, new comments posted, and
how long each comment takes to reach every stream.

    .venv/bin/python bench/live_bench.py [--streams 2000] [--comments 20]

Starts the embedded default as `make run` does (`python -m didgah.serve`: granian's WSGI
site and, beside it, the live stream server) on a fresh DATA_DIR, then:

1. reference: one stream open, comments posted by a signed-in reader through the site
   (POST, CSRF, the comment service, its event on commit); the time from sending the
   POST to the event's arrival on the stream;
2. load: `--streams` streams held open on the same article (as anonymous readers'
   pages), the same kind of comments posted one after another, and for each comment
   the time it took to reach every stream.

Prints p50/p99/max of the delivery latency (with its ratio to the reference's p50),
the events that never arrived, and memory: the stream server's RSS (its process tree)
before and after the streams opened, per stream. Writes bench/results/live.txt and a
PNG of the latencies beside it. Timings include this client's own reading of every
stream (one Python event loop on the same two cores), so they are an upper bound.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # didgah, for the child and raise_open_files
import _harness  # noqa: E402
from _harness import descendants, free_port, log, wait_http  # noqa: E402

ROOT = _harness.ROOT
PY = sys.executable
RESULTS = ROOT / "bench" / "results"
TARGET_P99 = 1.0  # seconds: the target for a comment to reach every stream


# --- the child: inside Django, on the bench's DATA_DIR --------------------------------
def child_seed() -> dict:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from didgah.accounts.models import Profile
    from didgah.news import services as news_services
    from didgah.news.models import Article

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    source = news_services.source_create(name="خبرگزاری آزمون", slug="live-bench", site_url="https://bench.example")
    article = news_services.article_create(
        title="خبری که همه باز کرده‌اند", lead="خوانندگان بسیاری این خبر را هم‌زمان می‌خوانند.",
        body="<p>متن خبر برای آزمون گفت‌وگوی زنده.</p>", status=Article.Status.PUBLISHED, source=source,
        published_at=timezone.now() - timezone.timedelta(minutes=1))
    user = get_user_model().objects.create(username="livebench", email="livebench@example.org", password="!")
    Profile.objects.filter(user=user).delete()
    Profile.objects.create(user=user, display_name="نویسندهٔ آزمون", display_key="نویسندهٔآزمون",
                           username_key="livebench", email_verified_at=timezone.now(), approved_comments=10)
    store = SessionStore()
    store.update({"_auth_user_id": str(user.pk), "_auth_user_backend": "django.contrib.auth.backends.ModelBackend",
                  "_auth_user_hash": user.get_session_auth_hash()})
    store.create()
    return {"article_id": article.pk, "article_url": article.get_absolute_url(), "session": store.session_key,
            "csrf": get_random_string(32)}


# --- processes ------------------------------------------------------------------------
def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def _rss_kb(pid: int) -> int:
    try:
        return next(int(line.split()[1]) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
                    if line.startswith("VmRSS:"))
    except (OSError, StopIteration):
        return 0


def stream_server_rss_kb(server_pid: int) -> int:
    """RSS of the stream server: the granian process running didgah.live.asgi and its workers."""
    roots = [p for p in descendants(server_pid) if "didgah.live.asgi" in _cmdline(p)]
    roots = [p for p in roots if not any(p in descendants(q) and p != q for q in roots)]
    return sum(_rss_kb(p) for root in roots for p in descendants(root))


def stop(proc: subprocess.Popen) -> None:
    import signal

    try:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                pass
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()


# --- the client -----------------------------------------------------------------------
class Stream:
    """One open stream: notes when each awaited marker first arrives."""

    def __init__(self):
        self.arrived: dict[str, float] = {}
        self.tail = b""
        self.waiting: list[bytes] = []


async def open_stream(port: int, article_id: int, stream: Stream, opened: asyncio.Event | None = None):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(f"GET /live/article/{article_id}/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                 f"Accept: text/event-stream\r\n\r\n".encode())
    await writer.drain()
    head = b""
    while b"retry:" not in head:
        data = await reader.read(65536)
        if not data:
            raise RuntimeError("a stream closed as it opened")
        head += data
    if opened:
        opened.set()
    return reader, writer


async def read_stream(reader, stream: Stream):
    while True:
        data = await reader.read(65536)
        if not data:
            return
        now = time.perf_counter()
        text = stream.tail + data
        for marker in stream.waiting:
            if marker not in stream.arrived and marker in text:
                stream.arrived[marker] = now
        stream.tail = data[-64:]


def post_comment(base: str, seed: dict, body: str) -> int:
    data = urllib.parse.urlencode({"body": body, "csrfmiddlewaretoken": seed["csrf"]}).encode()
    req = urllib.request.Request(
        f"{base}/community/article/{seed['article_id']}/comment/", data=data, method="POST",
        headers={"Cookie": f"sessionid={seed['session']}; csrftoken={seed['csrf']}",
                 "Referer": f"{base}{seed['article_url']}", "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return r.status


async def run_round(base: str, seed: dict, streams: list[Stream], comments: int, label: str,
                    gap: float) -> list[list[float]]:
    """Post `comments` comments one after another; each one's latency to every stream."""
    loop = asyncio.get_running_loop()
    latencies: list[list[float]] = []
    for k in range(comments):
        marker = f"live-bench-{label}-{k}-{time.time_ns()}"
        for s in streams:
            s.waiting.append(marker.encode())
        body = f"دیدگاه آزمون شمارهٔ {k} ({marker})"
        t0 = time.perf_counter()
        status = await loop.run_in_executor(None, post_comment, base, seed, body)
        if status >= 400:
            raise RuntimeError(f"posting a comment answered {status}")
        deadline = t0 + 10
        key = marker.encode()
        while time.perf_counter() < deadline and any(key not in s.arrived for s in streams):
            await asyncio.sleep(0.01)
        latencies.append([s.arrived[key] - t0 if key in s.arrived else float("inf") for s in streams])
        for s in streams:
            s.waiting.remove(key)
        await asyncio.sleep(gap)
    return latencies


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


async def measure(args, base: str, live_port: int, seed: dict, server_pid: int) -> dict:
    # Reference: one stream.
    one = Stream()
    reader, writer = await open_stream(live_port, seed["article_id"], one)
    task = asyncio.create_task(read_stream(reader, one))
    ref = await run_round(base, seed, [one], args.reference_comments, "ref", args.gap)
    task.cancel()
    writer.close()
    await asyncio.sleep(1)

    rss_before = stream_server_rss_kb(server_pid)
    streams = [Stream() for _ in range(args.streams)]
    conns = []
    t_open = time.perf_counter()
    for start in range(0, args.streams, args.open_batch):
        batch = streams[start:start + args.open_batch]
        conns += await asyncio.gather(*(open_stream(live_port, seed["article_id"], s) for s in batch))
        print(f"\r  streams open: {len(conns):,}/{args.streams:,}", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    open_seconds = time.perf_counter() - t_open
    tasks = [asyncio.create_task(read_stream(r, s)) for (r, _w), s in zip(conns, streams)]
    await asyncio.sleep(2)  # the server settles: what it allocated per stream stays
    rss_after = stream_server_rss_kb(server_pid)
    load = await run_round(base, seed, streams, args.comments, "load", args.gap)
    for t in tasks:
        t.cancel()
    for _r, w in conns:
        w.close()
    return {"reference": ref, "load": load, "rss_before_kb": rss_before, "rss_after_kb": rss_after,
            "open_seconds": open_seconds}


# --- report ---------------------------------------------------------------------------
def summarize(rounds: list[list[float]]) -> dict:
    flat = [v for r in rounds for v in r]
    got = [v for v in flat if v != float("inf")]
    per_comment_p99 = [pct([v for v in r if v != float("inf")] or [float("inf")], 99) for r in rounds]
    return {"events": len(flat), "missed": len(flat) - len(got), "p50": pct(got, 50), "p99": pct(got, 99),
            "max": max(got), "worst_comment_p99": max(per_comment_p99)}


def report(args, result: dict) -> str:
    ref, load = summarize(result["reference"]), summarize(result["load"])
    per_stream_kb = (result["rss_after_kb"] - result["rss_before_kb"]) / args.streams
    ok = load["p99"] <= TARGET_P99 and load["missed"] == 0
    lines = [
        "# bench/live_bench.py: a comment reaching every open stream of one article",
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"embedded default (python -m didgah.serve: granian WSGI + the live stream server, local channel)",
        f"streams: {args.streams:,} anonymous, one article; comments: {args.comments} posted one after another "
        f"({args.gap:g} s apart) by a signed-in reader through the site (POST → service → event on commit)",
        "latency: from sending the POST to the event's arrival on each stream (this client reads all streams "
        "on the same cores)",
        "",
        f"reference, 1 stream, {args.reference_comments} comments: p50 {ref['p50'] * 1000:.1f} ms, "
        f"p99 {ref['p99'] * 1000:.1f} ms",
        f"load, {args.streams:,} streams: p50 {load['p50'] * 1000:.1f} ms ({load['p50'] / ref['p50']:.1f}× the "
        f"reference's p50), p99 {load['p99'] * 1000:.1f} ms ({load['p99'] / ref['p50']:.1f}×), "
        f"max {load['max'] * 1000:.1f} ms, worst comment's p99 {load['worst_comment_p99'] * 1000:.1f} ms",
        f"events delivered: {load['events'] - load['missed']:,} of {load['events']:,} (missed {load['missed']})",
        f"target p99 ≤ {TARGET_P99:g} s: {'met' if ok else 'NOT met'}",
        "",
        f"opening {args.streams:,} streams ({args.open_batch} at a time): {result['open_seconds']:.1f} s",
        f"stream server RSS: {result['rss_before_kb'] / 1024:.1f} MB idle, {result['rss_after_kb'] / 1024:.1f} MB "
        f"with the streams open: {per_stream_kb:.1f} KB per stream",
    ]
    return "\n".join(lines) + "\n"


def plot(args, result: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    for label, rounds in (("1 stream (reference)", result["reference"]),
                          (f"{args.streams:,} streams", result["load"])):
        got = sorted(v * 1000 for r in rounds for v in r if v != float("inf"))
        left.plot(got, [(i + 1) / len(got) for i in range(len(got))], label=label)
    left.axvline(TARGET_P99 * 1000, color="red", linestyle="--", label="target p99 (1 s)")
    left.set_xlabel("delivery latency (ms)")
    left.set_ylabel("share of events")
    left.set_title("latency, POST to event on the stream")
    left.legend()
    p50s = [pct(r, 50) * 1000 for r in result["load"]]
    p99s = [pct(r, 99) * 1000 for r in result["load"]]
    right.plot(range(1, len(p50s) + 1), p50s, marker="o", label="p50")
    right.plot(range(1, len(p99s) + 1), p99s, marker="o", label="p99")
    right.set_xlabel("comment")
    right.set_ylabel("ms")
    right.set_title(f"each comment across {args.streams:,} streams")
    right.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=90)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--streams", type=int, default=2000)
    parser.add_argument("--comments", type=int, default=20)
    parser.add_argument("--reference-comments", type=int, default=10)
    parser.add_argument("--gap", type=float, default=0.5, help="seconds between comments")
    parser.add_argument("--open-batch", type=int, default=100)
    parser.add_argument("--no-save", action="store_true")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args, rest = parser.parse_known_args()
    if args.child:
        print(json.dumps(child_seed()))
        return 0

    from didgah.live.server import raise_open_files

    raise_open_files()
    work = Path(tempfile.mkdtemp(prefix="didgah-live-bench-"))
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "TESTING", "LIVE_PORT"}}
    env.update({"DATA_DIR": str(work), "DEBUG": "0", "DJANGO_SETTINGS_MODULE": "didgah.settings",
                "PYTHONPATH": str(ROOT), "COMMENT_MODERATION": "post",
                "COMMENT_RATE_PER_MINUTE": "1000000", "COMMENT_RATE_PER_HOUR": "1000000"})
    log(f"seeding {work}")
    out = subprocess.run([PY, __file__, "--child"], env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True, check=True)
    seed = json.loads(out.stdout.strip().splitlines()[-1])
    port, live_port = free_port(), free_port()
    server_log = open(work / "server.log", "ab")  # noqa: SIM115 - the child keeps it
    server = subprocess.Popen([PY, "-m", "didgah.serve", "--host", "127.0.0.1", "--port", str(port),
                               "--live-port", str(live_port)], env=env, cwd=ROOT, start_new_session=True,
                              stdout=server_log, stderr=server_log)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_http(base + seed["article_url"])
        wait_http(f"http://127.0.0.1:{live_port}/live/article/0/")
        log(f"site on :{port}, streams on :{live_port}; article {seed['article_id']}")
        result = asyncio.run(measure(args, base, live_port, seed, server.pid))
    finally:
        stop(server)
        shutil.rmtree(work, ignore_errors=True)
    text = report(args, result)
    print(text)
    if not args.no_save:
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "live.txt").write_text(text)
        plot(args, result, RESULTS / "live.png")
        log(f"saved {RESULTS / 'live.txt'} and live.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
