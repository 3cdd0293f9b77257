"""Search benchmark: Didgah's analysed index against a naive FTS5 index of the raw text,
on the same corpus, the same machine, the same run.

    .venv/bin/python bench/search_bench.py                 # 100,000 articles (a few minutes)
    .venv/bin/python bench/search_bench.py --articles 5000 # quick run

Builds a corpus of Persian news articles from sentence templates and a vocabulary, the
way published text varies (ZWNJ / space / joined compounds, Arabic ي ك, three digit
systems, diacritics, tatweel, plurals, verbs with and without «می»), stores it the way
the site does (didgah.news.services' display_text), adds the variant-table documents
(didgah/search/tests/variant_table.py), and prints for both indexes: build time and
size, query latency p50/p95 over realistic queries (full page: rank, count, 20
results with snippets), and recall on the variant table. SQLite, in a scratch DATA_DIR.
Results go to bench/results/search.txt and search.png.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ZW = "\u200c"

PEOPLE = ["رئیس‌جمهور", "وزیر اقتصاد", "سخنگوی دولت", "رئیس مجلس", "وزیر امور خارجه", "استاندار تهران",
          "شهردار اصفهان", "رئیس سازمان برنامه", "فرمانده نیروی هوایی", "مدیرعامل بانک مرکزی",
          "نمایندهٔ مردم شیراز", "سرمربی تیم ملی", "دبیر شورای عالی", "وزیر بهداشت", "رئیس کل دادگستری"]
PLACES = ["تهران", "اصفهان", "شیراز", "تبریز", "مشهد", "کرمان", "رشت", "اهواز", "یزد", "همدان",
          "بندرعباس", "زاهدان", "ارومیه", "قزوین", "کرمانشاه", "سنندج", "گرگان", "بوشهر"]
NOUNS = ["پهپاد", "موشک", "بودجه", "تورم", "قیمت", "نان", "بنزین", "خودرو", "مسکن", "دارو", "گندم",
         "برق", "آب", "سد", "کتابخانه", "بیمارستان", "مدرسه", "دانشگاه", "فرودگاه", "قطار", "پل",
         "کارخانه", "نیروگاه", "بازار", "بورس", "ارز", "طلا", "سکه", "صادرات", "واردات", "یارانه",
         "مالیات", "انتخابات", "قرارداد", "تحریم", "نمایشگاه", "جشنواره", "کنسرت", "فیلم", "کتاب",
         "زلزله", "سیل", "برف", "باران", "آلودگی", "ترافیک", "گردشگر", "کشاورز", "کارگر", "دانشجو",
         "معدن", "فولاد", "پتروشیمی", "گاز", "نفت", "بندر", "کشتی", "اتوبوس", "مترو", "تاکسی", "جاده",
         "تونل", "جنگل", "رودخانه", "دریاچه", "زباله", "بازیافت", "واکسن", "پزشک", "پرستار", "داروخانه",
         "موزه", "تئاتر", "کنکور", "معلم", "حقوق", "بیمه", "بازنشسته", "اجاره", "وام", "بانک", "چک",
         "اینترنت", "تلفن", "ماهواره", "رایانه", "استارتاپ", "زعفران", "پسته", "خرما", "برنج", "چای"]
ADJ = ["تازه", "بزرگ", "مهم", "جدید", "ملی", "داخلی", "خارجی", "سنگین", "کوچک", "گران", "ارزان"]
VERBS_PRES = [("می", "گوید"), ("می", "کند"), ("می", "رسد"), ("می", "شود"), ("می", "دهد"),
              ("نمی", "شود"), ("می", "خواهد"), ("می", "رود"), ("می", "ماند"), ("می", "آید")]
VERBS_PAST = ["گفت", "کرد", "رسید", "شد", "داد", "اعلام کرد", "افزود", "تأکید کرد", "خبر داد"]
COMPOUNDS = [("رئیس", "جمهور"), ("ریز", "پرنده"), ("کتاب", "خانه"), ("دانش", "آموز"), ("آتش", "بس"),
             ("سازمان", "ملل"), ("راه", "آهن"), ("بین", "المللی"), ("تیم", "ملی"), ("خبر", "نگار")]
SOURCES = ["خبرگزاری پرتو", "روزنامهٔ آفتاب", "رادیو آوا", "پایگاه خبری نگاه", "شبکهٔ خبر امروز"]

TEMPLATES = [
    "{person} در {place} {past} که {noun} {adj} در {num} ماه آینده {verb}.",
    "به گزارش {source}، {plural} {adj} در {place} {past}.",
    "{compound} امروز دربارهٔ {noun} و {noun2} سخن گفت و {past}.",
    "کارشناسان {verb_pl} که {noun} در سال {year} {adj}تر از سال گذشته است.",
    "قیمت {noun} در بازار {place} به {num} هزار تومان رسید و {noun2} هم گران شد.",
    "{person} با اشاره به {plural} {past} که برنامهٔ {noun} {verb}.",
    "در این نشست که در {place} برگزار شد، {compound} و {person} دربارهٔ {noun} گفت‌وگو کردند.",
    "آمارها نشان {verb} که {plural} در {num} درصد موارد {adj} بوده‌اند.",
    "{source} نوشت: {noun} {adj}ترین موضوع هفته بود و {compound} به آن {past}.",
    "این طرح با هزینهٔ {num} میلیارد تومان در {place} اجرا {verb}.",
]


def digits(n: int, rng: random.Random, arabic_letters: bool) -> str:
    s = str(n)
    r = rng.random()
    if r < 0.7:
        return s.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    if r < 0.9:
        return s
    return s.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))


def glue(a: str, b: str, rng: random.Random) -> str:
    """One compound, written with a ZWNJ, a space or joined."""
    r = rng.random()
    return a + (ZW if r < 0.6 else "" if r < 0.85 else " ") + b


def sentence(rng: random.Random, topic: list[str]) -> str:
    """One sentence about the article's topic (its own handful of nouns), so a word
    occurs in a realistic share of articles rather than in nearly all of them."""
    noun = rng.choice(topic)
    plural_sep = rng.choice([ZW, ZW, "", " "])
    pre, stem = rng.choice(VERBS_PRES)
    verb = pre + rng.choice([ZW, ZW, "", " "]) + stem
    pre2, stem2 = rng.choice(VERBS_PRES)
    fields = {
        "person": rng.choice(PEOPLE), "place": rng.choice(PLACES), "past": rng.choice(VERBS_PAST),
        "noun": noun, "noun2": rng.choice(topic), "adj": rng.choice(ADJ),
        "plural": noun + plural_sep + rng.choice(["ها", "های", "هایی"]) + (" " + rng.choice(ADJ) if rng.random() < 0.5 else ""),
        "verb": verb, "verb_pl": pre2 + rng.choice([ZW, ""]) + stem2[:-1] + "ند",
        "compound": glue(*rng.choice(COMPOUNDS), rng),
        "source": rng.choice(SOURCES), "num": digits(rng.randint(2, 950), rng, False),
        "year": digits(rng.randint(1398, 1405), rng, False),
    }
    return rng.choice(TEMPLATES).format(**fields)


def vary(text: str, rng: random.Random) -> str:
    """Per-article habits of the writer: Arabic letters, diacritics, tatweel."""
    if rng.random() < 0.1:
        text = text.replace("ی", "ي").replace("ک", "ك")
    if rng.random() < 0.05:
        text = text.replace("مدیر", "مُدیرِ").replace("تهران", "تهـــران")
    return text


def make_article_text(rng: random.Random) -> tuple[str, str, str]:
    topic = rng.sample(NOUNS, 4)
    title = sentence(rng, topic).rstrip(".")[:120]
    lead = sentence(rng, topic)
    paragraphs = []
    for _ in range(rng.randint(4, 7)):
        paragraphs.append("<p>" + " ".join(sentence(rng, topic) for _ in range(rng.randint(3, 5))) + "</p>")
    return vary(title, rng), vary(lead, rng), vary("\n".join(paragraphs), rng)


REALISTIC_QUERIES = [
    "پهپاد", "پهپادهای تازه", "رئیس جمهور", "رئیس‌جمهور اصفهان", "قیمت طلا", "قیمت نان تهران",
    "تورم ۱۴۰۴", "بودجه 1403", "سیل مشهد", "زلزله کرمان", "وزیر اقتصاد", "سخنگوی دولت",
    "بورس", "یارانه بنزین", "سازمان ملل", "آتش‌بس", "کتابخانه", "دانش آموزان", "راه آهن تبریز",
    "\"نشست خبری\"", "«قیمت مسکن»", "نمایشگاه کتاب", "فرودگاه بندرعباس", "تحریم صادرات",
    "می‌گوید", "نمیشود", "بزرگترین سد", "خودروهای ارزان", "انتخابات مجلس", "کشاورزان گندم",
    "آلودگی تهران", "ترافیک", "جشنواره فیلم", "تیم ملی", "برق کارخانه", "خبرنگاران",
    "مالیات", "ارز", "بیمارستان شیراز", "قرارداد نیروگاه",
]


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    k = (len(values) - 1) * p
    lo = int(k)
    hi = min(lo + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3, help="times each query is run")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results"))
    args = parser.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="didgah-search-bench-"))
    os.environ["DATA_DIR"] = str(data_dir)
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "didgah.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from didgah import persian
    from didgah.news.models import Article, Source
    from didgah.search import analysis, backends, services
    from didgah.search.selectors import search_articles
    from didgah.search.tests.variant_table import VARIANT_QUERIES, load_documents

    out_lines: list[str] = []

    def say(line: str = "") -> None:
        print(line, flush=True)
        out_lines.append(line)

    def db_bytes() -> int:
        with connection.cursor() as c:
            c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            c.execute("PRAGMA page_count")
            pages = c.fetchone()[0]
            c.execute("PRAGMA freelist_count")
            free = c.fetchone()[0]
            c.execute("PRAGMA page_size")
            return (pages - free) * c.fetchone()[0]

    call_command("migrate", verbosity=0)
    rng = random.Random(1404)
    sources = [Source.objects.create(name=persian.display_text(n), slug=f"bench-{i}") for i, n in enumerate(SOURCES)]

    # --- corpus ---------------------------------------------------------------------
    say(f"# Didgah search benchmark: {args.articles:,} articles, SQLite {connection.Database.sqlite_version}")
    t0 = time.monotonic()
    now = timezone.now()
    batch: list[Article] = []
    chars = 0
    Article.objects.all().delete()
    for i in range(args.articles):
        title, lead, body = make_article_text(rng)
        # Stored as the site stores it (article_save): display_text, ZWNJ repaired.
        title, lead, body = persian.display_text(title), persian.display_text(lead), persian.display_text(body)
        chars += len(title) + len(lead) + len(body)
        batch.append(Article(
            title=title[:300], slug="-", lead=lead, body=body, status=Article.Status.PUBLISHED,
            published_at=now - timedelta(minutes=rng.randint(10, 60 * 24 * 365 * 2)),
            source=rng.choice(sources),
        ))
        if len(batch) == 2000 or i == args.articles - 1:
            # Straight inserts: the services would index as they go, and we time that separately.
            with transaction.atomic():
                Article.objects.bulk_create(batch)
            batch = []
            print(f"\rseeding {i + 1:,}/{args.articles:,} ({(i + 1) / (time.monotonic() - t0):.0f}/s)", end="", flush=True)
    print()
    with transaction.atomic():
        table_ids = load_documents()  # through the services: indexed like editors' articles
    n_articles = Article.objects.count()
    say(f"corpus: {n_articles:,} articles, {chars / max(args.articles, 1):.0f} characters each on average, "
        f"seeded in {time.monotonic() - t0:.0f}s")
    from django.db import connection as conn
    with conn.cursor() as c:
        c.execute("DELETE FROM search_searchdocument")

    # --- build: naive ----------------------------------------------------------------
    base = db_bytes()
    t0 = time.monotonic()
    with conn.cursor() as c:
        c.execute("CREATE VIRTUAL TABLE naive_fts USING fts5(title, lead, body, content='news_article', content_rowid='id')")
        c.execute("INSERT INTO naive_fts(naive_fts) VALUES ('rebuild')")
    naive_build = time.monotonic() - t0
    naive_size = db_bytes() - base
    print("naive index built")

    # --- build: didgah ---------------------------------------------------------------
    base = db_bytes()
    t0 = time.monotonic()

    def progress(done: int, total: int) -> None:
        print(f"\rindexing {done:,}/{total:,} ({done / (time.monotonic() - t0):.0f}/s)", end="", flush=True)

    services.search_reindex(batch_size=1000, progress=progress)
    with conn.cursor() as c:
        c.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
    print()
    didgah_build = time.monotonic() - t0
    didgah_size = db_bytes() - base

    # --- queries ---------------------------------------------------------------------
    def naive_expr(q: str) -> str:
        """What a site without Persian analysis does (with the same CROSS JOIN plan fix
        as Didgah's queries, so the comparison is of the analysis, not of the planner): the reader's words, each quoted so
        FTS5 syntax cannot break the query, all required."""
        import re

        phrases = re.findall(r'"([^"]+)"|«([^»]+)»', q)
        rest = re.sub(r'"[^"]*"|«[^»]*»', " ", q)
        parts = ['"' + (a or b).replace('"', "") + '"' for a, b in phrases]
        parts += ['"' + w.replace('"', "") + '"' for w in rest.replace('"', " ").split()]
        return " ".join(p for p in parts if p != '""')

    def naive_page(q: str) -> int:
        expr = naive_expr(q)
        if not expr:
            return 0
        when = connection.ops.adapt_datetimefield_value(timezone.now())
        with conn.cursor() as c:
            c.execute(
                """SELECT a.id, snippet(naive_fts, 2, '<mark>', '</mark>', '…', 24)
                   FROM naive_fts f CROSS JOIN news_article a ON a.id = f.rowid
                   WHERE naive_fts MATCH %s AND a.status IN ('published', 'scheduled') AND a.published_at <= %s
                   ORDER BY rank LIMIT 20""", [expr, when])
            rows = c.fetchall()
            c.execute(
                """SELECT count(*) FROM naive_fts f CROSS JOIN news_article a ON a.id = f.rowid
                   WHERE naive_fts MATCH %s AND a.status IN ('published', 'scheduled') AND a.published_at <= %s""",
                [expr, when])
            total = c.fetchone()[0]
        list(Article.objects.filter(pk__in=[r[0] for r in rows]).select_related("source")
             .only("id", "title", "slug", "published_at", "source__name"))
        return total

    def timed(fn, queries) -> tuple[list[float], dict[str, int]]:
        times, totals = [], {}
        for q in queries:
            fn(q)  # warm
        for _ in range(args.repeat):
            for q in queries:
                t = time.perf_counter()
                totals[q] = fn(q)
                times.append((time.perf_counter() - t) * 1000)
        return times, totals

    def didgah_page(q: str) -> int:
        return search_articles(query=q)["total"]

    def didgah_match_only(q: str) -> int:
        return backends.matches(analysis.parse_query(q), backends.Filters(now=timezone.now()), limit=20, offset=0)[1]

    d_times, d_totals = timed(didgah_page, REALISTIC_QUERIES)
    m_times, _ = timed(didgah_match_only, REALISTIC_QUERIES)
    n_times, n_totals = timed(naive_page, REALISTIC_QUERIES)

    # --- recall on the variant table -------------------------------------------------
    id_list = ",".join(str(i) for i in table_ids.values())
    by_id = {v: k for k, v in table_ids.items()}

    def found_didgah(q: str) -> set[str]:
        parsed = analysis.parse_query(q)
        if parsed.is_empty:
            return set()
        with conn.cursor() as c:
            c.execute(f"SELECT rowid FROM search_fts WHERE search_fts MATCH %s AND rowid IN ({id_list})",
                      [analysis.fts5_expression(parsed)])
            return {by_id[r[0]] for r in c.fetchall()}

    def found_naive(q: str) -> set[str]:
        expr = naive_expr(q)
        if not expr:
            return set()
        with conn.cursor() as c:
            c.execute(f"SELECT rowid FROM naive_fts WHERE naive_fts MATCH %s AND rowid IN ({id_list})", [expr])
            return {by_id[r[0]] for r in c.fetchall()}

    def recall(found) -> tuple[int, int, int, int, list[str]]:
        full = pairs = hit = extra = 0
        missed = []
        for q, expected in VARIANT_QUERIES:
            got = found(q)
            pairs += len(expected)
            hit += len(got & set(expected))
            extra += len(got - set(expected))
            if set(expected) <= got:
                full += 1
            else:
                missed.append(q)
        return full, hit, pairs, extra, missed

    d_full, d_hit, pairs, d_extra, d_missed = recall(found_didgah)
    n_full, n_hit, _, n_extra, n_missed = recall(found_naive)
    nq = len(VARIANT_QUERIES)

    # --- report ----------------------------------------------------------------------
    def row(name, a, b, fmt="{:,.1f}"):
        ratio = a / b if b else float("nan")
        say(f"{name:<42} {fmt.format(a):>14} {fmt.format(b):>14} {ratio:>8.2f}")

    say()
    say(f"{'':<42} {'didgah':>14} {'naive FTS5':>14} {'ratio':>8}")
    row("index build time (s)", didgah_build, naive_build)
    row("index size (MB)", didgah_size / 1e6, naive_size / 1e6)
    dp50, dp95 = percentile(d_times, 0.5), percentile(d_times, 0.95)
    np50, np95 = percentile(n_times, 0.5), percentile(n_times, 0.95)
    row("query p50, full page (ms)", dp50, np50)
    row("query p95, full page (ms)", dp95, np95)
    row("query p50, match+rank+count only (ms)", percentile(m_times, 0.5), np50)
    row("query p95, match+rank+count only (ms)", percentile(m_times, 0.95), np95)
    row("variant queries fully found", d_full, n_full, "{:,.0f}")
    say(f"{'variant recall (documents found)':<42} {d_hit / pairs:>14.1%} {n_hit / pairs:>14.1%}")
    say(f"{'variant queries fully found (share)':<42} {d_full / nq:>14.1%} {n_full / nq:>14.1%}")
    say(f"{'extra table documents matched':<42} {d_extra:>14} {n_extra:>14}")
    say()
    say(f"{len(REALISTIC_QUERIES)} realistic queries × {args.repeat} runs; full page = rank, count, 20 results "
        "with highlighted snippets (naive: FTS5 snippet()).")
    say(f"target: every variant found ({d_full}/{nq}) and p95 ≤ 2× naive "
        f"({dp95:.1f} ms vs {2 * np95:.1f} ms): {'MET' if d_full == nq and dp95 <= 2 * np95 else 'NOT MET'}")
    if d_missed:
        say("didgah missed: " + " | ".join(d_missed))
    say("naive missed: " + " | ".join(n_missed))
    say()
    say("realistic queries (matches didgah / naive): " + ", ".join(
        f"{q} {d_totals[q]:,}/{n_totals[q]:,}" for q in REALISTIC_QUERIES))
    say(f"machine: {os.cpu_count()} cores, shared; python {sys.version.split()[0]}")

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    suffix = "" if args.articles == 100_000 else f"-{args.articles}"
    (out / f"search{suffix}.txt").write_text("\n".join(out_lines) + "\n", encoding="utf-8")
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        fig, axes = plt.subplots(1, 2, figsize=(9, 3.6))
        labels = ["p50", "p95"]
        axes[0].bar([0, 1], [dp50, dp95], width=0.35, label="didgah")
        axes[0].bar([0.35, 1.35], [np50, np95], width=0.35, label="naive FTS5")
        axes[0].set_xticks([0.17, 1.17], labels)
        axes[0].set_ylabel("ms (full results page)")
        axes[0].legend()
        axes[1].bar(["didgah", "naive FTS5"], [d_full / nq * 100, n_full / nq * 100], color=["C0", "C1"])
        axes[1].set_ylabel("% variant queries fully found")
        fig.suptitle(f"Search, {n_articles:,} articles (SQLite FTS5)")
        fig.tight_layout()
        fig.savefig(out / f"search{suffix}.png", dpi=100)
    except Exception as exc:  # the figures are in the text file either way
        print("plot skipped:", exc)
    if not args.keep:
        shutil.rmtree(data_dir, ignore_errors=True)
    else:
        print("database kept in", data_dir)


if __name__ == "__main__":
    main()
