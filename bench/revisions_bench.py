"""Revisions benchmark: what keeping a revision adds to an article's save, and what a
revision's diff page costs to compute, beside the save itself in the same run.

- an editor's save (services.article_update changing a few words of a ~800-word body)
  with its revision, and the same save with revision_record switched off (the reference);
- an ingest-like save that changes nothing a revision keeps (the revision is skipped
  after reading the last one);
- revisions.compare of two revisions of that body (a few words changed), and of a
  body rewritten throughout (the worst case for the word diff).

    .venv/bin/python bench/revisions_bench.py [--saves 100]

Runs on a fresh SQLite database in a temporary DATA_DIR (the embedded default).
Prints the ratios and saves them to bench/results/revisions.txt.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WORDS = ("دولت مجلس وزیر گزارش نشست تهران اقتصاد بازار قیمت آب برق کشاورزی دانشگاه دانشجو "
         "کتاب‌ها نمایشگاه فرهنگ ورزش فوتبال تیم بازی مردم شهر روستا جاده باران برف سد انرژی "
         "نفت گاز صادرات واردات بانک ارز تورم سلامت بیمارستان پزشک آموزش مدرسه معلم می‌گوید").split()


def body(rnd: random.Random, paragraphs: int = 16, words: int = 50) -> str:
    return "".join(
        "<p>" + " ".join(rnd.choice(WORDS) for _ in range(words)) + "، "
        + '<a href="https://example.org/">پیوند</a>.</p>' for _ in range(paragraphs)
    )


def edit(text: str, rnd: random.Random, changes: int = 5) -> str:
    words = text.split(" ")
    for _ in range(changes):
        words[rnd.randrange(len(words))] = rnd.choice(WORDS)
    return " ".join(words)


def timed(fn, n: int) -> float:
    t = time.perf_counter()
    for i in range(n):
        fn(i)
    return (time.perf_counter() - t) / n


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--saves", type=int, default=100)
    args = parser.parse_args()

    os.environ.update(DATA_DIR=tempfile.mkdtemp(prefix="didgah-revisions-bench-"),
                      DJANGO_SETTINGS_MODULE="didgah.settings")
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from didgah.common.html import strip_tags
    from didgah.news import revisions, services
    from didgah.news.models import Article

    rnd = random.Random(18)
    article = services.article_create(title="خبر آزمایشی", lead="لید", body=body(rnd),
                                      status=Article.Status.PUBLISHED, tags=["دولت", "مجلس"])
    n_words = len(strip_tags(article.body).split())
    print(f"body: {n_words} words; {args.saves} saves each", flush=True)

    def editor_save(_i):
        services.article_update(article=article, body=edit(article.body, rnd))

    def unchanged_save(_i):
        services.article_update(article=article, body=article.body)

    with_revision = timed(editor_save, args.saves)
    skipped = timed(unchanged_save, args.saves)
    real = services.revision_record
    services.revision_record = lambda **kw: None
    try:
        reference = timed(editor_save, args.saves)
    finally:
        services.revision_record = real
    kept = article.revisions.count()

    old, new = article.revisions.order_by("number")[0].data, article.revisions.first().data
    few = timed(lambda _i: revisions.compare(old, {**old, "body": edit(old["body"], rnd)}), 20)
    rewritten = {**old, "body": body(random.Random(99))}
    many = timed(lambda _i: revisions.compare(old, rewritten), 5)
    history = timed(lambda _i: revisions.revision_list(article=article), 5)

    ms = 1000
    lines = [
        f"revisions benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores (shared), "
        f"Python {platform.python_version()}, SQLite (WAL) in a temp dir",
        f"article: {n_words}-word body in 16 paragraphs, 2 tags; {args.saves} saves per row",
        "",
        f"{'what':<62}{'ms':>9}{'vs save':>9}",
        f"{'save without a revision (reference)':<62}{reference * ms:>9.2f}{1:>9.2f}",
        f"{'save with its revision (a few words changed)':<62}{with_revision * ms:>9.2f}{with_revision / reference:>9.2f}",
        f"{'save changing nothing a revision keeps (none written)':<62}{skipped * ms:>9.2f}{skipped / reference:>9.2f}",
        f"{'diff of two revisions, a few words changed':<62}{few * ms:>9.2f}{few / reference:>9.2f}",
        f"{'diff of two revisions, body rewritten throughout':<62}{many * ms:>9.2f}{many / reference:>9.2f}",
        f"{'history list of ' + str(kept) + ' revisions (what each changed)':<62}{history * ms:>9.2f}{history / reference:>9.2f}",
        "",
        f"ratio: keeping the revision makes an editor's save {with_revision / reference:.2f}× the time of the same "
        f"save without it.",
    ]
    text = "\n".join(lines)
    print()
    print(text)
    out = ROOT / "bench" / "results" / "revisions.txt"
    out.write_text(text + "\n", encoding="utf-8")
    print(f"\nsaved to {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
