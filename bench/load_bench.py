"""Load benchmark over loopback with wrk: the static ceiling, the embedded default and
the production profile, side by side in one run.

    .venv/bin/python bench/load_bench.py                 # 10 s per measurement, 100 connections
    .venv/bin/python bench/load_bench.py --seconds 5     # quicker
    .venv/bin/python bench/load_bench.py --only static,embedded --scenarios article

Three servers, each measured with `wrk -t2 -c100 -d<seconds>s --latency`:

- static: nginx serving the anonymous article page's own HTML as a file (the ceiling),
  plain and with a pre-compressed copy (gzip_static);
- embedded: `python -m didgah.serve` (granian, its default workers; SQLite in WAL mode; the
  in-process page cache), as `make run` serves it;
- prod: `python -m didgah.prod` (nginx with its 5 s page cache in front of granian, its
  workers; PostgreSQL in a scratch database `didgah_bench_load` created and dropped here;
  Redis db 9 with its own key prefix, whose keys are deleted at the end), as `make prod`.

Scenarios: the anonymous article page (plain and gzip; ratios against the static file
of the same encoding), home, the article page for logged-in readers (5,000 sessions
in turn: the page cache never serves them), posting a comment and voting on the article
(POST with session cookie and CSRF token, each request from the next of the 5,000
readers). Per-reader rate limits are lifted for the servers through their environment
variables (COMMENT_RATE_PER_MINUTE, COMMENT_RATE_PER_HOUR, VOTE_RATE_PER_MINUTE), as a
site would not limit 5,000 distinct readers the way wrk's few connections look.
Non-2xx/3xx answers and socket errors/timeouts are counted as errors. Memory: RSS of each
server process from /proc after its runs.

Results: bench/results/load.txt and load.png.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

import _harness
from _harness import free_port, log, wait_http

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
RESULTS = ROOT / "bench" / "results"
PG_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
PG_DB = "didgah_bench_load"
REDIS_DB = int(os.environ.get("BENCH_REDIS_DB", "9"))
REDIS_PREFIX = "loadbench"
READERS = 5000
HOT_COMMENTS = 150
HOT_SLUG_TITLE = "خبر داغ برای آزمون بار"
WORDS = ("دولت مجلس گزارش خبرنگار اقتصاد بازار تهران شهر مردم سال امروز گفت‌وگو نشست وزیر آب برق "
         "هوا دانشگاه دانشجو مدرسه کتاب فرهنگ ورزش فوتبال بازی تیم جام پژوهش فناوری اینترنت خودرو").split()
RATE_ENV = {"VOTE_RATE_PER_MINUTE": "1000000000", "COMMENT_RATE_PER_MINUTE": "1000000000",
            "COMMENT_RATE_PER_HOUR": "1000000000", "REPORT_RATE_PER_HOUR": "1000000000"}





def fetch(url: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    req = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(req, timeout=30) as r:
        return r.status, dict(r.headers), r.read()


# --- the child: runs inside Django with one server's environment ----------------------
def child(command: str, params: dict) -> dict:
    sys.path.insert(0, str(ROOT))
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "didgah.settings")
    django.setup()
    if command == "seed":
        return _seed(**params)
    if command == "verify":
        return _verify(**params)
    raise SystemExit(f"unknown child command {command}")


def _seed(readers: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from didgah.accounts.models import Profile
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from didgah.community.models import Comment
    from didgah.news import services as news_services
    from didgah.news.models import Article, Category

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    rng = random.Random(1404)

    def para(n=60):
        return " ".join(rng.choice(WORDS) for _ in range(n)) + "."

    source = news_services.source_create(name="خبرگزاری آزمون", slug="bench-source", site_url="https://bench.example")
    category = Category.objects.create(name="سیاسی", slug="politics")
    now = timezone.now()
    for i in range(40):
        a = news_services.article_create(title=f"خبر شمارهٔ {i} {para(6)}", lead=para(25), body="".join(
            f"<p>{para()}</p>" for _ in range(6)), status=Article.Status.PUBLISHED, source=source,
            published_at=now - timezone.timedelta(minutes=10 + i))
        a.categories.add(category)
    hot = news_services.article_create(title=HOT_SLUG_TITLE, lead=para(30), body="".join(
        f"<p>{para(80)}</p>" for _ in range(25)), status=Article.Status.PUBLISHED, source=source,
        published_at=now - timezone.timedelta(minutes=1))
    hot.categories.add(category)

    User = get_user_model()
    User.objects.bulk_create([User(username=f"bench{i}", email=f"bench{i}@example.org", password="!")
                              for i in range(readers)], batch_size=1000)
    users = list(User.objects.filter(username__startswith="bench").order_by("pk"))
    Profile.objects.bulk_create([
        Profile(user=u, display_name=f"خواننده {i}", display_key=f"خواننده{i}", username_key=u.username,
                email_verified_at=now, approved_comments=10)
        for i, u in enumerate(users)], batch_size=1000)
    Comment.objects.bulk_create([
        Comment(article=hot, author=users[i % len(users)], body=para(rng.randint(10, 50)), status=Comment.Status.APPROVED)
        for i in range(HOT_COMMENTS)])
    Article.objects.filter(pk=hot.pk).update(comment_count=HOT_COMMENTS)
    # Logged-in readers: sessions made the way login makes them, and a CSRF secret each
    # (Django accepts the unmasked 32-character secret as the token).
    store = SessionStore()
    sessions, pairs = [], []
    expire = now + timezone.timedelta(days=1)
    for u in users:
        key = get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789")
        data = store.encode({"_auth_user_id": str(u.pk),
                             "_auth_user_backend": "django.contrib.auth.backends.ModelBackend",
                             "_auth_user_hash": u.get_session_auth_hash()})
        sessions.append(Session(session_key=key, session_data=data, expire_date=expire))
        pairs.append((key, get_random_string(32)))
    Session.objects.bulk_create(sessions, batch_size=1000)
    return {"hot_id": hot.pk, "hot_url": hot.get_absolute_url(), "readers": pairs}


def _verify(article_id: int) -> dict:
    from didgah.community.models import ArticleVote, Comment
    from didgah.news.models import Article

    a = Article.objects.get(pk=article_id)
    up = ArticleVote.objects.filter(article_id=article_id, value=1).count()
    down = ArticleVote.objects.filter(article_id=article_id, value=-1).count()
    comments = Comment.objects.filter(article_id=article_id, status="approved", is_deleted=False).count()
    return {"stored": [a.votes_up, a.votes_down, a.score, a.comment_count],
            "rows": [up, down, up - down, comments]}


def run_child(env: dict, command: str, params: dict) -> dict:
    return _harness.run_child(PY, __file__, env, command, params)


# --- wrk -------------------------------------------------------------------------------
LUA_DONE = r"""
function done(summary, latency, requests)
  io.write(string.format('WRKJSON {"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"status":%d,' ..
    '"connect":%d,"read":%d,"write":%d,"timeout":%d,"bytes":%d}\n', summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), summary.errors.status, summary.errors.connect,
    summary.errors.read, summary.errors.write, summary.errors.timeout, summary.bytes))
