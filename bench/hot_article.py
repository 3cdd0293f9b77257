"""The hot article: many readers voting and commenting on one article at once, through
the production profile on PostgreSQL; afterwards nothing accepted is missing.

    .venv/bin/python bench/hot_article.py                       # 200 clients, 60 s
    .venv/bin/python bench/hot_article.py --clients 50 --seconds 10

It seeds a scratch PostgreSQL database (`didgah_bench_hot`, dropped at the end) with
bench/load_bench.py's seed, starts `python -m didgah.prod` (nginx, granian with serve.py's
workers, Redis db 9 under its own key prefix, deleted at the end), and runs one thread
per client, each a logged-in reader with its own session, for the given time:
two thirds of its requests vote on the article (htmx, so the answer shows the vote the
server recorded), one third post a comment without JavaScript (the confirmation page
links to the new comment). Per-reader rate limits are lifted through the environment,
as in load_bench.py.

Afterwards it folds the counters once (services.counters_fold, as the scheduler does
every second) and checks, in the database: every comment the server accepted exists;
every reader's stored vote is the one the server last reported to them; the article's
counters (votes up, down, score, comments) equal the row counts; and no request timed
out or failed. tests/test_hot_article.py runs a short version against a live server.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

VOTE_STATE = re.compile(r'id="article-vote-(up|down)"\s+aria-pressed="(true|false)"')
# The confirmation page's link back to the article names the new comment.
COMMENT_ID = re.compile(r'id="back-link" href="[^"]*#c-(\d+)"')


def hammer(base: str, readers: list[tuple[str, str]], article_id: int, clients: int, seconds: float,
           timeout: float = 30.0) -> dict:
    """Run `clients` threads (reader i is client i) for `seconds`; what the server accepted."""
    import httpx

    results = [None] * clients
    barrier = threading.Barrier(clients + 1)
    stop_at = [0.0]

    def run(i: int) -> None:
        session, csrf = readers[i]
        out = {"comments": [], "vote": 0, "votes_sent": 0, "latencies": [], "timeouts": 0, "errors": []}
        client = httpx.Client(base_url=base, timeout=timeout, follow_redirects=False,
                              cookies={"sessionid": session, "csrftoken": csrf},
                              headers={"X-CSRFToken": csrf, "User-Agent": f"Mozilla/5.0 hot-article/{i}"})
        n = 0
        barrier.wait()
        try:
            while time.perf_counter() < stop_at[0]:
                n += 1
                t = time.perf_counter()
                try:
                    if n % 3:
                        value = 1 if (i + n) % 4 else -1
                        r = client.post(f"/community/article/{article_id}/vote/", data={"value": value},
                                        headers={"HX-Request": "true"})
                        out["votes_sent"] += 1
                        if r.status_code != 200 or "vote-error" in r.text:
                            out["errors"].append(f"vote {r.status_code}")
                        else:
                            state = dict(VOTE_STATE.findall(r.text))
                            out["vote"] = 1 if state.get("up") == "true" else -1 if state.get("down") == "true" else 0
                    else:
                        r = client.post(f"/community/article/{article_id}/comment/",
                                        data={"body": f"دیدگاه همزمان {i} شمارهٔ {n}"})
                        m = COMMENT_ID.search(r.text) if r.status_code == 200 else None
                        if m:
                            out["comments"].append(int(m.group(1)))
                        else:
                            out["errors"].append(f"comment {r.status_code}")
                except httpx.TimeoutException:
                    out["timeouts"] += 1
                except httpx.HTTPError as exc:
                    out["errors"].append(type(exc).__name__)
                out["latencies"].append(time.perf_counter() - t)
        finally:
            client.close()
            results[i] = out

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(clients)]
    for t in threads:
        t.start()
    stop_at[0] = time.perf_counter() + seconds
    barrier.wait()
    start = time.perf_counter()
    for t in threads:
        t.join(timeout=seconds + timeout + 30)
    elapsed = time.perf_counter() - start
    done = [r for r in results if r is not None]
    latencies = sorted(x for r in done for x in r["latencies"]) or [0.0]
    return {
        "clients": clients, "finished_clients": len(done), "seconds": elapsed,
        "requests": len(latencies), "per_s": len(latencies) / elapsed,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
        "max_ms": latencies[-1] * 1000,
        "timeouts": sum(r["timeouts"] for r in done), "errors": [e for r in done for e in r["errors"]],
        "comments": [c for r in done for c in r["comments"]],
        "votes": {i: r["vote"] for i, r in enumerate(results) if r is not None},
        "votes_sent": sum(r["votes_sent"] for r in done),
    }


def verify(*, article_id: int, comment_ids: list[int], expected_votes: dict[int, int], usernames: list[str]) -> dict:
    """Inside Django, after one fold of the counters: what the database holds against
    what the server accepted."""
    from django.contrib.auth import get_user_model

    from didgah.community.models import ArticleVote, Comment
    from didgah.community.services import counters_fold
    from didgah.news.models import Article

    counters_fold()

    article = Article.objects.get(pk=article_id)
    stored = set(Comment.objects.filter(pk__in=comment_ids).values_list("pk", flat=True))
    users = dict(get_user_model().objects.filter(username__in=usernames).values_list("username", "pk"))
    votes = dict(ArticleVote.objects.filter(article_id=article_id).values_list("user_id", "value"))
    wrong_votes = [i for i, value in expected_votes.items() if votes.get(users[usernames[int(i)]], 0) != value]
    up = ArticleVote.objects.filter(article_id=article_id, value=1).count()
    down = ArticleVote.objects.filter(article_id=article_id, value=-1).count()
    visible = Comment.objects.filter(article_id=article_id, status="approved", is_deleted=False).count()
    return {
        "missing_comments": len(set(comment_ids) - stored),
        "wrong_votes": len(wrong_votes),
        "counters": [article.votes_up, article.votes_down, article.score, article.comment_count],
        "rows": [up, down, up - down, visible],
    }


def main() -> int:
    import load_bench as lb

    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        import os

        import django

        sys.path.insert(0, str(lb.ROOT))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", lb.SETTINGS)
        django.setup()
        print(json.dumps(verify(**json.loads(sys.argv[2]))))
        return 0

    import os
    import subprocess
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()

    db = "didgah_bench_hot"
    work = Path(tempfile.mkdtemp(prefix="didgah-hot-article-"))
    os.chmod(work, 0o755)  # nginx's workers (www-data when run as root) read below it
    env = lb.base_env(work)
    base_url = lb.PG_URL.rsplit("/", 1)[0]
    lb.pg_admin(f"DROP DATABASE IF EXISTS {db}")
    lb.pg_admin(f"CREATE DATABASE {db}")
    env.update({"DATABASE_URL": f"{base_url}/{db}", "REDIS_URL": f"redis://127.0.0.1:6379/{lb.REDIS_DB}",
                "CACHE_PREFIX": lb.REDIS_PREFIX})
    lb.redis_clear()
    proc = None
    try:
        lb.log(f"seeding {args.clients} readers (PostgreSQL database {db})")
        seed = lb.run_child(env, "seed", {"readers": args.clients})
        port = lb.free_port()
        proc = lb.start_server("prod", env, port)
        base = f"http://127.0.0.1:{port}"
        lb.wait_http(base + seed["hot_url"])
        lb.log(f"{args.clients} clients voting and commenting on one article for {args.seconds:.0f} s "
               "through the production profile")
        result = hammer(base, [tuple(r) for r in seed["readers"]], seed["hot_id"], args.clients, args.seconds)
        time.sleep(1)
        usernames = [f"bench{i}" for i in range(args.clients)]
        out = subprocess.run(
            [lb.PY, __file__, "--child", json.dumps({
                "article_id": seed["hot_id"], "comment_ids": result["comments"],
                "expected_votes": result["votes"], "usernames": usernames})],
            env=env, cwd=lb.ROOT, stdout=subprocess.PIPE, text=True, check=True)
        check = json.loads(out.stdout.strip().splitlines()[-1])
        memory = lb.summarize_memory(lb.memory(proc.pid))
        workers, threads = lb.server_concurrency(env, None)
    finally:
        if proc is not None:
            lb.stop(proc)
        lb.redis_clear()
        for _ in range(10):
            try:
                lb.pg_admin(f"DROP DATABASE IF EXISTS {db}")
                break
            except subprocess.CalledProcessError:
                time.sleep(1)

    ok = (check["missing_comments"] == 0 and check["wrong_votes"] == 0 and check["counters"] == check["rows"]
          and result["timeouts"] == 0 and not result["errors"] and result["finished_clients"] == args.clients)
    text = "\n".join([
        f"Hot article: {args.clients} clients voting and commenting on one article for {result['seconds']:.0f} s",
        f"machine: {lb.machine()}",
        f"server: python -m didgah.prod (nginx, granian {workers} workers x {threads} threads), PostgreSQL, Redis",
        "",
        f"requests: {result['requests']:,} ({result['per_s']:.0f}/s), p50 {result['p50_ms']:.0f} ms, "
        f"p99 {result['p99_ms']:.0f} ms, max {result['max_ms']:.0f} ms",
        f"accepted: {len(result['comments']):,} comments, {result['votes_sent']:,} votes",
        f"timeouts: {result['timeouts']}, errors: {len(result['errors'])} {sorted(set(result['errors']))[:5]}",
        f"accepted comments missing from the database: {check['missing_comments']}",
        f"readers whose stored vote differs from the one the server reported: {check['wrong_votes']}",
        f"after one fold, counters (votes up, down, score, comments) {check['counters']} vs rows {check['rows']}",
        f"RSS MB: {memory}",
        f"result: {'OK' if ok else 'FAILED'}",
    ]) + "\n"
    print("\n" + text)
    lb.RESULTS.mkdir(exist_ok=True)
    (lb.RESULTS / "hot_article.txt").write_text(text)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
