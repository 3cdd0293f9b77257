"""Community benchmark: Didgah's comments and votes against Isso and pgbench, same run.

    .venv/bin/python bench/community_bench.py                  # 50,000 readers, 1,000,000 comments, 5,000,000 votes
    .venv/bin/python bench/community_bench.py --scale 0.2      # a fifth of that
    .venv/bin/python bench/community_bench.py --scale 0.01 --backends sqlite --repeat 1 --seconds 5

For each database (SQLite in WAL mode as embedded by default, PostgreSQL) it seeds a
community in a scratch DATA_DIR / database (progress on stderr) and prints how long that
took, serves the site as `make run` does (`python -m didgah.serve`: granian with its
defaults for that database, and the scheduler process that folds the counters), and
measures over the HTTP endpoints, all with wrk (C, so the load generator takes little of
the machine from the servers):

- the article page with a 500-comment thread (all 500 on one page, COMMENTS_PER_PAGE=500),
  with the page cache OFF (PAGE_CACHE_SECONDS=0; the script checks that the page is
  marked max-age=0, i.e. not stored): requests per second and p99 (8 connections). The
  comment list itself may come from the fragment cache (community/selectors.thread_page),
  which is keyed by the thread version and so never stale;
- posting comments with 20 concurrent clients, each a logged-in reader (moderation on,
  CSRF checked), the form posted as without JavaScript (the answer is the confirmation page);
- votes on one hot article with 50 concurrent clients, each a logged-in reader
  alternating up and down; afterwards the counters are folded once and compared with the
  vote rows;
- computing the sidebar's ranked lists (in-process, the cache off).

References, measured in the same run right before the figure they are compared with (the
machine is shared and its load changes by the minute): Isso (PyPI `isso`, installed into
its own venv under /tmp, never into the project) serving one thread of the same 500
comments and accepting comments from 20 clients, through the same wrk scripts; and
`pgbench` with 50 clients incrementing one counter row (orientation only: votes are
compared with Django's own floor in bench/load_bench.py). The load average is recorded
next to each figure, and for the votes the CPU time the server's processes and
PostgreSQL's backends spent per vote (from /proc). Per-reader rate limits are lifted for
the run (they would stop a benchmark client after 60 votes a minute); everything else is
the site as shipped.

Results: bench/results/community.txt, community.json and community.png.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote_plus

import _harness
from _harness import free_port, log, wait_http

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# The server as `make run` starts it (WEB_WORKERS / WEB_THREADS choose, as there).
from didgah.serve import default_concurrency  # noqa: E402
PY = sys.executable
RESULTS = ROOT / "bench" / "results"
PG_URL = os.environ.get("POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test")
PG_BENCH_DB = "bench_community"
ISSO_VENV = Path("/tmp/isso-venv")
HOT_SLUG = "bench-hot"
POST_SLUG = "bench-post"
THREAD_ROOTS, THREAD_REPLIES = 400, 100  # the 500-comment thread
WORDS = ("خبر گزارش شهر مردم دولت بازار قیمت آب برق مدرسه دانشگاه کتاب فیلم ورزش تیم "
         "باران هوا راه قطار کار کارگر کشاورز نان دارو بیمارستان پزشک").split()





def sentence(rng: random.Random, n: int = 14) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)) + "."


# --- the child: runs inside Django with the benchmark's environment --------------------
def child(command: str, params: dict) -> dict:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "didgah.settings")
    django.setup()
    if command == "seed":
        return _seed(**params)
    if command == "verify":
        return _verify(**params)
    if command == "sidebar":
        return _sidebar()
    raise SystemExit(f"unknown child command {command}")


def _seed(readers: int, comments: int, votes: int, articles: int, sessions: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.utils import timezone

    from django.contrib.sessions.backends.db import SessionStore

    from didgah.accounts.models import Profile
    from didgah.community import rules
    from didgah.community.models import Comment, FoldMark
    from didgah.community.services.counters import MARK
    from didgah.news.models import Article

    User = get_user_model()
    rng = random.Random(1404)
    now = timezone.now()
    # Rows changed before the fold mark set at the end: the scheduler's first fold does
    # not recount the whole seed while the benchmark runs.
    before = now - timezone.timedelta(hours=1)
    timings = {}
    q = connection.ops.quote_name

    def table(model):
        return q(model._meta.db_table)

    def insert(model, columns, rows, label, total):
        """Raw multi-row inserts; the model's other columns get their defaults, so a
        new column with a default needs no change here."""
        given = set(columns)
        rest = [f for f in model._meta.concrete_fields
                if f.column not in given and not f.primary_key and (f.has_default() or f.null)]
        extra = tuple(f.get_db_prep_save(f.get_default(), connection) for f in rest)
        columns = [*columns, *(f.column for f in rest)]
        sql = (f"INSERT INTO {table(model)} ({', '.join(q(c) for c in columns)}) "
               f"VALUES ({', '.join(['%s'] * len(columns))})")
        done = 0
        batch = []
        with connection.cursor() as cur:
            for row in rows:
                batch.append((*row, *extra))
                if len(batch) == 20000:
                    with transaction.atomic():
                        cur.executemany(sql, batch)
                    done += len(batch)
                    batch = []
                    print(f"\r  {label}: {done:,}/{total:,}", end="", file=sys.stderr, flush=True)
            if batch:
                with transaction.atomic():
                    cur.executemany(sql, batch)
                done += len(batch)
        print(f"\r  {label}: {done:,}/{total:,}", file=sys.stderr, flush=True)

    t = time.perf_counter()
    arts = [Article(title=f"خبر آزمایشی بار شمارهٔ {i}", slug=HOT_SLUG if i == 0 else POST_SLUG if i == 1 else f"bench-{i}",
                    lead="لید", body="<p>متن</p>", status=Article.Status.PUBLISHED,
                    published_at=now - timezone.timedelta(minutes=10 * i)) for i in range(articles)]
    Article.objects.bulk_create(arts, batch_size=2000)
    article_ids = list(Article.objects.order_by("id").values_list("id", flat=True))
    hot_id, post_id = article_ids[0], article_ids[1]
    timings["articles"] = time.perf_counter() - t

    t = time.perf_counter()
    password = make_password("bench-password")
    insert(User, ["username", "email", "password", "is_staff", "is_active", "is_superuser", "first_name",
                  "last_name", "date_joined"],
           ((f"b{i}", f"b{i}@bench.example", password, False, True, False, "", "", now) for i in range(readers)),
           "readers", readers)
    user_ids = list(User.objects.filter(username__startswith="b").order_by("id").values_list("id", flat=True))
    insert(Profile, ["user_id", "display_name", "display_key", "username_key", "city", "country",
                     "email_verified_at", "banned", "status_reason", "approved_comments", "created_at"],
           ((uid, f"خواننده {n}", f"خواننده{n}", f"b{n}", "تهران", "IR", now, False, "", 10, now)
            for n, uid in enumerate(user_ids)), "profiles", readers)
    timings["readers"] = time.perf_counter() - t

    t = time.perf_counter()
    cols = ["article_id", "author_id", "parent_id", "root_id", "depth", "body", "status", "moderation_note",
            "is_deleted", "created_at", "edited_at", "likes", "dislikes", "score", "wilson", "open_reports",
            "updated_at"]
    approved = Comment.Status.APPROVED
    # The 500-comment thread: 400 comments, 100 replies to the first 100 of them.
    insert(Comment, cols, ((hot_id, user_ids[i % len(user_ids)], None, None, 0, sentence(rng), approved, "", False,
                            now - timezone.timedelta(seconds=THREAD_ROOTS - i), None, 0, 0, 0, 0.0, 0, before)
                           for i in range(THREAD_ROOTS)), "thread", THREAD_ROOTS)
    roots = list(Comment.objects.filter(article_id=hot_id).order_by("id").values_list("id", flat=True))
    insert(Comment, cols, ((hot_id, user_ids[(i * 7) % len(user_ids)], roots[i], roots[i], 1, sentence(rng, 8),
                            approved, "", False, now, None, 0, 0, 0, 0.0, 0, before) for i in range(THREAD_REPLIES)),
           "replies", THREAD_REPLIES)
    rest = max(0, comments - THREAD_ROOTS - THREAD_REPLIES)
    bodies = [sentence(rng) for _ in range(200)]
    insert(Comment, cols, ((article_ids[2 + (i % (len(article_ids) - 2))], user_ids[(i * 13) % len(user_ids)], None,
                            None, 0, bodies[i % 200], approved, "", False, now, None, 0, 0, 0, 0.0, 0, before)
                           for i in range(rest)), "comments", rest)
    timings["comments"] = time.perf_counter() - t

    t = time.perf_counter()
    from didgah.community.models import ArticleVote, CommentVote

    n_article_votes = votes * 2 // 5
    n_comment_votes = votes - n_article_votes
    per_reader = max(1, n_article_votes // len(user_ids))
    n_articles = len(article_ids)

    def article_votes():
        made = 0
        for n, uid in enumerate(user_ids):
            for k in range(min(per_reader, n_articles)):
                if made >= n_article_votes:
                    return
                # 13 is coprime with the article count below, so k → article is one-to-one.
                yield article_ids[(n * 7 + k * 13) % n_articles], uid, 1 if (n + k) % 5 else -1, now, before
                made += 1

    if n_articles % 13 == 0:
        raise SystemExit("the article count must be coprime with 13")
    insert(ArticleVote, ["article_id", "user_id", "value", "created_at", "updated_at"], article_votes(), "article votes",
           min(n_article_votes, per_reader * len(user_ids)))
    first_comment, last_comment = Comment.objects.order_by("id").values_list("id", flat=True)[0], \
        Comment.objects.order_by("-id").values_list("id", flat=True)[0]
    span = last_comment - first_comment + 1
    per_reader_c = max(1, n_comment_votes // len(user_ids))

    def comment_votes():
        made = 0
        for n, uid in enumerate(user_ids):
            for k in range(min(per_reader_c, span)):
                if made >= n_comment_votes:
                    return
                yield first_comment + (n * 31 + k * 7919) % span, uid, 1 if (n + k) % 4 else -1, now, before
                made += 1

    if span % 7919 == 0:
        raise SystemExit("comment count divisible by 7919: choose another")
    insert(CommentVote, ["comment_id", "user_id", "value", "created_at", "updated_at"], comment_votes(), "comment votes",
           min(n_comment_votes, per_reader_c * len(user_ids)))
    timings["votes"] = time.perf_counter() - t

    t = time.perf_counter()
    with connection.cursor() as cur, transaction.atomic():
        cur.execute(f"""UPDATE {table(Comment)} SET likes = v.l, dislikes = v.d, score = v.l - v.d
            FROM (SELECT comment_id, SUM(CASE WHEN value = 1 THEN 1 ELSE 0 END) AS l,
                         SUM(CASE WHEN value = -1 THEN 1 ELSE 0 END) AS d
                  FROM {table(CommentVote)} GROUP BY comment_id) AS v
            WHERE {table(Comment)}.id = v.comment_id""")
        cur.execute(f"""UPDATE {table(Article)} SET votes_up = v.l, votes_down = v.d, score = v.l - v.d
            FROM (SELECT article_id, SUM(CASE WHEN value = 1 THEN 1 ELSE 0 END) AS l,
                         SUM(CASE WHEN value = -1 THEN 1 ELSE 0 END) AS d
                  FROM {table(ArticleVote)} GROUP BY article_id) AS v
            WHERE {table(Article)}.id = v.article_id""")
        cur.execute(f"""UPDATE {table(Article)} SET comment_count = v.n
            FROM (SELECT article_id, COUNT(*) AS n FROM {table(Comment)} WHERE status = 'approved'
                  AND NOT is_deleted GROUP BY article_id) AS v WHERE {table(Article)}.id = v.article_id""")
    thread = list(Comment.objects.filter(article_id=hot_id).values_list("id", "likes", "dislikes"))
    Comment.objects.bulk_update([Comment(id=i, wilson=rules.wilson_lower_bound(l, d)) for i, l, d in thread],
                                ["wilson"], batch_size=1000)
    # The hot score by the rule's own Python (rules.hot_score), as the fold computes it.
    hot = [Article(id=a.id, hot=rules.hot_score(score=a.score, comment_count=a.comment_count,
                                                published_at=a.published_at))
           for a in Article.objects.only("id", "score", "comment_count", "published_at")]
    Article.objects.bulk_update(hot, ["hot"], batch_size=1000)
    FoldMark.objects.update_or_create(name=MARK, defaults={"folded_until": timezone.now()})
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    timings["counters"] = time.perf_counter() - t

    # Logged-in clients for the HTTP benchmark: sessions made the way login makes them.
    clients = []
    for user in User.objects.filter(pk__in=user_ids[-sessions:]).order_by("id"):
        store = SessionStore()
        store["_auth_user_id"] = str(user.pk)
        store["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
        store["_auth_user_hash"] = user.get_session_auth_hash()
        store.create()
        clients.append(store.session_key)
    if user_ids[-1] - user_ids[-sessions] != sessions - 1:
        raise SystemExit("the signed-in readers' ids must be one range (References.vote_function draws from it)")
    return {"timings": timings, "hot_id": hot_id, "post_id": post_id, "sessions": clients,
            "reader_ids": (user_ids[-sessions], user_ids[-1]),
            "counts": {"readers": User.objects.count(), "comments": Comment.objects.count(),
                       "article_votes": ArticleVote.objects.count(), "comment_votes": CommentVote.objects.count()}}


def _verify(article_id: int) -> dict:
    """One fold (as the scheduler runs every second), then the counters against the rows."""
    from didgah.community.models import ArticleVote
    from didgah.community.services import counters_fold
    from didgah.news.models import Article

    counters_fold()

    a = Article.objects.get(pk=article_id)
    up = ArticleVote.objects.filter(article_id=article_id, value=1).count()
    down = ArticleVote.objects.filter(article_id=article_id, value=-1).count()
    return {"stored": [a.votes_up, a.votes_down, a.score], "rows": [up, down, up - down]}


def _sidebar() -> dict:
    from django.test import override_settings

    from didgah.community.selectors import ranked_lists

    times = []
    with override_settings(SIDEBAR_CACHE_SECONDS=0):
        for _ in range(20):
            t = time.perf_counter()
            ranked_lists(limit=10)
            times.append(time.perf_counter() - t)
    return {"median_ms": statistics.median(times) * 1000, "p95_ms": sorted(times)[18] * 1000}


def run_child(env: dict, command: str, params: dict) -> dict:
    return _harness.run_child(PY, __file__, env, command, params)


# --- load generators -----------------------------------------------------------------
def wrk(url: str, seconds: int, connections: int = 8) -> dict:
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "30s", url],
                         capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    factor = {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rps, "p99_ms": float(p99.group(1)) * factor, "non_2xx": int(bad.group(1)) if bad else 0}


LUA_COMMON = r"""
-- Each wrk thread takes its share of the readers' sessions and cycles through them.
local threads = {}
local next_id = 0
function setup(thread)
  thread:set("tid", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end
function init(args)
  sessions = {}
  for s in string.gmatch(args[1], "[^,]+") do table.insert(sessions, s) end
  nthreads = tonumber(args[2])
  csrf = args[3]
  text = args[4] or ""
  mine = {}
  for i, s in ipairs(sessions) do if (i - 1) % nthreads == tid then table.insert(mine, s) end end
  if #mine == 0 then mine = {"none"} end
  n = 0
  bad = 0
end
function done(summary, latency, requests)
  local b = 0
  for _, t in ipairs(threads) do b = b + t:get("bad") end
  io.write(string.format("BAD %d\n", b))
end
"""

# A reader's POST without JavaScript succeeded if it answered the confirmation page (200);
# a refusal is a 400 with the reason, a lost session a redirect to the login page.
LUA_REDIRECTED = r"""
function response(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
end
"""

LUA_VOTE = LUA_COMMON + LUA_REDIRECTED + r"""
function request()
  n = n + 1
  local s = mine[(n % #mine) + 1]
  local v = (math.floor(n / #mine) % 2 == 0) and "1" or "-1"
  return wrk.format("POST", nil, {["Cookie"] = "sessionid=" .. s .. "; csrftoken=" .. csrf,
    ["Content-Type"] = "application/x-www-form-urlencoded"}, "value=" .. v .. "&csrfmiddlewaretoken=" .. csrf)
end
"""

# `text` arrives URL-encoded; a counter makes every comment unique (the duplicate check).
LUA_POST = LUA_COMMON + LUA_REDIRECTED + r"""
function request()
  n = n + 1
  local s = mine[(n % #mine) + 1]
  return wrk.format("POST", nil, {["Cookie"] = "sessionid=" .. s .. "; csrftoken=" .. csrf,
    ["Content-Type"] = "application/x-www-form-urlencoded"},
    "body=" .. text .. "+" .. tid .. "-" .. n .. "&csrfmiddlewaretoken=" .. csrf)
end
"""

# Isso: JSON, no session; `text` is a JSON-escaped string.
LUA_ISSO_POST = LUA_COMMON + r"""
function request()
  n = n + 1
  return wrk.format("POST", nil, {["Content-Type"] = "application/json"},
    '{"text": "' .. text .. ' ' .. tid .. '-' .. n .. '", "author": "x' .. tid .. '", "title": "thread2"}')
end
function response(status, headers, body)
  if status ~= 201 then bad = bad + 1 end
end
"""


def wrk_lua(url: str, seconds: int, connections: int, script: str, args: list[str]) -> dict:
    """wrk with a Lua script; counts a response as good only as the script says."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(script)
    try:
        out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "30s",
                              "-s", f.name, url, "--", *args], capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(f.name)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    elapsed = float(re.search(r"requests in ([\d.]+)s", out).group(1))
    bad = int(re.search(r"BAD (\d+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    factor = {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    return {"per_s": (total - bad) / elapsed, "rps": rps, "ok": total - bad, "failed": bad,
            "p99_ms": float(p99.group(1)) * factor}


def hammer(n_clients: int, seconds: float, make_client, request) -> dict:
    """n_clients Python threads, each with its own httpx client, sending requests for
    `seconds`: the load generator the issue's Isso figures were calibrated with. It
    takes much of the machine itself, so it flatters slow servers; wrk is the main figure."""
    ok, failed, latencies = [0], [0], []
    lock = threading.Lock()
    stop_at = [0.0]
    barrier = threading.Barrier(n_clients + 1)

    def run(i):
        client = make_client(i)
        n = 0
        barrier.wait()
        while time.perf_counter() < stop_at[0]:
            t = time.perf_counter()
            good = request(client, i, n)
            dt = time.perf_counter() - t
            n += 1
            with lock:
                latencies.append(dt)
                if good:
                    ok[0] += 1
                else:
                    failed[0] += 1
        client.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n_clients)]
    for t in threads:
        t.start()
    stop_at[0] = time.perf_counter() + seconds
    barrier.wait()
    start = time.perf_counter()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    lat = sorted(latencies) or [0]
    return {"per_s": ok[0] / elapsed, "ok": ok[0], "failed": failed[0],
            "p99_ms": lat[min(len(lat) - 1, int(len(lat) * 0.99))] * 1000}


def load() -> float:
    """The one-minute load average (other engineers' work shares this machine)."""
    return os.getloadavg()[0]


def cpu_seconds(*, pgid: int | None = None, cmdline: str | None = None) -> float:
    """CPU time (user + system) used so far by the live processes of a process group,
    or by those whose command line contains `cmdline` (PostgreSQL names a backend's
    database in its title), from /proc."""
    total = 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            if pgid is not None and int(fields[2]) != pgid:
                continue
            if cmdline is not None and cmdline not in Path(f"/proc/{pid}/cmdline").read_text():
                continue
        except (OSError, IndexError, ValueError):
            continue  # gone meanwhile
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


# --- Didgah ----------------------------------------------------------------------------
def pg_admin(sql: str) -> None:
    _harness.pg_admin(PG_URL, sql)


# (measure, its reference, their figures): each round pairs one with the other.
ROUND_METRICS = (("page", "page_ref", "rps", "rps"), ("post", "post_ref", "per_s", "per_s"),
                 ("vote", "vote_ref", "per_s", "tps"))


def _median_round(rounds: list, key: str, ref_key: str, field: str, ref_field: str) -> dict:
    """The round whose ratio to its reference is the median (the first if there is none)."""
    if not all(r.get(ref_key) and r[ref_key][ref_field] for r in rounds):
        return rounds[len(rounds) // 2]
    ranked = sorted(rounds, key=lambda r: r[key][field] / r[ref_key][ref_field])
    return ranked[len(ranked) // 2]


def ratio(value: float, ref: dict | None, field: str) -> str:
    return f"  → {value / ref[field]:.2f} of the reference" if ref and ref.get(field) else ""


def page_cache_off(response) -> bool:
    """Django's cache middleware marks a page it may not keep max-age=0 (PAGE_CACHE_SECONDS=0)."""
    return "max-age=0" in response.headers.get("Cache-Control", "")


def didgah_backend(backend: str, args, refs: "References") -> dict:
    import httpx

    data_dir = Path(tempfile.mkdtemp(prefix=f"community-bench-{backend}-"))
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "TESTING", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update({"DATA_DIR": str(data_dir), "DEBUG": "0", "COMMENTS_PER_PAGE": "500",
                # The visitors' whole-page cache stays off: the page is rendered every time.
                "PAGE_CACHE_SECONDS": "0",
                "VOTE_RATE_PER_MINUTE": "1000000000", "COMMENT_RATE_PER_MINUTE": "1000000000",
                "COMMENT_RATE_PER_HOUR": "1000000000", "REPORT_RATE_PER_HOUR": "1000000000",
                "LOG_LEVEL": "ERROR"})
    if backend == "postgres":
        base = PG_URL.rsplit("/", 1)[0]
        pg_admin(f"DROP DATABASE IF EXISTS {PG_BENCH_DB}")
        pg_admin(f"CREATE DATABASE {PG_BENCH_DB}")
        env["DATABASE_URL"] = f"{base}/{PG_BENCH_DB}"
    elif backend != "sqlite":
        raise SystemExit(f"unknown backend {backend}")
    result = {"backend": backend}
    server = None
    try:
        log(f"[{backend}] migrate")
        subprocess.run([PY, "manage.py", "migrate", "-v0"], env=env, cwd=ROOT, check=True)
        subprocess.run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], env=env, cwd=ROOT, check=True)
        log(f"[{backend}] seeding {args.readers:,} readers, {args.comments:,} comments, {args.votes:,} votes")
        t = time.perf_counter()
        seed = run_child(env, "seed", {"readers": args.readers, "comments": args.comments, "votes": args.votes,
                                       "articles": args.articles, "sessions": 60})
        result["seed_s"] = time.perf_counter() - t
        result["seed"] = seed
        log(f"[{backend}] seeded in {result['seed_s']:.1f} s: {seed['counts']}")

        port = free_port()
        workers, threads = result["server"] = default_concurrency(env.get("DATABASE_URL", ""))
        server_log = open(data_dir / "server.log", "ab")  # noqa: SIM115 - the child keeps it
        server = subprocess.Popen(
            [PY, "-m", "didgah.serve", "--host", "127.0.0.1", "--port", str(port),
             "--workers", str(workers), "--threads", str(threads)],
            env=env, cwd=ROOT, start_new_session=True, stdout=server_log, stderr=server_log)
        base = f"http://127.0.0.1:{port}"
        page_url = f"{base}/news/{seed['hot_id']}/{HOT_SLUG}/"
        wait_http(page_url)
        first = httpx.get(page_url, timeout=60)
        if not page_cache_off(first):
            raise SystemExit("the page cache is on: PAGE_CACHE_SECONDS=0 did not take")
        html = first.text
        result["page_comments"] = html.count('class="comment depth-')
        result["page_kb"] = len(html.encode()) / 1024
        wrk(page_url, 2)  # warm up
        sessions = ",".join(seed["sessions"])
        csrf = "b" * 32
        result["rounds"] = []
        for rnd in range(args.repeat):
            r = {}
            result["rounds"].append(r)
            log(f"[{backend}] round {rnd + 1} of {args.repeat}")
            if "page" in args.metrics:
                r["page_ref"] = refs.isso_page()
                log(f"[{backend}] article page ({result['page_comments']} comments, {result['page_kb']:.0f} KB)")
                r["page_load"] = load()
                r["page"] = wrk(page_url, args.seconds)
                log(f"[{backend}]   {r['page']}  (load {r['page_load']:.1f})" + ratio(r["page"]["rps"], r["page_ref"], "rps"))
                if not page_cache_off(httpx.get(page_url, timeout=60)):
                    raise SystemExit("the page cache was on during the run")
            if "post" in args.metrics:
                text = quote_plus(f"دیدگاه بار {rnd}: {sentence(random.Random(7), 10)}")
                r["post_ref"] = refs.isso_post()
                log(f"[{backend}] posting comments, 20 clients")
                r["post_load"] = load()
                r["post"] = wrk_lua(f"{base}/community/article/{seed['post_id']}/comment/", args.seconds, 20, LUA_POST,
                                         [sessions, "2", csrf, text])
                log(f"[{backend}]   {r['post']}  (load {r['post_load']:.1f})" + ratio(r["post"]["per_s"], r["post_ref"], "per_s"))

                if rnd == 0 and not args.no_py_clients:  # once: it is slow and only for comparison with the figures
                    r["post_py_ref"] = refs.isso_post_py()
                    log(f"[{backend}] posting comments, 20 Python clients (httpx)")

                    def client_for(i):
                        c = httpx.Client(base_url=base, timeout=60, follow_redirects=False)
                        c.cookies.set("sessionid", seed["sessions"][i % len(seed["sessions"])])
                        c.cookies.set("csrftoken", csrf)
                        return c

                    rng = random.Random(8)

                    def post(client, i, n):
                        r = client.post(f"/community/article/{seed['post_id']}/comment/",
                                        data={"body": f"دیدگاه پایتون {i}-{n}: {sentence(rng, 10)}", "csrfmiddlewaretoken": csrf})
                        return r.status_code == 200

                    r["post_py_load"] = load()
                    r["post_py"] = hammer(20, args.seconds, client_for, post)
                    log(f"[{backend}]   {r['post_py']}  (load {r['post_py_load']:.1f})")
            if "vote" in args.metrics:
                r["vote_ref"] = refs.pgbench()
                log(f"[{backend}] votes on one article, 50 clients")
                r["vote_load"] = load()
                db_title = PG_BENCH_DB if backend == "postgres" else None
                before = (cpu_seconds(pgid=server.pid), cpu_seconds(cmdline=db_title) if db_title else 0.0)
                r["vote"] = wrk_lua(f"{base}/community/article/{seed['hot_id']}/vote/", args.seconds, 50, LUA_VOTE,
                                         [sessions, "2", csrf])
                sent = max(1, r["vote"]["ok"] + r["vote"]["failed"])
                r["vote"]["workers_cpu_ms"] = (cpu_seconds(pgid=server.pid) - before[0]) * 1000 / sent
                if db_title:
                    r["vote"]["database_cpu_ms"] = (cpu_seconds(cmdline=db_title) - before[1]) * 1000 / sent
                log(f"[{backend}]   {r['vote']}  (load {r['vote_load']:.1f})" + ratio(r["vote"]["per_s"], r["vote_ref"], "tps"))
        if args.metrics != "page,post,vote":
            result["partial"] = True
        for key, ref_key, field, ref_field in ROUND_METRICS:
            if not all(key in x for x in result["rounds"]):
                continue
            best = _median_round(result["rounds"], key, ref_key, field, ref_field)
            for k in (key, ref_key, f"{key}_load"):
                result[k] = best.get(k)
        first = result["rounds"][0]
        for k in ("post_py", "post_py_ref", "post_py_load"):
            result[k] = first.get(k)
        result["vote_check"] = run_child(env, "verify", {"article_id": seed["hot_id"]})
        log(f"[{backend}]   counters {result['vote_check']}")
        result["sidebar"] = run_child(env, "sidebar", {})
        log(f"[{backend}] sidebar lists {result['sidebar']}")
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        shutil.rmtree(data_dir, ignore_errors=True)
        if backend == "postgres" and not args.keep:
            pg_admin(f"DROP DATABASE IF EXISTS {PG_BENCH_DB}")
    return result


# --- references ------------------------------------------------------------------------
class References:
    """Isso (kept running through the whole run) and pgbench, each measured right before
    the Didgah figure it is compared with."""

    def __init__(self, args, backends):
        self.args = args
        self.isso = None
        self.isso_info = {}
        self.pg = "postgres" in backends
        if not args.skip_isso:
            self._isso_start()
        if self.pg:
            self._pgbench_setup()

    # Isso
    def _isso_start(self) -> None:
        import httpx

        isso = ISSO_VENV / "bin" / "isso"
        if not isso.exists():
            log("installing isso into /tmp/isso-venv (not a project dependency)")
            subprocess.run([sys.executable, "-m", "venv", str(ISSO_VENV)], check=True)
            subprocess.run([str(ISSO_VENV / "bin" / "pip"), "install", "-q", "isso"], check=True)
        version = subprocess.run([str(ISSO_VENV / "bin" / "pip"), "show", "isso"], capture_output=True,
                                 text=True).stdout
        self.isso_info["version"] = re.search(r"Version: (\S+)", version).group(1)
        self.isso_work = Path(tempfile.mkdtemp(prefix="isso-bench-"))
        port = free_port()
        (self.isso_work / "isso.cfg").write_text(f"""[general]
dbpath = {self.isso_work}/comments.db
host = http://127.0.0.1:{port}/
notify = stdout
[moderation]
enabled = false
[guard]
enabled = false
[server]
listen = http://127.0.0.1:{port}/
""")
        self.isso = subprocess.Popen([str(isso), "-c", str(self.isso_work / "isso.cfg"), "run"], cwd=self.isso_work,
                                     start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.isso_base = f"http://127.0.0.1:{port}"
        wait_http(f"{self.isso_base}/info")
        rng = random.Random(1404)
        headers = {"Content-Type": "application/json", "Referer": self.isso_base + "/", "Origin": self.isso_base}
        log(f"[isso {self.isso_info['version']}] seeding 500 comments on one thread")
        with httpx.Client(base_url=self.isso_base, timeout=60, headers=headers) as c:
            ids = []
            for i in range(THREAD_ROOTS + THREAD_REPLIES):
                payload = {"text": sentence(rng), "author": f"خواننده {i}", "title": "thread"}
                if i >= THREAD_ROOTS:
                    payload["parent"] = ids[i - THREAD_ROOTS]
                r = c.post("/new", params={"uri": "/thread"}, content=json.dumps(payload))
                r.raise_for_status()
                ids.append(r.json()["id"])
            listing = c.get("/", params={"uri": "/thread"})
            listing.raise_for_status()
            data = listing.json()
            self.isso_info["listed"] = len(data["replies"]) + sum(len(x.get("replies", [])) for x in data["replies"])
        wrk(f"{self.isso_base}/?uri=%2Fthread", 2)  # warm up

    def isso_page(self) -> dict | None:
        if self.isso is None:
            return None
        log(f"[isso] thread listing ({self.isso_info['listed']} comments)")
        before = load()
        r = wrk(f"{self.isso_base}/?uri=%2Fthread", self.args.seconds)
        r["load"] = before
        log(f"[isso]   {r}  (load {before:.1f})")
        return r

    def isso_post(self) -> dict | None:
        if self.isso is None:
            return None
        log("[isso] posting comments, 20 clients")
        before = load()
        text = json.dumps(f"نظر {sentence(random.Random(7), 10)}", ensure_ascii=False)[1:-1]
        r = wrk_lua(f"{self.isso_base}/new?uri=%2Fthread2", self.args.seconds, 20, LUA_ISSO_POST,
                    ["none", "2", "-", text])
        r["load"] = before
        log(f"[isso]   {r}  (load {before:.1f})")
        return r

    def isso_post_py(self) -> dict | None:
        import httpx

        if self.isso is None:
            return None
        log("[isso] posting comments, 20 Python clients (httpx)")
        before = load()
        rng = random.Random(9)
        headers = {"Content-Type": "application/json", "Referer": self.isso_base + "/", "Origin": self.isso_base}

        def client_for(i):
            return httpx.Client(base_url=self.isso_base, timeout=60, headers=headers)

        def post(client, i, n):
            r = client.post("/new", params={"uri": "/thread3"},
                            content=json.dumps({"text": f"نظر {i}-{n} {sentence(rng, 10)}", "author": f"x{i}",
                                                "title": "thread3"}))
            return r.status_code == 201

        r = hammer(20, self.args.seconds, client_for, post)
        r["load"] = before
        log(f"[isso]   {r}  (load {before:.1f})")
        return r

    # pgbench
    def _pgbench_setup(self) -> None:
        base = PG_URL.rsplit("/", 1)[0]
        self.pg_db = "bench_counter"
        pg_admin(f"DROP DATABASE IF EXISTS {self.pg_db}")
        pg_admin(f"CREATE DATABASE {self.pg_db}")
        self.pg_url = f"{base}/{self.pg_db}"
        subprocess.run(["psql", self.pg_url, "-qc", "CREATE TABLE counter (id int PRIMARY KEY, n bigint NOT NULL);"
                        "INSERT INTO counter VALUES (1, 0);"], check=True, capture_output=True)
        self.pg_script = Path(tempfile.mkstemp(suffix=".sql")[1])
        self.pg_script.write_text("UPDATE counter SET n = n + 1 WHERE id = 1;\n")

    def pgbench(self) -> dict | None:
        if not self.pg:
            return None
        log("[pgbench] 50 clients, one counter row")
        before = load()
        out = subprocess.run(["pgbench", "-n", "-c", "50", "-j", "2", "-T", str(self.args.seconds), "-f",
                              str(self.pg_script), self.pg_url], capture_output=True, text=True, check=True).stdout
        tps = float(re.search(r"tps = ([\d.]+)", out).group(1))
        log(f"[pgbench]   {tps:.0f} commits/s  (load {before:.1f})")
        return {"tps": tps, "load": before}

    def close(self) -> None:
        if self.isso is not None:
            os.killpg(self.isso.pid, signal.SIGTERM)
            self.isso.wait(timeout=20)
            shutil.rmtree(self.isso_work, ignore_errors=True)
        if self.pg:
            pg_admin(f"DROP DATABASE IF EXISTS {self.pg_db}")
            self.pg_script.unlink()


# --- report ----------------------------------------------------------------------------
def report(results: dict, args) -> str:
    info = results.get("isso") or {}
    lines = [
        "Community benchmark (bench/community_bench.py)",
        f"machine: {os.cpu_count()} cores, 24 GiB, shared with other engineers' work (load averages below); "
        f"{time.strftime('%Y-%m-%d %H:%M')}",
        f"scale {args.scale}: {args.readers:,} readers, {args.comments:,} comments, {args.votes:,} votes, "
        f"{args.articles:,} articles; {args.seconds} s per measurement; granian as `make run` starts it for each "
        "database (workers × threads below); "
        "wrk for every load; visitors' page cache off (PAGE_CACHE_SECONDS=0)",
        f"each reference is measured right before the figure it is compared with; {args.repeat} rounds per "
        "database, the round with the median ratio shown",
        "",
    ]
    for r in results["didgah"]:
        b = r["backend"]
        if r.get("server"):
            lines.append(f"[{b}] granian {r['server'][0]} workers × {r['server'][1]} thread(s)")
        lines.append(f"[{b}] seeding took {r['seed_s']:.1f} s ({', '.join(f'{k} {v:.1f}s' for k, v in r['seed']['timings'].items())})")
        page = f"[{b}] article page, {r['page_comments']} comments ({r['page_kb']:.0f} KB): " \
               f"{r['page']['rps']:.1f} req/s, p99 {r['page']['p99_ms']:.0f} ms, non-2xx {r['page']['non_2xx']} (load {r['page_load']:.1f})"
        if r.get("page_ref"):
            ref = r["page_ref"]
            page += f"  | Isso listing {ref['rps']:.2f} req/s (load {ref['load']:.1f}) → ×{r['page']['rps'] / ref['rps']:.0f} (target ×100)"
        lines.append(page)
        post = f"[{b}] posting, 20 clients: {r['post']['per_s']:.1f} comments/s (failed {r['post']['failed']}, " \
               f"p99 {r['post']['p99_ms']:.0f} ms, load {r['post_load']:.1f})"
        if r.get("post_ref"):
            ref = r["post_ref"]
            post += f"  | Isso {ref['per_s']:.1f}/s (failed {ref['failed']}, load {ref['load']:.1f}) → ×{r['post']['per_s'] / ref['per_s']:.1f} (target ×3)"
        lines.append(post)
        if r.get("post_py"):
            post = f"[{b}] posting, 20 Python (httpx) clients: {r['post_py']['per_s']:.1f} comments/s " \
                   f"(failed {r['post_py']['failed']}, load {r['post_py_load']:.1f})"
            if r.get("post_py_ref"):
                ref = r["post_py_ref"]
                post += f"  | Isso {ref['per_s']:.1f}/s (load {ref['load']:.1f}) → ×{r['post_py']['per_s'] / ref['per_s']:.1f}" \
                        " (the issue's calibration; the clients are the bottleneck)"
            lines.append(post)
        vote = f"[{b}] votes on one article, 50 clients: {r['vote']['per_s']:.0f} votes/s (failed {r['vote']['failed']}, " \
               f"p99 {r['vote']['p99_ms']:.0f} ms, load {r['vote_load']:.1f})"
        if r.get("vote_ref"):
            ref = r["vote_ref"]
            vote += f"  | pgbench {ref['tps']:.0f}/s (load {ref['load']:.1f}) → {r['vote']['per_s'] / ref['tps']:.2f} of it (orientation)"
        lines.append(vote)
        if len(r.get("rounds", [])) > 1:
            parts = []
            for key, ref_key, field, ref_field in ROUND_METRICS:
                if all(x.get(ref_key) for x in r["rounds"]):
                    ratios = ", ".join(f"{x[key][field] / x[ref_key][ref_field]:.2f}" for x in r["rounds"])
                    parts.append(f"{key} {ratios}")
            lines.append(f"[{b}]   ratio to the reference in each of {len(r['rounds'])} rounds (median shown above): "
                         + "; ".join(parts))
        if "workers_cpu_ms" in r["vote"]:
            database = (f", PostgreSQL's backends {r['vote']['database_cpu_ms']:.2f} ms" if "database_cpu_ms" in r["vote"]
                        else " (SQLite works inside them)")
            lines.append(f"[{b}]   CPU per vote: the server's processes {r['vote']['workers_cpu_ms']:.2f} ms{database}")
        check = r["vote_check"]
        lines.append(f"[{b}]   after one fold, stored up/down/score {check['stored']} vs vote rows {check['rows']}: "
                     f"{'equal' if check['stored'] == check['rows'] else 'MISMATCH'}")
        lines.append(f"[{b}] sidebar lists (voted, viewed, commented; cache off): median {r['sidebar']['median_ms']:.1f} ms, "
                     f"p95 {r['sidebar']['p95_ms']:.1f} ms")
        lines.append("")
    if info:
        lines.append(f"Isso {info['version']} (SQLite, its own threaded server), one thread of {info['listed']} comments; "
                     "pgbench: 50 clients, UPDATE counter SET n = n + 1 WHERE id = 1")
    return "\n".join(lines) + "\n"


def plot(results: dict) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=(14, 4.2))
    panels = [
        ("article page, 500 comments (req/s, log)", "page", "rps", "page_ref", "rps", "Isso", True),
        ("posting, 20 clients (comments/s)", "post", "per_s", "post_ref", "per_s", "Isso", False),
        ("votes on one article, 50 clients (/s)", "vote", "per_s", "vote_ref", "tps", "pgbench", False),
    ]
    for ax, (title, key, field, ref_key, ref_field, ref_name, logy) in zip(axes, panels):
        labels, vals, colors = [], [], []
        for r in results["didgah"]:
            labels.append(r["backend"])
            vals.append(r[key][field])
            colors.append("#0b5cad")
            if r.get(ref_key):
                labels.append(f"{ref_name}\n(before {r['backend']})")
                vals.append(r[ref_key][ref_field])
                colors.append("#999999")
        ax.bar(range(len(vals)), vals, color=colors)
        ax.set_xticks(range(len(vals)), labels, fontsize=8)
        ax.set_title(title, fontsize=10)
        if logy:
            ax.set_yscale("log")
        for i, v in enumerate(vals):
            ax.text(i, v, f"{v:.1f}", ha="center", va="bottom", fontsize=8)
    fig.tight_layout()
    fig.savefig(RESULTS / "community.png", dpi=110)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the full community to seed")
    parser.add_argument("--backends", default="sqlite,postgres",
                        help="sqlite (the embedded default: WAL, persistent connections), postgres")
    parser.add_argument("--seconds", type=int, default=10, help="length of each measurement")
    parser.add_argument("--repeat", type=int, default=3,
                        help="rounds of measurements per database (each with its references); the report "
                             "gives every round and takes the median ratio")
    parser.add_argument("--skip-isso", action="store_true")
    parser.add_argument("--no-py-clients", action="store_true",
                        help="skip the second posting measurement with Python clients")
    parser.add_argument("--metrics", default="page,post,vote",
                        help="which of page, post, vote to measure (for quick runs while tuning)")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL benchmark database")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child[0], json.loads(args.child[1]))))
        return 0
    args.readers = max(100, int(50_000 * args.scale))
    args.comments = max(1_000, int(1_000_000 * args.scale))
    args.votes = max(1_000, int(5_000_000 * args.scale))
    args.articles = 2_001  # coprime with 13: the vote generator relies on it
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    results = {"didgah": []}
    refs = References(args, backends)
    try:
        for backend in backends:
            results["didgah"].append(didgah_backend(backend, args, refs))
    finally:
        refs.close()
    results["isso"] = refs.isso_info or None
    if args.metrics != "page,post,vote":
        log("a partial run (--metrics): figures above, no report written")
        return 0
    text = report(results, args)
    print("\n" + text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "community.txt").write_text(text)
    (RESULTS / "community.json").write_text(json.dumps(results, ensure_ascii=False, indent=1))
    plot(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
