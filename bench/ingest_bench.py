"""Ingest benchmark: a generated 2,000-entry Persian RSS feed through the whole pipeline
(local HTTP fetch → encoding check → feedparser → mapping → dedupe → SimHash clustering →
article_save with display_text + clean_html → fetch log), next to feedparser.parse alone
on the same bytes. Prints entries per second side by side and the ratio, and saves them
to bench/results/ingest.txt.

    .venv/bin/python bench/ingest_bench.py [--entries 2000]

Runs on a fresh SQLite database in a temporary DATA_DIR (the embedded default).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WORDS = ("دولت مجلس وزیر گزارش نشست تهران اقتصاد بازار قیمت آب برق کشاورزی دانشگاه دانشجو "
         "کتاب نمایشگاه فرهنگ ورزش فوتبال تیم بازی مردم شهر روستا جاده باران برف سد انرژی "
         "نفت گاز صادرات واردات بانک ارز تورم سلامت بیمارستان پزشک آموزش مدرسه معلم").split()
LOST_ZWNJ = ["میگوید", "کتابها", "رئیسجمهور", "گفتهاند", "میشود", "نامههایی"]


def make_feed(n: int, seed: int = 4) -> bytes:
    rnd = random.Random(seed)
    now = datetime.now(timezone.utc)
    items = []
    for i in range(n):
        words = [rnd.choice(WORDS) for _ in range(60)] + rnd.sample(LOST_ZWNJ, 2)
        rnd.shuffle(words)
        p1, p2 = " ".join(words[:30]), " ".join(words[30:])
        title = " ".join(words[:7])
        date = format_datetime(now - timedelta(minutes=i))
        items.append(
            f"<item><title>{title} {i}</title><link>https://bench.example/news/{i}/?utm_source=rss</link>"
            f"<guid isPermaLink=\"false\">bench-{i}</guid><pubDate>{date}</pubDate>"
            f"<author>desk@bench.example (دبیر {i % 17})</author>"
            f"<description><![CDATA[<p>{p1}.</p><p>{p2} <a href=\"/tag/{i}\">برچسب</a></p>"
            f"<img src=\"/img/{i}.jpg\" alt=\"عکس {i}\"><script>alert({i})</script>]]></description></item>"
        )
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>بنچمارک</title>'
            '<link>https://bench.example/</link><description>d</description>'
            + "".join(items) + "</channel></rss>").encode("utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3, help="best of N for feedparser alone")
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="didgah-ingest-bench-")
    os.environ.update(DATA_DIR=tmp, INGEST_ALLOW_PRIVATE="1", DJANGO_SETTINGS_MODULE="didgah.settings")
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    import feedparser

    from didgah.ingest import services
    from didgah.ingest.localserver import LocalServer, Route
    from didgah.news.models import Article

    body = make_feed(args.entries)
    print(f"feed: {args.entries} entries, {len(body) / 1e6:.1f} MB")

    parse_times = []
    for r in range(args.repeat):
        t = time.perf_counter()
        parsed = feedparser.parse(body, sanitize_html=False)
        parse_times.append(time.perf_counter() - t)
        print(f"  feedparser.parse alone, run {r + 1}/{args.repeat}: {parse_times[-1]:.2f} s")
    assert len(parsed.entries) == args.entries
    parse_rate = args.entries / min(parse_times)

    with LocalServer({"/feed": Route(body=body)}) as server:
        source, _ = services.source_add(feed_url=server.url("/feed"), name="بنچمارک", discover=False)
        print("  whole pipeline, first poll (every entry new) ...", flush=True)
        t = time.perf_counter()
        report = services.feed_poll(source=source)
        first = time.perf_counter() - t
        assert report.taken == args.entries, (report.taken, report.error, report.skipped[:3])
        print("  whole pipeline, second poll (every entry already known) ...", flush=True)
        t = time.perf_counter()
        again = services.feed_poll(source=source)
        second = time.perf_counter() - t
        assert again.known == args.entries and Article.objects.count() == args.entries

    new_rate = args.entries / first
    known_rate = args.entries / second
    lines = [
        f"ingest benchmark, {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC",
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores (shared), "
        f"Python {platform.python_version()}, SQLite (WAL) in a temp dir",
        f"feed: {args.entries} entries, {len(body) / 1e6:.1f} MB RSS, Persian text with lost ZWNJs, "
        "relative links, an image and a script per entry",
        "",
        f"{'what':<52}{'entries/s':>12}{'vs parse':>10}",
        f"{'feedparser.parse alone (best of ' + str(args.repeat) + ')':<52}{parse_rate:>12.0f}{1:>10.2f}",
        f"{'whole pipeline, all new (fetch → article_save)':<52}{new_rate:>12.0f}{new_rate / parse_rate:>10.2f}",
        f"{'whole pipeline, rerun (all known, nothing written)':<52}{known_rate:>12.0f}{known_rate / parse_rate:>10.2f}",
        "",
        f"ratio: the whole pipeline imports new entries at {new_rate / parse_rate:.2f}× the rate "
        f"feedparser alone parses them ({parse_rate / new_rate:.1f}× slower).",
    ]
    text = "\n".join(lines)
    print()
    print(text)
    out = ROOT / "bench" / "results" / "ingest.txt"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text + "\n", encoding="utf-8")
    print(f"\nsaved to {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
