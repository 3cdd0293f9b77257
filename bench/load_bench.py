"""Load benchmark over loopback with wrk: the article page, a signed-in reader's view and
votes on one hot article, each beside its reference, measured in the same run.

    .venv/bin/python bench/load_bench.py                       # static, embedded, prod; 5 s per figure
    .venv/bin/python bench/load_bench.py --only static,embedded --seconds 3
    .venv/bin/python bench/load_bench.py --only embedded --embedded-configs 2x8,4x1,4x4,1x16 \
        --name concurrency-sqlite                             # granian workers x threads, one seed
    .venv/bin/python bench/load_bench.py --only prod --prod-configs 2x16,4x4 --name concurrency-postgres

Servers (each as its `make` target starts it, `WEB_WORKERS` / `WEB_THREADS` from a
config when given, else didgah/serve.py's defaults):

- static: nginx serving the anonymous article page's own bytes as a file (the ceiling),
  gzip (pre-compressed, gzip_static) and plain;
- embedded: `python -m didgah.serve` (one granian process of threads, SQLite in WAL mode,
  Django's in-process cache; its cache middleware keeps the shared pages for
  PAGE_CACHE_SECONDS; a thread of the same process folds the counters);
- prod: `python -m didgah.prod` (nginx in front with the config in deploy/ as it is at
  the time of the run, granian behind it, PostgreSQL in a scratch database
  `didgah_bench_load` created and dropped here, Redis db 9 under its own key prefix,
  whose keys are deleted at the end).

Both app servers run with DJANGO_SETTINGS_MODULE=bench.floor.settings: the site as
shipped plus two bare views (bench/floor/) that give Django's own floor on the same
server in the same run.

Figures, each with its reference (wrk -t2, --latency, 5 s time-out; errors are non-2xx/3xx
answers, socket errors and time-outs, and for POSTs any answer the Lua script refuses):

- article: the anonymous article page, gzip (and `article_plain`), against the static
  file of the same encoding;
- reader_view: a signed-in reader's article view, i.e. the page with their session
  cookie and then their personal request (GET /community/me/?article=ID), each request
  from the next of READERS readers; views per second are half the requests. Against
  the issue's figure for the previous design (READER_VIEW_BEFORE);
- personal: the personal request alone, against `session_floor` (GET /bench/session/:
  reads the session, answers a small JSON), same connections, same readers;
- before these, each reader's personal request once on another article (as the article
  a reader read before this one), unless --no-reader-warmup: the figures are then a
  reader's next page, their own part of the site kept, the hot article's part made on
  their first view of it; said in the results' header;
- vote50 / vote200: POST /community/article/ID/vote/ with value=1 (htmx, as the page's
  script sends it), each request from the next reader with their own session cookie and
  CSRF token, 50 and 200 connections; against `insert50` / `insert200` (POST
  /bench/insert/: session and CSRF checked, one row inserted through the ORM). Every wrk
  run of a vote scenario (its warm-up too) votes on a fresh hot article of its own, so a
  vote is a reader's first on that story (one new row, as the floor's), not a change of
  a vote they cast in the run before; a reader votes twice in one run only if the run
  outlasts the readers, and the report counts those (withdrawn votes). A vote counts only
  if it answers 200 without a vote error. Unless --no-reader-warmup, every reader has
  opened the article (its personal request) before the run, as a reader votes from
  the page. After the runs the counters are folded
  (services.counters_fold) and compared with the vote rows, on every article voted on;
- pgbench's one-row counter (`UPDATE counter SET n = n + 1`, 50 and 200 clients) in a
  scratch database, printed beside the votes for orientation;
- comment (not by default): posting a comment, each request from the next reader.

Per-reader rate limits are lifted for the servers through their environment
(VOTE_RATE_PER_MINUTE and the like), as a site would not limit thousands of distinct
readers the way wrk's few connections look. Memory: RSS of each server process from /proc
after its runs.

Results: bench/results/<name>.txt, .json and .png (name `load` unless --name).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

import _harness
from _harness import descendants, free_port, log, wait_http

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
RESULTS = ROOT / "bench" / "results"
PG_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
PG_DB = "didgah_bench_load"
PG_COUNTER_DB = "didgah_bench_counter"
REDIS_DB = int(os.environ.get("BENCH_REDIS_DB", "9"))
REDIS_PREFIX = "loadbench"
# Enough readers that a vote run at several hundred votes a second rarely comes back
# to a reader who has voted on its article already (see vote50 / vote200 above).
READERS = 6000
HOT_COMMENTS = 150
HOT_SLUG_TITLE = "خبر داغ برای آزمون بار"
WORDS = ("دولت مجلس گزارش خبرنگار اقتصاد بازار تهران شهر مردم سال امروز گفت‌وگو نشست وزیر آب برق "
         "هوا دانشگاه دانشجو مدرسه کتاب فرهنگ ورزش فوتبال بازی تیم جام پژوهش فناوری اینترنت خودرو").split()
RATE_ENV = {"VOTE_RATE_PER_MINUTE": "1000000000", "COMMENT_RATE_PER_MINUTE": "1000000000",
            "COMMENT_RATE_PER_HOUR": "1000000000", "REPORT_RATE_PER_HOUR": "1000000000"}
SETTINGS = "bench.floor.settings"
EXTRA_ENV: dict[str, str] = {}  # --env
# A signed-in reader's article page before the one-road design (issue 15, bench/load_bench.py
# of that week, quiet machine): requests per second.
READER_VIEW_BEFORE = {"embedded": 236, "prod": 159}
TARGETS = {"article": {"embedded": 0.35, "prod": 0.6}, "article_p99_ms": 50, "reader_view": 5.0,
           "personal": 0.5, "vote": 0.5, "vote_200_over_50": 0.9}


def fetch(url: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    req = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(req, timeout=30) as r:
        return r.status, dict(r.headers), r.read()


# --- the child: runs inside Django with one server's environment ----------------------
def child(command: str, params: dict) -> dict:
    sys.path.insert(0, str(ROOT))
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    django.setup()
    if command == "seed":
        return _seed(**params)
    if command == "verify":
        return _verify(**params)
    raise SystemExit(f"unknown child command {command}")


def _progress(label: str, done: int, total: int) -> None:
    print(f"\r  {label}: {done:,}/{total:,}", end="" if done < total else "\n", file=sys.stderr, flush=True)


def _seed(readers: int, vote_articles: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.core.management import call_command
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from didgah.accounts.models import Profile
    from didgah.community.models import Comment
    from didgah.community.services import counters_fold
    from didgah.news import services as news_services
    from didgah.news.models import Article, Category

    call_command("migrate", run_syncdb=True, verbosity=0)  # run_syncdb: the floor's table
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

    def hot_article(title: str) -> Article:
        a = news_services.article_create(title=title, lead=para(30), body="".join(
            f"<p>{para(80)}</p>" for _ in range(25)), status=Article.Status.PUBLISHED, source=source,
            published_at=now - timezone.timedelta(minutes=1))
        a.categories.add(category)
        return a

    hot = hot_article(HOT_SLUG_TITLE)
    # Hot articles to vote on, one per vote run, made like the hot one.
    vote_ids = [hot_article(f"{HOT_SLUG_TITLE} {i + 1}").pk for i in range(vote_articles)]

    User = get_user_model()
    batch = 1000
    for start in range(0, readers, batch):
        User.objects.bulk_create([User(username=f"bench{i}", email=f"bench{i}@example.org", password="!")
                                  for i in range(start, min(readers, start + batch))])
        _progress("readers", min(readers, start + batch), readers)
    users = list(User.objects.filter(username__startswith="bench").order_by("pk"))
    for start in range(0, len(users), batch):
        Profile.objects.bulk_create([
            Profile(user=u, display_name=f"خواننده {i}", display_key=f"خواننده{i}", username_key=u.username,
                    email_verified_at=now, approved_comments=10)
            for i, u in enumerate(users[start:start + batch], start)])
        _progress("profiles", min(len(users), start + batch), len(users))
    Comment.objects.bulk_create([
        Comment(article=hot, author=users[i % len(users)], body=para(rng.randint(10, 50)), status=Comment.Status.APPROVED)
        for i in range(HOT_COMMENTS)])
    counters_fold(everything=True)
    # Signed-in readers: sessions as login makes them, and a CSRF secret each (Django
    # accepts the unmasked 32-character secret as the token).
    store = SessionStore()
    pairs = []
    expire = now + timezone.timedelta(days=1)
    for start in range(0, len(users), batch):
        sessions = []
        for u in users[start:start + batch]:
            key = get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789")
            data = store.encode({"_auth_user_id": str(u.pk),
                                 "_auth_user_backend": "django.contrib.auth.backends.ModelBackend",
                                 "_auth_user_hash": u.get_session_auth_hash()})
            sessions.append(Session(session_key=key, session_data=data, expire_date=expire))
            pairs.append((key, get_random_string(32)))
        Session.objects.bulk_create(sessions)
        _progress("sessions", min(len(users), start + batch), len(users))
    other = Article.objects.exclude(pk=hot.pk).order_by("pk").first()
    return {"hot_id": hot.pk, "hot_url": hot.get_absolute_url(), "other_id": other.pk, "readers": pairs,
            "vote_ids": vote_ids}


def _verify(article_ids: list[int]) -> dict:
    """Fold the counters once (as the scheduler does every second), then compare each
    article's with its rows; `withdrawn`: rows at 0, a reader's second vote in one run."""
    from bench.floor.models import Row
    from didgah.community.models import ArticleVote, Comment
    from didgah.community.services import counters_fold
    from didgah.news.models import Article

    counters_fold()
    stored, rows, vote_rows, withdrawn = [], [], 0, 0
    for article_id in article_ids:
        a = Article.objects.get(pk=article_id)
        votes = ArticleVote.objects.filter(article_id=article_id)
        up, down = votes.filter(value=1).count(), votes.filter(value=-1).count()
        comments = Comment.objects.filter(article_id=article_id, status="approved", is_deleted=False).count()
        stored.append([a.votes_up, a.votes_down, a.score, a.comment_count])
        rows.append([up, down, up - down, comments])
        vote_rows += votes.count()
        withdrawn += votes.filter(value=0).count()
    return {"articles": len(article_ids), "stored": stored, "rows": rows, "vote_rows": vote_rows,
            "withdrawn": withdrawn, "floor_rows": Row.objects.count()}


def run_child(env: dict, command: str, params: dict) -> dict:
    return _harness.run_child(PY, __file__, env, command, params)


# --- wrk -------------------------------------------------------------------------------
# `bad` counts answers a script's response() refuses; threads report it through done().
LUA_DONE = r"""
local threads = {}
function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end
function done(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do bad = bad + (t:get("bad") or 0) end
  io.write(string.format('WRKJSON {"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"status":%d,' ..
    '"connect":%d,"read":%d,"write":%d,"timeout":%d,"bytes":%d,"bad":%d}\n', summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), summary.errors.status, summary.errors.connect,
    summary.errors.read, summary.errors.write, summary.errors.timeout, summary.bytes, bad))
