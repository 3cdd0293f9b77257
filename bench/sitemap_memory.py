"""Sitemap over 100,000+ articles in bounded memory.

Builds a throwaway SQLite database, inserts N articles with bulk_create, then serves
/sitemap.xml and every /sitemap-articles.xml?p=… page through Django's test client,
recording for each request the peak extra memory (tracemalloc) and the time. The
reference on the same run is the same measurement at N/10 articles: bounded memory
means the ratio of peaks stays near 1 while N grows tenfold.

    .venv/bin/python bench/sitemap_memory.py [N]   # default 100000
"""

import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
tmp = tempfile.mkdtemp(prefix="sitemap-bench-")
os.environ["DATA_DIR"] = tmp
os.environ["DATABASE_URL"] = ""
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "didgah.settings")
os.environ["TESTING"] = "1"

import django  # noqa: E402

django.setup()

from datetime import timedelta  # noqa: E402

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from didgah.feeds import conf  # noqa: E402
from didgah.news.models import Article  # noqa: E402


def insert(start: int, n: int) -> None:
    now = timezone.now()
    batch = []
    for i in range(start, start + n):
        batch.append(Article(title=f"خبر شمارهٔ {i}", slug=f"khabar-{i}", status="published",
                             published_at=now - timedelta(days=3, seconds=i)))
        if len(batch) == 5000:
            Article.objects.bulk_create(batch)
            batch = []
    if batch:
        Article.objects.bulk_create(batch)


def serve_all(client) -> dict:
    pages = -(-Article.objects.count() // conf.sitemap_page_size())
    urls = ["/sitemap.xml"] + [f"/sitemap-articles.xml?p={p}" for p in range(1, pages + 1)]
    worst, total_bytes, t0 = 0, 0, time.perf_counter()
    tracemalloc.start()
    for k, url in enumerate(urls, 1):
        cache.clear()
        before = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        r = client.get(url)
        assert r.status_code == 200, url
        total_bytes += len(r.content)
        del r
        worst = max(worst, tracemalloc.get_traced_memory()[1] - before)
        if k % 5 == 0 or k == len(urls):
            print(f"  served {k}/{len(urls)} sitemap files", flush=True)
    tracemalloc.stop()
    # The same files again without tracemalloc (which slows Python several times).
    t1 = time.perf_counter()
    for url in urls:
        cache.clear()
        assert client.get(url).status_code == 200
    untraced = time.perf_counter() - t1
    return {"untraced_ms": 1000 * untraced / len(urls),"pages": pages, "peak_mib": worst / 2**20, "seconds": time.perf_counter() - t0,
            "mib_out": total_bytes / 2**20}


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    call_command("migrate", verbosity=0)
    client = Client()
    rows = []
    have = 0
    for target in (n // 10, n):
        t0 = time.perf_counter()
        insert(have, target - have)
        print(f"inserted {target - have} articles in {time.perf_counter() - t0:.1f} s (total {target})", flush=True)
        have = target
        result = serve_all(client)
        rows.append((target, result))
    (small_n, small), (big_n, big) = rows
    lines = [
        f"sitemap over {big_n} articles, page size {conf.sitemap_page_size()} (SQLite, Django test client)",
        f"{'articles':>10} {'files':>6} {'peak MiB/request':>17} {'total s':>8} {'ms/file':>8} {'MiB served':>10} {'ms/file untraced':>16}",
    ]
    for count, r in rows:
        lines.append(f"{count:>10} {r['pages'] + 1:>6} {r['peak_mib']:>17.2f} {r['seconds']:>8.2f} "
                     f"{1000 * r['seconds'] / (r['pages'] + 1):>8.1f} {r['mib_out']:>10.1f} {r['untraced_ms']:>16.1f}")
    lines.append(f"ratio (N vs N/10): articles x{big_n / small_n:.0f}, peak memory per request "
                 f"x{big['peak_mib'] / small['peak_mib']:.2f}")
    text = "\n".join(lines)
    print(text)
    out = ROOT / "bench" / "results" / "sitemap_memory.txt"
    out.write_text(text + "\n")
    print(f"written to {out}")


if __name__ == "__main__":
    main()