end
"""

LUA_READERS = r"""
local readers = {}
for line in io.lines("%(readers)s") do
  local s, c = line:match("(%%S+) (%%S+)")
  readers[#readers + 1] = {s, c}
end
local counter = 0
-- Distinct per wrk run (the warm-up and the measurement are seconds apart), so a
-- comment body never repeats one of the same reader's (a double submission).
local run = os.time()
local nthreads = 2
local threadcount = 0
function setup(thread)
  thread:set("tid", threadcount)
  threadcount = threadcount + 1
end
function init(args)
  counter = tid or 0
end
local function next_reader()
  counter = counter + nthreads
  return readers[(counter %% #readers) + 1]
end
"""


def lua_static(headers: dict) -> str:
    lines = [f'wrk.headers["{k}"] = "{v}"' for k, v in headers.items()]
    return "\n".join(lines) + LUA_DONE


def lua_reader_get(readers_file: Path) -> str:
    return LUA_READERS % {"readers": readers_file} + r"""
function request()
  local r = next_reader()
  return wrk.format("GET", nil, {["Cookie"] = "sessionid=" .. r[1] .. "; csrftoken=" .. r[2],
                                 ["Accept-Encoding"] = "gzip"}, nil)
end
""" + LUA_DONE


def lua_reader_post(readers_file: Path, body_lua: str) -> str:
    return LUA_READERS % {"readers": readers_file} + r"""
function request()
  local r = next_reader()
  return wrk.format("POST", nil, {["Cookie"] = "sessionid=" .. r[1] .. "; csrftoken=" .. r[2],
                                  ["X-CSRFToken"] = r[2], ["Accept-Encoding"] = "gzip",
                                  ["Content-Type"] = "application/x-www-form-urlencoded"}, %s)
end
""" % body_lua + LUA_DONE


def wrk(url: str, script: str, seconds: int, connections: int, work_dir: Path) -> dict:
    path = work_dir / f"wrk-{abs(hash(script))}.lua"
    path.write_text(script)
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "5s",
                          "-s", str(path), url], capture_output=True, text=True, check=True).stdout
    data = json.loads(out.split("WRKJSON ", 1)[1].splitlines()[0])
    secs = data["duration_us"] / 1e6
    return {"rps": data["requests"] / secs, "p50_ms": data["p50_us"] / 1000, "p99_ms": data["p99_us"] / 1000,
            "requests": data["requests"], "non_2xx_3xx": data["status"],
            "socket_errors": data["connect"] + data["read"] + data["write"], "timeouts": data["timeout"],
            "kb_per_response": data["bytes"] / max(data["requests"], 1) / 1024}


# --- processes ------------------------------------------------------------------------
def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def memory(pid: int) -> list[dict]:
    """RSS (MB) of every process in the tree under pid, named by its command line."""
    rows = []
    for p in descendants(pid):
        try:
            cmd = (Path(f"/proc/{p}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip())
            rss = next(int(line.split()[1]) for line in Path(f"/proc/{p}/status").read_text().splitlines()
                       if line.startswith("VmRSS:"))
        except (OSError, StopIteration):
            continue
        rows.append({"pid": p, "cmd": cmd[:120], "rss_mb": rss / 1024})
    return rows


def summarize_memory(rows: list[dict]) -> dict:
    """Web workers (granian's worker processes), nginx workers, and everything else."""
    def kind(cmd: str) -> str:
        if "nginx: worker" in cmd:
            return "nginx worker"
        if "nginx: master" in cmd:
            return "nginx master"
        if "granian" in cmd:
            return "granian"
        if "manage.py" in cmd:
            return cmd.split("manage.py", 1)[1].split()[0]
        return "launcher"

    out: dict[str, list[float]] = {}
    for r in rows:
        out.setdefault(kind(r["cmd"]), []).append(round(r["rss_mb"], 1))
    return out


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    except ProcessLookupError:
        pass


# --- the servers ----------------------------------------------------------------------
STATIC_CONF = """
worker_processes auto;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {dir}/www;
        gzip_static on;
        location / {{ try_files $uri $uri/index.html =404; }}
    }}
}}
"""


def base_env(data_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in {"DATABASE_URL", "REDIS_URL", "TESTING", "DJANGO_ALLOW_ASYNC_UNSAFE", "PAGE_CACHE_SECONDS"}}
    env.update({"DATA_DIR": str(data_dir), "DEBUG": "0", "LOG_LEVEL": "ERROR", **RATE_ENV})
    return env


def pg_admin(sql: str) -> None:
    _harness.pg_admin(PG_URL, sql)


def redis_clear() -> None:
    keys = subprocess.run(["redis-cli", "-n", str(REDIS_DB), "--scan", "--pattern", f"{REDIS_PREFIX}*"],
                          capture_output=True, text=True).stdout.split()
    for i in range(0, len(keys), 500):
        subprocess.run(["redis-cli", "-n", str(REDIS_DB), "DEL", *keys[i:i + 500]], capture_output=True)
    # The ingest queue's RQ keys in the same database.
    rq = subprocess.run(["redis-cli", "-n", str(REDIS_DB), "--scan", "--pattern", "rq:*"],
                        capture_output=True, text=True).stdout.split()
    for i in range(0, len(rq), 500):
        subprocess.run(["redis-cli", "-n", str(REDIS_DB), "DEL", *rq[i:i + 500]], capture_output=True)


def start_server(kind: str, env: dict, port: int) -> subprocess.Popen:
    if kind == "embedded":
        cmd = [PY, "-m", "didgah.serve", "--host", "127.0.0.1", "--port", str(port)]
    else:
        cmd = [PY, "-m", "didgah.prod", "--host", "127.0.0.1", "--port", str(port), "--app-port",
               str(free_port())]
    server_log = open(Path(env["DATA_DIR"]) / "server.log", "ab")  # noqa: SIM115 - the child keeps it
    return subprocess.Popen(cmd, env=env, cwd=ROOT, start_new_session=True, stdout=server_log, stderr=server_log)


SCENARIOS = ["article", "article_plain", "home", "article_reader", "comment", "vote"]


def measure_app(kind: str, args, work: Path) -> dict:
    data_dir = work / kind
    data_dir.mkdir(parents=True, exist_ok=True)
    env = base_env(data_dir)
    if kind == "prod":
        base = PG_URL.rsplit("/", 1)[0]
        pg_admin(f"DROP DATABASE IF EXISTS {PG_DB}")
        pg_admin(f"CREATE DATABASE {PG_DB}")
        env["DATABASE_URL"] = f"{base}/{PG_DB}"
        env["REDIS_URL"] = f"redis://127.0.0.1:6379/{REDIS_DB}"
        env["CACHE_PREFIX"] = REDIS_PREFIX
        redis_clear()
    log(f"[{kind}] migrate, collectstatic, seed {READERS:,} readers and a {HOT_COMMENTS}-comment article")
    seed = run_child(env, "seed", {"readers": READERS})
    readers_file = data_dir / "readers.txt"
    readers_file.write_text("".join(f"{s} {c}\n" for s, c in seed["readers"]))
    port = free_port()
    proc = start_server(kind, env, port)
    base = f"http://127.0.0.1:{port}"
    result: dict = {"kind": kind, "runs": {}}
    try:
        article = base + seed["hot_url"]  # reverse() already percent-encodes it
        wait_http(article)
        status, headers, html = fetch(article)
        result["page_kb"] = len(html) / 1024
        result["html"] = html
        pk = seed["hot_id"]
        comment_body = urllib.parse.quote("دیدگاه آزمون بار شمارهٔ ")
        scripts = {
            "article": (article, lua_static({"Accept-Encoding": "gzip", "User-Agent": "Mozilla/5.0 wrk"})),
            "article_plain": (article, lua_static({"User-Agent": "Mozilla/5.0 wrk"})),
            "home": (base + "/", lua_static({"Accept-Encoding": "gzip", "User-Agent": "Mozilla/5.0 wrk"})),
            "article_reader": (article, lua_reader_get(readers_file)),
            "comment": (f"{base}/community/article/{pk}/comment/",
                        lua_reader_post(readers_file, f'"body={comment_body}" .. run .. "-" .. tid .. "-" .. counter')),
            "vote": (f"{base}/community/article/{pk}/vote/", lua_reader_post(readers_file, '"value=1"')),
        }
        for name in [s for s in SCENARIOS if s in args.scenarios]:
            url, script = scripts[name]
            wrk(url, script, 2, args.connections, data_dir)  # warm up: caches filled, connections open
            r = wrk(url, script, args.seconds, args.connections, data_dir)
            result["runs"][name] = r
            log(f"[{kind}] {name:15s} {r['rps']:9.0f} req/s  p50 {r['p50_ms']:7.2f} ms  p99 {r['p99_ms']:7.2f} ms  "
                f"errors {r['non_2xx_3xx'] + r['socket_errors'] + r['timeouts']}  ({r['kb_per_response']:.1f} KB)")
        result["memory"] = summarize_memory(memory(proc.pid))
        log(f"[{kind}] RSS MB: {result['memory']}")
        if {"comment", "vote"} & set(args.scenarios):
            time.sleep(1)
            result["verify"] = run_child(env, "verify", {"article_id": pk})
            log(f"[{kind}] counters (votes up, down, score, comments) {result['verify']['stored']} "
                f"rows {result['verify']['rows']}")
    finally:
        stop(proc)
        if kind == "prod":
            redis_clear()
            for _ in range(10):
                try:
                    pg_admin(f"DROP DATABASE IF EXISTS {PG_DB}")
                    break
                except subprocess.CalledProcessError:
                    time.sleep(1)
    return result


def measure_static(html: bytes, args, work: Path) -> dict:
    import gzip

    d = work / "static"
    for sub in ("www", "body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (d / sub).mkdir(parents=True, exist_ok=True)
    (d / "www" / "article.html").write_bytes(html)
    # What nginx's gzip_static serves: compressed once, at the highest level.
    (d / "www" / "article.html.gz").write_bytes(gzip.compress(html, 9))
    for p in [d, *d.iterdir(), *(d / "www").iterdir()]:
        os.chmod(p, 0o755 if p.is_dir() else 0o644)
    port = free_port()
    conf = d / "nginx.conf"
    conf.write_text(STATIC_CONF.format(dir=d, port=port))
    proc = subprocess.Popen(["nginx", "-c", str(conf), "-g", "daemon off;"], start_new_session=True)
    url = f"http://127.0.0.1:{port}/article.html"
    result: dict = {"kind": "static", "runs": {}, "page_kb": len(html) / 1024}
    try:
        wait_http(url)
        for name, headers in (("article", {"Accept-Encoding": "gzip"}), ("article_plain", {})):
            script = lua_static(headers)
            wrk(url, script, 2, args.connections, d)
            r = wrk(url, script, args.seconds, args.connections, d)
            result["runs"][name] = r
            log(f"[static] {name:15s} {r['rps']:9.0f} req/s  p50 {r['p50_ms']:7.2f} ms  p99 {r['p99_ms']:7.2f} ms  "
                f"({r['kb_per_response']:.1f} KB)")
        result["memory"] = summarize_memory(memory(proc.pid))
    finally:
        stop(proc)
    return result


# --- report ---------------------------------------------------------------------------
def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem_kb = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                      if line.startswith("MemTotal")))
    nginx = subprocess.run(["nginx", "-v"], capture_output=True, text=True).stderr.strip()
    wrk_v = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.splitlines()[0].split(" [")[0]
    return (f"{os.cpu_count()} cores ({cpu}), {mem_kb / 1024 / 1024:.0f} GiB, shared with other work; "
            f"Python {platform.python_version()}, {nginx}, {wrk_v}, loopback")


LABELS = {"article": "anonymous article (gzip)", "article_plain": "anonymous article (plain)", "home": "home (gzip)",
          "article_reader": "logged-in article", "comment": "post a comment", "vote": "vote on the article"}


def report(results: list[dict], args) -> str:
    static = next((r for r in results if r["kind"] == "static"), None)
    lines = [f"Load benchmark: wrk -t2 -c{args.connections} -d{args.seconds}s --latency over loopback",
             f"machine: {machine()}", ""]
    for r in results:
        if r["kind"] != "static":
            lines.append(f"{r['kind']}: article page {r['page_kb']:.0f} KB of HTML")
    lines.append("")
    header = f"{'scenario':28s} {'server':9s} {'req/s':>9s} {'p50 ms':>8s} {'p99 ms':>8s} {'ratio':>6s} {'errors':>7s}"
    lines += [header, "-" * len(header)]
    for name in ["article", "article_plain", "home", "article_reader", "comment", "vote"]:
        for r in results:
            run = r["runs"].get(name)
            if run is None:
                continue
            ceiling = static["runs"].get(name) if static else None
            if ceiling is None and static is not None:
                ceiling = static["runs"].get("article")
            ratio = f"{run['rps'] / ceiling['rps']:.2f}" if ceiling else "-"
            errors = run["non_2xx_3xx"] + run["socket_errors"] + run["timeouts"]
            lines.append(f"{LABELS[name]:28s} {r['kind']:9s} {run['rps']:9.0f} {run['p50_ms']:8.2f} "
                         f"{run['p99_ms']:8.2f} {ratio:>6s} {errors:7d}")
    lines += ["", "ratio: requests per second over the static file's, same encoding (gzip for the pages "
              "that ask for it); errors: non-2xx/3xx answers + socket errors + timeouts (5 s)", ""]
    lines.append("memory (RSS MB per process after the runs):")
    for r in results:
        lines.append(f"  {r['kind']:9s} " + "; ".join(f"{k}: {', '.join(f'{x:.0f}' for x in v)}"
                                                      for k, v in r.get("memory", {}).items()))
    for r in results:
        if "verify" in r:
            v = r["verify"]
            ok = "equal" if v["stored"] == v["rows"] else "DIFFERENT"
            lines.append(f"  {r['kind']}: after the writes, counters {v['stored']} vs rows {v['rows']} "
                         f"(votes up, down, score, comments): {ok}")
    checks = []
    if static:
        for r in results:
            run = r["runs"].get("article")
            if run and r["kind"] in ("embedded", "prod"):
                target = 0.5 if r["kind"] == "prod" else 0.25
                ratio = run["rps"] / static["runs"]["article"]["rps"]
                errors = run["non_2xx_3xx"] + run["socket_errors"] + run["timeouts"]
                ok = ratio >= target and (r["kind"] != "prod" or (run["p99_ms"] < 100 and errors == 0))
                checks.append(f"  {r['kind']}: anonymous article {ratio:.2f} of the ceiling (target {target}), "
                              f"p99 {run['p99_ms']:.1f} ms, errors {errors}: {'met' if ok else 'NOT met'}")
    if checks:
        lines += ["", "targets:"] + checks
    return "\n".join(lines) + "\n"


def plot(results: list[dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = [n for n in SCENARIOS if any(n in r["runs"] for r in results)]
    kinds = [r["kind"] for r in results]
    fig, ax = plt.subplots(figsize=(11, 5))
    width = 0.8 / len(kinds)
    for i, r in enumerate(results):
        values = [r["runs"].get(n, {}).get("rps", 0) for n in names]
        bars = ax.bar([x + i * width for x in range(len(names))], values, width, label=r["kind"])
        for b, n in zip(bars, names):
            run = r["runs"].get(n)
            if run:
                ax.annotate(f"p99 {run['p99_ms']:.0f} ms", (b.get_x() + b.get_width() / 2, b.get_height()),
                            ha="center", va="bottom", fontsize=7, rotation=90)
    ax.set_xticks([x + width * (len(kinds) - 1) / 2 for x in range(len(names))])
    ax.set_xticklabels([LABELS[n] for n in names], fontsize=8)
    ax.set_ylabel("requests per second (wrk -t2 -c100)")
    ax.set_yscale("log")
    ax.legend()
    ax.set_title("Didgah over loopback: static ceiling, embedded default, production profile")
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        print(json.dumps(child(sys.argv[2], json.loads(sys.argv[3]))))
        return 0
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=100)
    parser.add_argument("--only", default="static,embedded,prod")
    parser.add_argument("--scenarios", default=",".join(SCENARIOS))
    parser.add_argument("--no-save", action="store_true", help="print only (tuning runs)")
    args = parser.parse_args()
    args.scenarios = args.scenarios.split(",")
    only = args.only.split(",")
    work = Path(tempfile.mkdtemp(prefix="didgah-load-bench-"))
    os.chmod(work, 0o755)
    results = []
    html = None
    for kind in ("embedded", "prod"):
        if kind in only:
            r = measure_app(kind, args, work)
            html = html or r.pop("html")
            r.pop("html", None)
            results.append(r)
    if "static" in only:
        if html is None:
            raise SystemExit("the static ceiling serves the article HTML from an app run: add embedded or prod")
        results.insert(0, measure_static(html, args, work))
    text = report(results, args)
    print("\n" + text)
    if not args.no_save:
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "load.txt").write_text(text)
        (RESULTS / "load.json").write_text(json.dumps(results, indent=1))
        plot(results, RESULTS / "load.png")
        print(f"saved {RESULTS / 'load.txt'}, load.json and load.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