end
"""

LUA_READERS = r"""
local readers = {}
for line in io.lines("%(readers)s") do
  local s, c = line:match("(%%S+) (%%S+)")
  readers[#readers + 1] = {s, c}
end
local counter = 0
bad = 0
-- Distinct per wrk run, so a comment body never repeats one of the same reader's.
local run = os.time()
local nthreads = 2
function init(args)
  counter = tid or 0
end
local function next_reader()
  counter = counter + nthreads
  return readers[(counter %% #readers) + 1]
end
local function cookie(r)
  return "sessionid=" .. r[1] .. "; csrftoken=" .. r[2]
end
"""


def lua_static(headers: dict) -> str:
    lines = [f'wrk.headers["{k}"] = "{v}"' for k, v in headers.items()]
    return "\n".join(lines) + "\nbad = 0\n" + LUA_DONE


def lua_reader_get(readers_file: Path, path: str) -> str:
    return LUA_READERS % {"readers": readers_file} + r"""
function request()
  return wrk.format("GET", "%s", {["Cookie"] = cookie(next_reader()), ["Accept-Encoding"] = "gzip"}, nil)
end
""" % path + LUA_DONE


def lua_reader_view(readers_file: Path, page: str, personal: str) -> str:
    """The page with the reader's cookie, then their personal request, in turn."""
    return LUA_READERS % {"readers": readers_file} + r"""
local current = nil
local second = false
function request()
  if not second then current = next_reader() end
  local path = second and "%s" or "%s"
  second = not second
  return wrk.format("GET", path, {["Cookie"] = cookie(current), ["Accept-Encoding"] = "gzip"}, nil)
end
""" % (personal, page) + LUA_DONE


def lua_reader_post(readers_file: Path, path: str, body_lua: str, refuse_body: str = "") -> str:
    """POST with the next reader's session cookie and CSRF token; an answer other than
    200 (or containing `refuse_body`) counts as bad."""
    check = f' or string.find(body, "{refuse_body}", 1, true)' if refuse_body else ""
    return LUA_READERS % {"readers": readers_file} + r"""
function request()
  local r = next_reader()
  return wrk.format("POST", "%s", {["Cookie"] = cookie(r), ["X-CSRFToken"] = r[2], ["HX-Request"] = "true",
                                   ["Accept-Encoding"] = "gzip",
                                   ["Content-Type"] = "application/x-www-form-urlencoded"}, %s)
end
function response(status, headers, body)
  if status ~= 200%s then bad = bad + 1 end
end
""" % (path, body_lua, check) + LUA_DONE


def wrk(url: str, script: str, seconds: int, connections: int, work_dir: Path) -> dict:
    path = work_dir / f"wrk-{abs(hash(script))}.lua"
    path.write_text(script)
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "5s",
                          "-s", str(path), url], capture_output=True, text=True, check=True).stdout
    data = json.loads(out.split("WRKJSON ", 1)[1].splitlines()[0])
    secs = data["duration_us"] / 1e6
    errors = data["status"] + data["connect"] + data["read"] + data["write"] + data["timeout"]
    # A refused answer with a good status is counted by the script alone.
    return {"rps": data["requests"] / secs, "p50_ms": data["p50_us"] / 1000, "p99_ms": data["p99_us"] / 1000,
            "requests": data["requests"], "non_2xx_3xx": data["status"],
            "socket_errors": data["connect"] + data["read"] + data["write"], "timeouts": data["timeout"],
            "refused": data["bad"], "errors": max(errors, data["bad"] + data["connect"] + data["read"]
                                                  + data["write"] + data["timeout"]),
            "ok_per_s": max(0, data["requests"] - max(data["bad"], data["status"])) / secs,
            "connections": connections,
            "kb_per_response": data["bytes"] / max(data["requests"], 1) / 1024, "load": os.getloadavg()[0]}


# --- processes ------------------------------------------------------------------------
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
    """Stop a server started in a session of its own, and whatever of its process group
    outlives it (granian's workers can outlive their parent stopped along with them)."""
    try:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                pass
        time.sleep(1)
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()


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
           if k not in {"DATABASE_URL", "REDIS_URL", "TESTING", "DJANGO_ALLOW_ASYNC_UNSAFE", "PAGE_CACHE_SECONDS",
                        "WEB_WORKERS", "WEB_THREADS", "PAGE_CACHE_STORE"}}
    env.update({"DATA_DIR": str(data_dir), "DEBUG": "0", "LOG_LEVEL": "ERROR", "DJANGO_SETTINGS_MODULE": SETTINGS,
                "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH", "")])),
                **RATE_ENV, **EXTRA_ENV})
    return env


def pg_admin(sql: str) -> None:
    _harness.pg_admin(PG_URL, sql)


def pg_drop(db: str) -> None:
    for _ in range(10):
        try:
            pg_admin(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")
            return
        except subprocess.CalledProcessError:
            time.sleep(1)


def redis_clear() -> None:
    for pattern in (f"{REDIS_PREFIX}*", "rq:*"):  # the cache's keys, then the ingest queue's
        keys = subprocess.run(["redis-cli", "-n", str(REDIS_DB), "--scan", "--pattern", pattern],
                              capture_output=True, text=True).stdout.split()
        for i in range(0, len(keys), 500):
            subprocess.run(["redis-cli", "-n", str(REDIS_DB), "DEL", *keys[i:i + 500]], capture_output=True)


def start_server(kind: str, env: dict, port: int, config: tuple[int, int] | None = None) -> subprocess.Popen:
    env = dict(env)
    if config:
        env["WEB_WORKERS"], env["WEB_THREADS"] = str(config[0]), str(config[1])
    # The live stream server's port is chosen free too: its default (the app's + 1) may
    # be taken, and the server then fails at start.
    if kind == "embedded":
        cmd = [PY, "-m", "didgah.serve", "--host", "127.0.0.1", "--port", str(port), "--live-port", str(free_port())]
    else:
        cmd = [PY, "-m", "didgah.prod", "--host", "127.0.0.1", "--port", str(port), "--app-port",
               str(free_port()), "--live-port", str(free_port())]
    server_log = open(Path(env["DATA_DIR"]) / "server.log", "ab")  # noqa: SIM115 - the child keeps it
    return subprocess.Popen(cmd, env=env, cwd=ROOT, start_new_session=True, stdout=server_log, stderr=server_log)


def server_concurrency(env: dict, config: tuple[int, int] | None) -> tuple[int, int]:
    if config:
        return config
    sys.path.insert(0, str(ROOT))
    from didgah.serve import default_concurrency

    return default_concurrency(env.get("DATABASE_URL", ""))


SCENARIOS = ["article", "article_plain", "home", "reader_view", "personal", "session_floor",
             "vote50", "insert50", "vote200", "insert200", "comment"]
DEFAULT_SCENARIOS = ["article", "reader_view", "personal", "session_floor", "vote50", "insert50", "vote200",
                     "insert200"]
LABELS = {"article": "anonymous article (gzip)", "article_plain": "anonymous article (plain)",
          "home": "home (gzip)", "reader_view": "signed-in view (page+personal)",
          "personal": "personal request", "session_floor": "floor: session JSON",
          "vote50": "vote, 50 clients", "insert50": "floor: POST insert, 50",
          "vote200": "vote, 200 clients", "insert200": "floor: POST insert, 200",
          "comment": "post a comment", "pgbench50": "pgbench counter, 50", "pgbench200": "pgbench counter, 200"}


def scripts_for(base: str, seed: dict, readers_file: Path, connections: int) -> dict:
    """name: (url, wrk script, connections)."""
    article_path = seed["hot_url"]
    pk = seed["hot_id"]
    personal = f"/community/me/?article={pk}"
    comment_body = urllib.parse.quote("دیدگاه آزمون بار شمارهٔ ")
    anon = {"Accept-Encoding": "gzip", "User-Agent": "Mozilla/5.0 wrk"}
    return {
        "article": (base + article_path, lua_static(anon), connections),
        "article_plain": (base + article_path, lua_static({"User-Agent": "Mozilla/5.0 wrk"}), connections),
        "home": (base + "/", lua_static(anon), connections),
        "reader_view": (base + article_path, lua_reader_view(readers_file, article_path, personal), connections),
        "personal": (base + personal, lua_reader_get(readers_file, personal), connections),
        "session_floor": (base + "/bench/session/", lua_reader_get(readers_file, "/bench/session/"), connections),
        "vote50": (None, None, 50),  # each run's own: vote_script()
        "insert50": (base + "/bench/insert/", lua_reader_post(readers_file, "/bench/insert/", '"value=1"'), 50),
        "vote200": (None, None, 200),
        "insert200": (base + "/bench/insert/", lua_reader_post(readers_file, "/bench/insert/", '"value=1"'), 200),
        "comment": (f"{base}/community/article/{pk}/comment/",
                    lua_reader_post(readers_file, f"/community/article/{pk}/comment/",
                                    f'"body={comment_body}" .. run .. "-" .. tid .. "-" .. counter'), 50),
    }


def vote_script(base: str, seed: dict, readers_file: Path, *, opened: bool) -> tuple[str, str]:
    """(url, wrk script) of one vote run, on the next of the seed's fresh hot articles;
    `seed["voted"]` gets its id. `opened`: every reader first opens the article (its
    page's personal request), as the page's vote button comes after it."""
    if not seed["vote_ids"]:
        raise SystemExit("load_bench: no fresh article left to vote on (seeded too few for the runs)")
    pk = seed["vote_ids"].pop(0)
    seed.setdefault("voted", []).append(pk)
    if opened:
        warm_readers(base, seed["readers"], pk)
    vote = f"/community/article/{pk}/vote/"
    return base + vote, lua_reader_post(readers_file, vote, '"value=1"', "vote-error")


def prepare_app(kind: str, work: Path, vote_runs: int) -> tuple[dict, dict, Path]:
    data_dir = work / kind
    data_dir.mkdir(parents=True, exist_ok=True)
    env = base_env(data_dir)
    if kind == "prod":
        base = PG_URL.rsplit("/", 1)[0]
        pg_drop(PG_DB)
        pg_admin(f"CREATE DATABASE {PG_DB}")
        env["DATABASE_URL"] = f"{base}/{PG_DB}"
        env["REDIS_URL"] = f"redis://127.0.0.1:6379/{REDIS_DB}"
        env["CACHE_PREFIX"] = REDIS_PREFIX
        redis_clear()
    log(f"[{kind}] migrate, collectstatic, seed {READERS:,} signed-in readers and a {HOT_COMMENTS}-comment article")
    t = time.perf_counter()
    seed = run_child(env, "seed", {"readers": READERS, "vote_articles": vote_runs})
    log(f"[{kind}] seeded in {time.perf_counter() - t:.0f} s")
    readers_file = data_dir / "readers.txt"
    readers_file.write_text("".join(f"{s} {c}\n" for s, c in seed["readers"]))
    return env, seed, readers_file


def measure_app(kind: str, config: tuple[int, int] | None, env: dict, seed: dict, readers_file: Path, args,
                work: Path) -> dict:
    workers, threads = server_concurrency(env, config)
    label = f"{kind} {workers}x{threads}"
    port = free_port()
    proc = start_server(kind, env, port, config)
    base = f"http://127.0.0.1:{port}"
    result: dict = {"kind": kind, "label": label, "workers": workers, "threads": threads, "runs": {}}
    try:
        article = base + seed["hot_url"]  # reverse() already percent-encodes it
        # nginx's cache, kept in DATA_DIR from an earlier round, answers the article before
        # the app is up: wait for an answer only the app gives (nginx says 502 until then)
        wait_http(f"{base}/community/me/?article={seed['other_id']}")
        wait_http(article)
        _, _, html = fetch(article)
        result["page_kb"] = len(html) / 1024
        result["html"] = html.decode()
        # The signed-in reader gets the very page a visitor gets (one page cache).
        s, c = seed["readers"][0]
        _, _, mine = fetch(article, {"Cookie": f"sessionid={s}; csrftoken={c}"})
        result["reader_page_same"] = mine == html
        if not result["reader_page_same"]:
            log(f"[{label}] note: the signed-in reader's page differs from the visitor's "
                f"({len(mine)} vs {len(html)} bytes)")
        if args.reader_warmup and any(n in args.scenarios for n in ("reader_view", "personal", "vote50", "vote200")):
            t = time.perf_counter()
            warm_readers(base, seed["readers"], seed["other_id"])
            result["reader_warmup_s"] = time.perf_counter() - t
            log(f"[{label}] reader warm-up: {len(seed['readers']):,} personal requests in "
                f"{result['reader_warmup_s']:.0f} s")
        scripts = scripts_for(base, seed, readers_file, args.connections)
        for name in [s for s in SCENARIOS if s in args.scenarios]:
            url, script, connections = scripts[name]
            # The first run warms up (caches filled, connections open); the second counts.
            for seconds in (args.warmup, args.seconds):
                if name.startswith("vote"):
                    url, script = vote_script(base, seed, readers_file, opened=args.reader_warmup)
                r = wrk(url, script, seconds, connections, work)
            result["runs"][name] = r
            log(f"[{label}] {name:14s} {r['rps']:9.0f} req/s  p50 {r['p50_ms']:7.2f} ms  p99 {r['p99_ms']:7.2f} ms  "
                f"errors {r['errors']}  ({r['kb_per_response']:.1f} KB, load {r['load']:.1f})")
        result["memory"] = summarize_memory(memory(proc.pid))
        log(f"[{label}] RSS MB: {result['memory']}")
    finally:
        stop(proc)
    return result


def warm_readers(base: str, readers: list, article_id: int) -> None:
    """Each reader's personal request once, on another article than the hot one (as the
    article they read before this one): their own part of the site is then kept, as it
    is for a reader on their next page, while the hot article's part is not (their first
    view of it)."""
    from concurrent.futures import ThreadPoolExecutor

    def one(reader):
        fetch(f"{base}/community/me/?article={article_id}",
              {"Cookie": f"sessionid={reader[0]}; csrftoken={reader[1]}", "User-Agent": "Mozilla/5.0 warm-up"})

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(one, readers))


def measure_static(html: bytes, args, work: Path) -> dict:
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
    result: dict = {"kind": "static", "label": "static nginx", "runs": {}, "page_kb": len(html) / 1024}
    try:
        wait_http(url)
        names = [("article", {"Accept-Encoding": "gzip"})]
        if "article_plain" in args.scenarios:
            names.append(("article_plain", {}))
        for name, headers in names:
            script = lua_static(headers)
            wrk(url, script, 2, args.connections, d)
            r = wrk(url, script, args.seconds, args.connections, d)
            result["runs"][name] = r
            log(f"[static] {name:14s} {r['rps']:9.0f} req/s  p50 {r['p50_ms']:7.2f} ms  p99 {r['p99_ms']:7.2f} ms  "
                f"({r['kb_per_response']:.1f} KB)")
        result["memory"] = summarize_memory(memory(proc.pid))
    finally:
        stop(proc)
    return result


def measure_pgbench(args) -> dict:
    """One counter row, `UPDATE counter SET n = n + 1`, 50 and 200 clients."""
    base = PG_URL.rsplit("/", 1)[0]
    pg_drop(PG_COUNTER_DB)
    pg_admin(f"CREATE DATABASE {PG_COUNTER_DB}")
    url = f"{base}/{PG_COUNTER_DB}"
    subprocess.run(["psql", url, "-qc", "CREATE TABLE counter (id int PRIMARY KEY, n bigint NOT NULL);"
                    "INSERT INTO counter VALUES (1, 0);"], check=True, capture_output=True)
    script = Path(tempfile.mkstemp(suffix=".sql")[1])
    script.write_text("UPDATE counter SET n = n + 1 WHERE id = 1;\n")
    result = {"kind": "pgbench", "label": "pgbench", "runs": {}}
    free = subprocess.run(["psql", url, "-Atc", "SELECT current_setting('max_connections')::int - count(*) - 10 "
                           "FROM pg_stat_activity"], capture_output=True, text=True, check=True).stdout.strip()
    try:
        for wanted in (50, 200):
            # PostgreSQL's max_connections (shared with other work) may not allow 200.
            clients = min(wanted, int(free))
            if clients < wanted:
                log(f"[pgbench] {clients} clients instead of {wanted}: PostgreSQL's max_connections")
            load = os.getloadavg()[0]
            proc = subprocess.run(["pgbench", "-n", "-c", str(clients), "-j", "2", "-T", str(args.seconds), "-f",
                                   str(script), url], capture_output=True, text=True)
            m = re.search(r"tps = ([\d.]+)", proc.stdout)
            if not m:  # e.g. more clients than the server's max_connections
                log(f"[pgbench] {clients} clients failed: {(proc.stderr or proc.stdout).strip()[-200:]}")
                continue
            lat = re.search(r"latency average = ([\d.]+) ms", proc.stdout)
            result["runs"][f"pgbench{wanted}"] = {"rps": float(m.group(1)), "p50_ms": float(lat.group(1)) if lat else 0,
                                                   "p99_ms": 0.0, "errors": 0, "load": load, "connections": clients,
                                                   "ok_per_s": float(m.group(1))}
            log(f"[pgbench] {clients} clients, one counter row: {float(m.group(1)):.0f} commits/s (load {load:.1f})")
    finally:
        script.unlink()
        pg_drop(PG_COUNTER_DB)
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


def _rate(name: str, run: dict) -> float:
    """What the figure counts: views for reader_view (two requests each), accepted
    writes for the POSTs, requests otherwise."""
    if name == "reader_view":
        return run["ok_per_s"] / 2
    return run.get("ok_per_s", run["rps"])


def comparisons(results: list[dict]) -> list[dict]:
    """Each figure beside its reference: (server, what, value, reference, ratio, target, met)."""
    static = next((r for r in results if r["kind"] == "static"), None)
    pgb = next((r for r in results if r["kind"] == "pgbench"), None)
    rows = []
    for r in results:
        if r["kind"] not in ("embedded", "prod"):
            continue
        runs = r["runs"]

        def add(what, value, ref_name, ref, target, extra_ok=True, note=""):
            ratio = value / ref if ref else None
            met = None if ratio is None or target is None else (ratio >= target and extra_ok)
            rows.append({"server": r["label"], "what": what, "value": value, "ref_name": ref_name, "ref": ref,
                         "ratio": ratio, "target": target, "met": met, "note": note})

        for name in ("article", "article_plain"):
            if name in runs and static and name in static["runs"]:
                run = runs[name]
                ok = run["p99_ms"] < TARGETS["article_p99_ms"] and run["errors"] == 0
                add(LABELS[name], run["ok_per_s"], f"static nginx ({name.split('_')[-1] if '_' in name else 'gzip'})",
                    static["runs"][name]["rps"], TARGETS["article"][r["kind"]] if name == "article" else None, ok,
                    f"p50 {run['p50_ms']:.1f} ms, p99 {run['p99_ms']:.1f} ms (target < 50), errors {run['errors']}")
        if "reader_view" in runs:
            run = runs["reader_view"]
            add("signed-in views/s (page+personal)", _rate("reader_view", run), "before one road (issue 15)",
                READER_VIEW_BEFORE[r["kind"]], TARGETS["reader_view"], run["errors"] == 0,
                f"per request p50 {run['p50_ms']:.1f} ms, p99 {run['p99_ms']:.1f} ms, errors {run['errors']}")
        if "personal" in runs and "session_floor" in runs:
            run = runs["personal"]
            add("personal request", run["ok_per_s"], "floor: session JSON", runs["session_floor"]["ok_per_s"],
                TARGETS["personal"], run["errors"] == 0,
                f"p99 {run['p99_ms']:.1f} vs {runs['session_floor']['p99_ms']:.1f} ms, errors {run['errors']}")
        for n in (50, 200):
            v, i = runs.get(f"vote{n}"), runs.get(f"insert{n}")
            if v and i:
                add(f"votes, {n} clients", v["ok_per_s"], f"floor: POST insert, {n}", i["ok_per_s"],
                    TARGETS["vote"], v["errors"] == 0,
                    f"p99 {v['p99_ms']:.0f} vs {i['p99_ms']:.0f} ms, errors {v['errors']} / {i['errors']}")
            if v and pgb and f"pgbench{n}" in pgb["runs"]:
                add(f"votes, {n} clients", v["ok_per_s"],
                    f"pgbench counter, {pgb['runs'][f'pgbench{n}']['connections']} clients (orientation)",
                    pgb["runs"][f"pgbench{n}"]["rps"], None)
        if runs.get("vote50") and runs.get("vote200"):
            add("votes, 200 over 50 clients", runs["vote200"]["ok_per_s"], "votes, 50 clients",
                runs["vote50"]["ok_per_s"], TARGETS["vote_200_over_50"])
    return rows


def medians(results: list[dict]) -> dict:
    """{config label: {figure: (median ok/s, median p99)}} when a config ran more than once."""
    import statistics

    by: dict[str, list[dict]] = {}
    for r in results:
        if r.get("round"):
            by.setdefault(r["label"].rsplit(" r", 1)[0], []).append(r)
    out = {}
    for label, runs in by.items():
        names = [n for n in SCENARIOS if all(n in x["runs"] for x in runs)]
        out[label] = {n: (statistics.median(_rate(n, x["runs"][n]) for x in runs),
                          statistics.median(x["runs"][n]["p99_ms"] for x in runs)) for n in names}
    return out


def report(results: list[dict], args, verify: dict) -> str:
    lines = [f"Load benchmark (bench/load_bench.py): wrk -t2 -c{args.connections} (votes: -c50, -c200) "
             f"-d{args.seconds}s --latency over loopback, {time.strftime('%Y-%m-%d %H:%M')}",
             f"machine: {machine()}",
             f"readers: {READERS:,} signed-in sessions, each request from the next; page cache "
             "as shipped (PAGE_CACHE_SECONDS default); rate limits lifted",
             ("reader warm-up: after each server starts, every reader's personal request once, "
              "on another article (the one they read before): the signed-in figures are a reader's next page, their "
              "own part kept, the hot article's part made on their first view of it"
              if args.reader_warmup else "no reader warm-up: a reader's own part is made by the first "
              "request of theirs in the run, kept for the next ones")
             + (f"; environment changed for this run: {EXTRA_ENV}" if EXTRA_ENV else ""), ""]
    for r in results:
        if r["kind"] in ("embedded", "prod"):
            lines.append(f"{r['label']}: article page {r['page_kb']:.0f} KB of HTML; signed-in reader's page "
                         f"{'identical to' if r.get('reader_page_same') else 'DIFFERENT from'} the visitor's")
    lines.append("")
    header = (f"{'server':16s} {'figure':34s} {'req/s':>9s} {'ok/s':>9s} {'p50 ms':>8s} {'p99 ms':>8s} "
              f"{'errors':>7s} {'load':>5s}")
    lines += [header, "-" * len(header)]
    for r in results:
        for name, run in r["runs"].items():
            lines.append(f"{r['label']:16s} {LABELS[name]:34s} {run['rps']:9.0f} {_rate(name, run):9.0f} "
                         f"{run['p50_ms']:8.2f} {run['p99_ms']:8.2f} {run['errors']:7d} {run['load']:5.1f}")
    lines += ["", "ok/s: answers without error (views for the signed-in view: two requests each; accepted "
              "writes for POSTs); ratios below use ok/s; "
              "errors: non-2xx/3xx + socket errors + time-outs (5 s) + answers the script refused; "
              "pgbench p50 column: its average latency", ""]
    rows = comparisons(results)
    if rows:
        lines.append("each figure beside its reference (same run):")
        for c in rows:
            ratio = f"{c['ratio']:.2f}" if c["ratio"] is not None else "-"
            target = "" if c["target"] is None else (
                f" (target ≥ {c['target']}: {'met' if c['met'] else 'NOT met'})")
            lines.append(f"  {c['server']:16s} {c['what']:34s} {c['value']:8.0f}/s  vs {c['ref_name']} "
                         f"{c['ref']:.0f}/s → {ratio}{target}" + (f"; {c['note']}" if c["note"] else ""))
        lines.append("")
    lines.append("memory (RSS MB per process after the runs):")
    for r in results:
        if r.get("memory"):
            lines.append(f"  {r['label']:16s} " + "; ".join(f"{k}: {', '.join(f'{x:.0f}' for x in v)}"
                                                            for k, v in r["memory"].items()))
    rounds = medians(results)
    if rounds:
        lines += ["", "median over rounds (ok/s; p99 ms):"]
        for label, runs in rounds.items():
            lines.append(f"  {label:16s} " + "; ".join(f"{n} {v[0]:.0f} ({v[1]:.0f})" for n, v in runs.items()))
        lines.append("")
    for kind, v in verify.items():
        ok = "equal" if v["stored"] == v["rows"] else "DIFFERENT"
        lines.append(f"  {kind}: after the runs and one fold, the counters of {v['articles']} articles (the hot one, "
                     f"one per vote run) vs their rows (votes up, down, score, comments): {ok}; {v['vote_rows']:,} "
                     f"vote rows, {v['withdrawn']:,} of them withdrawn by a second vote in the same run; "
                     f"{v['floor_rows']:,} floor rows")
    return "\n".join(lines) + "\n"


def plot(results: list[dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    panels = [("reads", ["article", "article_plain", "home", "reader_view", "personal", "session_floor"]),
              ("writes on one hot article", ["vote50", "insert50", "vote200", "insert200", "comment",
                                             "pgbench50", "pgbench200"])]
    fig, axes = plt.subplots(1, 2, figsize=(14, 5.5))
    for ax, (title, order) in zip(axes, panels):
        names = [n for n in order if any(n in r["runs"] for r in results)]
        servers = [r for r in results if any(n in r["runs"] for n in names)]
        if not names:
            ax.set_visible(False)
            continue
        width = 0.8 / max(1, len(servers))
        for i, r in enumerate(servers):
            values = [_rate(n, r["runs"][n]) if n in r["runs"] else 0 for n in names]
            bars = ax.bar([x + i * width for x in range(len(names))], values, width, label=r["label"])
            for b, n in zip(bars, names):
                run = r["runs"].get(n)
                if run and run.get("p99_ms"):
                    ax.annotate(f"p99 {run['p99_ms']:.0f} ms", (b.get_x() + b.get_width() / 2, b.get_height()),
                                ha="center", va="bottom", fontsize=6, rotation=90)
        ax.set_xticks([x + width * (len(servers) - 1) / 2 for x in range(len(names))])
        ax.set_xticklabels([LABELS[n] for n in names], fontsize=7, rotation=25, ha="right")
        ax.set_ylabel("per second (views for the signed-in view, accepted writes for POSTs)")
        ax.set_yscale("log")
        ax.set_title(title)
        ax.legend(fontsize=7)
    fig.suptitle("Didgah over loopback: each figure beside its reference, one run")
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def parse_configs(text: str) -> list[tuple[int, int] | None]:
    if not text or text == "default":
        return [None]
    out = []
    for part in text.split(","):
        w, t = part.lower().split("x")
        out.append((int(w), int(t)))
    return out


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        print(json.dumps(child(sys.argv[2], json.loads(sys.argv[3]))))
        return 0
    global READERS
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=100, help="for the reads")
    parser.add_argument("--only", default="static,embedded,prod,pgbench")
    parser.add_argument("--scenarios", default=",".join(DEFAULT_SCENARIOS), help=f"of {','.join(SCENARIOS)}")
    parser.add_argument("--embedded-configs", default="default",
                        help="granian workers x threads to measure in turn, e.g. 2x8,4x1 (default: serve.py's)")
    parser.add_argument("--prod-configs", default="default")
    parser.add_argument("--readers", type=int, default=READERS)
    parser.add_argument("--rounds", type=int, default=1,
                        help="measure every config this many times, in turn (A B A B), on a shared machine")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of wrk before each figure")
    parser.add_argument("--no-reader-warmup", dest="reader_warmup", action="store_false",
                        help="measure each reader's first page: no personal request per reader before the runs")
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE",
                        help="set for the servers (experiments, e.g. PAGE_CACHE_SECONDS=60); printed in the report")
    parser.add_argument("--name", default="load", help="results file name under bench/results/")
    parser.add_argument("--no-save", action="store_true", help="print only (tuning runs)")
    args = parser.parse_args()
    READERS = args.readers
    EXTRA_ENV.update(dict(item.split("=", 1) for item in args.env))
    args.scenarios = args.scenarios.split(",")
    only = args.only.split(",")
    work = Path(tempfile.mkdtemp(prefix="didgah-load-bench-"))
    os.chmod(work, 0o755)  # nginx's workers (www-data when run as root) read below it
    results: list[dict] = []
    verify: dict = {}
    html = None
    started = time.time()
    if "pgbench" in only and any(s.startswith("vote") for s in args.scenarios):
        results.append(measure_pgbench(args))
    for kind in ("embedded", "prod"):
        if kind not in only:
            continue
        configs = parse_configs(getattr(args, f"{kind}_configs"))
        vote_runs = 2 * sum(s.startswith("vote") for s in args.scenarios) * args.rounds * len(configs)
        env, seed, readers_file = prepare_app(kind, work, vote_runs)
        try:
            for rnd in range(args.rounds):
                for config in configs:
                    r = measure_app(kind, config, env, seed, readers_file, args, work)
                    html = html or r["html"].encode()
                    r.pop("html", None)
                    if args.rounds > 1:
                        r["round"] = rnd + 1
                        r["label"] += f" r{rnd + 1}"
                    results.append(r)
            verify[kind] = run_child(env, "verify", {"article_ids": [seed["hot_id"], *seed.get("voted", [])]})
            same = verify[kind]["stored"] == verify[kind]["rows"]
            log(f"[{kind}] after one fold: counters equal rows on {verify[kind]['articles']} articles: {same}")
        finally:
            if kind == "prod":
                redis_clear()
                pg_drop(PG_DB)
    if "static" in only:
        if html is None:
            raise SystemExit("the static ceiling serves the article HTML from an app run: add embedded or prod")
        results.insert(0, measure_static(html, args, work))
    text = report(results, args, verify)
    text += f"\nwall time {time.time() - started:.0f} s\n"
    print("\n" + text)
    if not args.no_save:
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / f"{args.name}.txt").write_text(text)
        (RESULTS / f"{args.name}.json").write_text(json.dumps({"results": results, "verify": verify,
                                                               "comparisons": comparisons(results)}, indent=1))
        plot(results, RESULTS / f"{args.name}.png")
        print(f"saved {RESULTS / args.name}.txt, .json and .png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
