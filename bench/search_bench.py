"""Search benchmark: Didgah's analysed index against plain full-text indexes of the
raw text, on the same corpus, the same machine, the same run, on SQLite or PostgreSQL.

    .venv/bin/python bench/search_bench.py                       # SQLite, 100,000 articles
    .venv/bin/python bench/search_bench.py --database postgres   # PostgreSQL, 100,000
    .venv/bin/python bench/search_bench.py --database postgres --articles 1000000
    .venv/bin/python bench/search_bench.py --articles 5000       # quick run

Builds a corpus of Persian news articles from sentence templates and a vocabulary, the
way published text varies (ZWNJ / space / joined compounds, Arabic ي ك, three digit
systems, diacritics, tatweel, plurals, verbs with and without «می»), stores it the way
the site does (didgah.news.services' display_text), adds the variant-table documents
(didgah/search/tests/variant_table.py), and prints for each index: build time and
size, query latency p50/p95 over realistic queries (full page: rank, count, 20
results with snippets), and recall on the variant table.

SQLite: in a scratch DATA_DIR, against a naive FTS5 index of the stored text.
PostgreSQL (server defaults; POSTGRES_URL, default postgres://postgres@127.0.0.1:5432):
in a database of its own, didgah_search_bench_<articles>, kept between runs so the
corpus is generated once (the seeding is skipped when it already holds the corpus;
--fresh drops it); against a naive GIN expression index over to_tsvector('simple', …)
of the article text (rank re-parses each match) and a tuned plain one: a stored
tsvector column (title A, text D) with GIN. Didgah's figures there include the
newest-first sort (sort=date). Results go to bench/results/search[-postgres][-N].txt
and .png.
"""

from __future__ import annotations

import argparse
import os
import random
import re
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
    if not values:
        return float("nan")
    k = (len(values) - 1) * p
    lo = int(k)
    hi = min(lo + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def naive_terms(q: str) -> str:
    """What a site without Persian analysis does with the reader's words: each quoted
    so the engine's syntax cannot break the query, all required, phrases kept."""
    import re

    phrases = re.findall(r'"([^"]+)"|«([^»]+)»', q)
    rest = re.sub(r'"[^"]*"|«[^»]*»', " ", q)
    parts = ['"' + (a or b).replace('"', "") + '"' for a, b in phrases]
    parts += ['"' + w.replace('"', "") + '"' for w in rest.replace('"', " ").split()]
    return " ".join(p for p in parts if p != '""')


def setup_database(args) -> str:
    """Point Django at the run's database; returns what to say about it."""
    if args.database == "sqlite":
        data_dir = Path(tempfile.mkdtemp(prefix="didgah-search-bench-"))
        args.data_dir = data_dir
        os.environ["DATA_DIR"] = str(data_dir)
        os.environ.pop("DATABASE_URL", None)
        return "SQLite"
    import psycopg

    server = os.environ.get("POSTGRES_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
    if server.count("/") > 2:
        server = server.rsplit("/", 1)[0]
    name = f"didgah_search_bench_{args.articles}"
    with psycopg.connect(server + "/postgres", autocommit=True) as c:
        exists = c.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and args.fresh:
            c.execute(f'DROP DATABASE "{name}"')
            exists = None
        if not exists:
            c.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = f"{server}/{name}"
    args.data_dir = Path(tempfile.mkdtemp(prefix="didgah-search-bench-"))
    os.environ["DATA_DIR"] = str(args.data_dir)
    return "PostgreSQL"


GOLD = ROOT / "didgah" / "persian" / "tests" / "gold"


def analysis_rates(services, analysis, persian, *, chars: int = 1669, limit: int = 1500) -> list[str]:
    """The index analysis alone (services.document_fields, one core, no database) on the
    generated corpus and on real Persian text nobody wrote for the project (the ZWNJ
    gold sets' GNOME help and Firefox strings, stored as the site stores text), in
    articles of the corpus' average size, with the chunk cache emptied first: real
    text repeats fewer words than the generator does."""
    paragraphs = []
    for name in ("prose_dev.txt", "prose_test.txt", "ui_dev.txt", "ui_test.txt"):
        paragraphs += (GOLD / name).read_text(encoding="utf-8").splitlines()
    real, piece = [], ""
    for line in paragraphs:
        piece += line + "\n"
        if len(piece) >= chars:
            real.append(persian.display_text(piece))
            piece = ""
    rng = random.Random(7)
    generated = [persian.display_text(" ".join(make_article_text(rng))) for _ in range(limit)]

    def rate(texts: list[str]) -> float:
        analysis._chunk_tokens.cache_clear()
        t0 = time.perf_counter()
        for text in texts[:limit]:
            services.document_fields(title=text[:80], lead="", body_html=text, source_name="", vendor="postgresql")
        return min(len(texts), limit) / (time.perf_counter() - t0)

    return [f"analysis alone, one core, chunk cache emptied first (articles of {chars:,} characters, no database): "
            f"generated corpus {rate(generated):,.0f}/s, real Persian text {rate(real):,.0f}/s "
            f"({min(len(real), limit):,} articles from the ZWNJ gold sets)"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3, help="times each query is run on Didgah's index")
    parser.add_argument("--baseline-repeat", type=int, default=1,
                        help="times each query is run on the baselines (PostgreSQL: they take seconds)")
    parser.add_argument("--baseline-timeout", type=float, default=30.0,
                        help="PostgreSQL: seconds a baseline query may take (counted at this value)")
    parser.add_argument("--workers", type=int, default=1,
                        help="PostgreSQL: processes building Didgah's index (search_reindex --workers)")
    parser.add_argument("--fresh", action="store_true", help="PostgreSQL: seed the corpus again")
    parser.add_argument("--keep", action="store_true", help="SQLite: keep the scratch database")
    parser.add_argument("--seed-only", action="store_true",
                        help="PostgreSQL: seed the corpus (kept for later runs) and stop")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results"))
    args = parser.parse_args()
    pg = args.database == "postgres"
    engine = setup_database(args)
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
    from didgah.search.tests.variant_table import DOCUMENTS, VARIANT_QUERIES, load_documents

    out_lines: list[str] = []

    def say(line: str = "") -> None:
        print(line, flush=True)
        out_lines.append(line)

    def sql(statement: str, params=None):
        with connection.cursor() as c:
            c.execute(statement, params or [])
            return c.fetchall() if c.description else None

    def db_bytes() -> int:
        sql("PRAGMA wal_checkpoint(TRUNCATE)")
        pages, free, size = sql("PRAGMA page_count")[0][0], sql("PRAGMA freelist_count")[0][0], sql("PRAGMA page_size")[0][0]
        return (pages - free) * size

    call_command("migrate", verbosity=0)
    version = sql("SHOW server_version")[0][0] if pg else connection.Database.sqlite_version
    say(f"# Didgah search benchmark: {args.articles:,} articles, {engine} {version}"
        + (" (server defaults)" if pg else ""))

    # --- corpus ---------------------------------------------------------------------
    variant_titles = [persian.display_text(t) for t, _, _ in DOCUMENTS.values()]
    Article.objects.filter(title__in=variant_titles).delete()
    Source.objects.filter(slug__startswith="variant-").delete()
    have = Article.objects.count()
    if have != args.articles:
        t0 = time.monotonic()
        rng = random.Random(1404)
        Article.objects.all().delete()
        Source.objects.filter(slug__startswith="bench-").delete()
        sources = [Source.objects.create(name=persian.display_text(n), slug=f"bench-{i}") for i, n in enumerate(SOURCES)]
        now = timezone.now()
        batch: list[Article] = []
        chars = 0
        fields = [f for f in Article._meta.concrete_fields if not f.primary_key]
        for i in range(args.articles):
            title, lead, body = make_article_text(rng)
            # Stored as the site stores it (article_save): display_text over each whole
            # text, since its ZWNJ repair reads a word's neighbours.
            title, lead, body = (persian.display_text(t) for t in (title, lead, body))
            chars += len(title) + len(lead) + len(body)
            batch.append(Article(
                title=title[:300], slug="-", lead=lead, body=body, status=Article.Status.PUBLISHED,
                published_at=now - timedelta(minutes=rng.randint(10, 60 * 24 * 365 * 2)),
                source=rng.choice(sources), created_at=now, updated_at=now,
            ))
            if len(batch) == 2000 or i == args.articles - 1:
                # Straight inserts, not the services: those would index as they go, and
                # the index build is timed separately below.
                if pg:
                    cols = ", ".join(f'"{f.column}"' for f in fields)
                    with transaction.atomic(), connection.cursor() as c:
                        with c.cursor.copy(f"COPY news_article ({cols}) FROM STDIN") as copy:
                            for a in batch:
                                copy.write_row([f.get_db_prep_save(getattr(a, f.attname), connection) for f in fields])
                else:
                    with transaction.atomic():
                        Article.objects.bulk_create(batch)
                batch = []
                elapsed = time.monotonic() - t0
                print(f"\rseeding {i + 1:,}/{args.articles:,} ({(i + 1) / elapsed:.0f}/s, "
                      f"{elapsed / (i + 1) * (args.articles - i - 1) / 60:.0f} min to go)", end="", flush=True)
        print()
        if pg:
            sql("VACUUM ANALYZE news_article")
        say(f"corpus: {args.articles:,} articles, {chars / max(args.articles, 1):.0f} characters each on average, "
            f"generated and stored in {time.monotonic() - t0:.0f}s")
    else:
        say(f"corpus: {args.articles:,} articles, seeded by an earlier run (same generator and seed)")
    if args.seed_only:
        return
    with transaction.atomic():
        table_ids = load_documents()  # through the services: indexed like editors' articles
    n_articles = Article.objects.count()
    # A fresh build, as after `migrate` on an archive moved in: on PostgreSQL an emptied
    # table would keep its dead rows and their GIN entries until a vacuum.
    sql("TRUNCATE search_searchdocument" if pg else "DELETE FROM search_searchdocument")

    # --- builds ---------------------------------------------------------------------
    builds: dict[str, tuple[float, int]] = {}  # name -> (seconds, bytes)
    text_expr = "a.title || ' ' || a.lead || ' ' || a.body"
    if pg:
        sql("DROP INDEX IF EXISTS bench_naive")
        sql("DROP TABLE IF EXISTS bench_plain")
        t0 = time.monotonic()
        sql("CREATE INDEX bench_naive ON news_article USING GIN "
            "(to_tsvector('simple'::regconfig, title || ' ' || lead || ' ' || body))")
        builds["naive"] = (time.monotonic() - t0, sql("SELECT pg_relation_size('bench_naive')")[0][0])
        print("naive index built", flush=True)
        t0 = time.monotonic()
        sql("""CREATE TABLE bench_plain AS SELECT a.id AS article_id,
               setweight(to_tsvector('simple'::regconfig, a.title), 'A')
               || setweight(to_tsvector('simple'::regconfig, a.lead || ' ' || a.body), 'D') AS tsv
               FROM news_article a""")
        sql("ALTER TABLE bench_plain ADD PRIMARY KEY (article_id)")
        sql("CREATE INDEX bench_plain_tsv ON bench_plain USING GIN (tsv)")
        sql("VACUUM ANALYZE bench_plain")
        builds["plain"] = (time.monotonic() - t0, sql("SELECT pg_total_relation_size('bench_plain')")[0][0])
        print("tuned plain index built", flush=True)
    else:
        sql("DROP TABLE IF EXISTS naive_fts")
        base = db_bytes()
        t0 = time.monotonic()
        sql("CREATE VIRTUAL TABLE naive_fts USING fts5(title, lead, body, content='news_article', content_rowid='id')")
        sql("INSERT INTO naive_fts(naive_fts) VALUES ('rebuild')")
        builds["naive"] = (time.monotonic() - t0, db_bytes() - base)
        print("naive index built", flush=True)

    base = 0 if pg else db_bytes()
    t0 = time.monotonic()

    def progress(done: int, total: int) -> None:
        print(f"\rindexing {done:,}/{total:,} ({done / (time.monotonic() - t0):.0f}/s)", end="", flush=True)

    services.search_reindex(batch_size=1000, progress=progress, workers=args.workers if pg else 1)
    print()
    if pg:
        # As for the tuned plain table, the visibility map set before the queries; the
        # first build has already analysed the table (search_reindex).
        sql("VACUUM search_searchdocument")
        size = sql("SELECT pg_total_relation_size('search_searchdocument')")[0][0]
    else:
        sql("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
        size = db_bytes() - base
    builds["didgah"] = (time.monotonic() - t0, size)

    # --- queries ---------------------------------------------------------------------
    visible = "a.status IN ('published', 'scheduled') AND a.published_at <= %s"
    timeouts: dict[str, int] = {}

    def baseline_page(name: str, q: str) -> int:
        when = timezone.now()
        if not pg:
            expr = naive_terms(q)
            if not expr:
                return 0
            when = connection.ops.adapt_datetimefield_value(when)
            rows = sql(f"""SELECT a.id, snippet(naive_fts, 2, '<mark>', '</mark>', '…', 24)
                           FROM naive_fts f CROSS JOIN news_article a ON a.id = f.rowid
                           WHERE naive_fts MATCH %s AND {visible} ORDER BY rank LIMIT 20""", [expr, when])
            total = sql(f"""SELECT count(*) FROM naive_fts f CROSS JOIN news_article a ON a.id = f.rowid
                            WHERE naive_fts MATCH %s AND {visible}""", [expr, when])[0][0]
        else:
            vec = f"to_tsvector('simple'::regconfig, {text_expr})" if name == "naive" else "p.tsv"
            frm = "news_article a" if name == "naive" else "bench_plain p JOIN news_article a ON a.id = p.article_id"
            sql("SET statement_timeout = %s", [int(args.baseline_timeout * 1000)])
            try:
                rows = sql(f"""SELECT a.id, ts_rank({vec}, q) AS r FROM {frm}, websearch_to_tsquery('simple', %s) q
                               WHERE {vec} @@ q AND {visible} ORDER BY r DESC, a.id DESC LIMIT 20""", [q, when])
                total = sql(f"""SELECT count(*) FROM {frm}, websearch_to_tsquery('simple', %s) q
                                WHERE {vec} @@ q AND {visible}""", [q, when])[0][0]
                sql(f"""SELECT ts_headline('simple', a.lead || ' ' || a.body, websearch_to_tsquery('simple', %s))
                        FROM news_article a WHERE a.id = ANY(%s)""", [q, [r[0] for r in rows]])
            except Exception as exc:  # statement_timeout: counted at the timeout
                if "statement timeout" not in str(exc):
                    raise
                timeouts[name] = timeouts.get(name, 0) + 1
                return -1
            finally:
                sql("SET statement_timeout = 0")
        list(Article.objects.filter(pk__in=[r[0] for r in rows]).select_related("source")
             .only("id", "title", "slug", "published_at", "source__name"))
        return total

    def timed(fn, queries, repeat: int) -> tuple[list[float], dict[str, int], dict[str, list[float]]]:
        times, totals, per_query = [], {}, {}
        for q in queries:
            fn(q)  # warm
        for _ in range(repeat):
            for q in queries:
                t = time.perf_counter()
                totals[q] = fn(q)
                elapsed = (time.perf_counter() - t) * 1000
                if totals[q] == -1:
                    elapsed = args.baseline_timeout * 1000
                times.append(elapsed)
                per_query.setdefault(q, []).append(elapsed)
        return times, totals, per_query

    estimated: dict[str, bool] = {}

    def didgah_page(q: str, sort: str = "relevance") -> int:
        r = search_articles(query=q, sort=sort)
        if sort == "relevance":
            estimated[q] = r["estimated"]
        return r["total"]

    print("timing queries", flush=True)
    timings = {"didgah": timed(didgah_page, REALISTIC_QUERIES, args.repeat)}
    if pg:
        timings["didgah, newest first"] = timed(lambda q: didgah_page(q, "date"), REALISTIC_QUERIES, args.repeat)
    else:
        timings["didgah, match+rank+count only"] = timed(
            lambda q: backends.matches(analysis.parse_query(q), backends.Filters(now=timezone.now()),
                                       limit=20, offset=0).total, REALISTIC_QUERIES, args.repeat)
    baselines = ["naive", "plain"] if pg else ["naive"]
    for name in baselines:
        print(f"timing queries on {name}", flush=True)
        timings[name] = timed(lambda q, name=name: baseline_page(name, q), REALISTIC_QUERIES, args.baseline_repeat)

    # --- recall on the variant table -------------------------------------------------
    id_list = ",".join(str(i) for i in table_ids.values())
    by_id = {v: k for k, v in table_ids.items()}

    def found_didgah(q: str) -> set[str]:
        parsed = analysis.parse_query(q)
        if parsed.is_empty:
            return set()
        if pg:
            rows = sql(f"SELECT article_id FROM search_searchdocument WHERE tsv @@ to_tsquery('simple', %s) "
                       f"AND article_id IN ({id_list})", [analysis.tsquery_expression(parsed)])
        else:
            rows = sql(f"SELECT rowid FROM search_fts WHERE search_fts MATCH %s AND rowid IN ({id_list})",
                       [analysis.fts5_expression(parsed)])
        return {by_id[r[0]] for r in rows}

    def found_baseline(name: str, q: str) -> set[str]:
        if pg:
            vec = f"to_tsvector('simple'::regconfig, {text_expr})" if name == "naive" else "p.tsv"
            frm = "news_article a" if name == "naive" else "bench_plain p JOIN news_article a ON a.id = p.article_id"
            rows = sql(f"SELECT a.id FROM {frm} WHERE {vec} @@ websearch_to_tsquery('simple', %s) AND a.id IN ({id_list})", [q])
        else:
            expr = naive_terms(q)
            if not expr:
                return set()
            rows = sql(f"SELECT rowid FROM naive_fts WHERE naive_fts MATCH %s AND rowid IN ({id_list})", [expr])
        return {by_id[r[0]] for r in rows}

    def recall(found) -> tuple[int, float, int, list[str]]:
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
        return full, hit / pairs, extra, missed

    recalls = {"didgah": recall(found_didgah)}
    for name in baselines:
        recalls[name] = recall(lambda q, name=name: found_baseline(name, q))
    nq = len(VARIANT_QUERIES)

    # --- report ----------------------------------------------------------------------
    names = ["didgah"] + baselines
    label = {"didgah": "didgah", "naive": "naive FTS5" if not pg else "naive PG FTS", "plain": "tuned plain"}
    ref = "plain" if pg else "naive"
    say()
    say(f"{'':<40}" + "".join(f"{label[n]:>14}" for n in names) + f"{'didgah/' + ref:>14}")

    def row(title: str, values: dict[str, float], fmt: str = "{:,.1f}") -> None:
        ratio = values["didgah"] / values[ref] if values.get(ref) else float("nan")
        say(f"{title:<40}" + "".join(f"{fmt.format(values[n]):>14}" for n in names) + f"{ratio:>14.2f}")

    row("index build time (s)", {n: builds[n][0] for n in names})
    if pg and args.workers > 1:
        say(f"(Didgah's index built by {args.workers} processes)")
    row("index build rate (articles/s)", {n: n_articles / builds[n][0] for n in names}, "{:,.0f}")
    row("index size (MB)", {n: builds[n][1] / 1e6 for n in names})
    p = {n: (percentile(timings[n][0], 0.5), percentile(timings[n][0], 0.95)) for n in names}
    row("query p50, full page (ms)", {n: p[n][0] for n in names})
    row("query p95, full page (ms)", {n: p[n][1] for n in names})
    row("variant queries fully found", {n: recalls[n][0] for n in names}, "{:,.0f}")
    row("variant documents found (%)", {n: recalls[n][1] * 100 for n in names})
    row("extra table documents matched", {n: recalls[n][2] for n in names}, "{:,.0f}")
    for extra in timings:
        if extra not in names:
            say(f"{extra + ' p50 / p95 (ms)':<40}{percentile(timings[extra][0], 0.5):>14.1f}"
                f"{percentile(timings[extra][0], 0.95):>14.1f}")
    worst = max(REALISTIC_QUERIES, key=lambda q: max(timings["didgah"][2][q]))
    say(f"didgah's slowest query: {worst} ({max(timings['didgah'][2][worst]):.1f} ms at worst)")
    say()
    say(f"{len(REALISTIC_QUERIES)} realistic queries × {args.repeat} runs on Didgah, × {args.baseline_repeat} on the "
        "baselines (each warmed once); full page = rank, count, 20 results with highlighted snippets.")
    if timeouts:
        say("baseline queries cut by the timeout, counted at " + f"{args.baseline_timeout:.0f} s: "
            + ", ".join(f"{k} {v}" for k, v in timeouts.items()))
    d_full = recalls["didgah"][0]
    if pg:
        bound = 150.0 if args.articles <= 100_000 else 400.0
        checks = [
            (f"p95 full page ≤ {bound:.0f} ms", p["didgah"][1] <= bound, f"{p['didgah'][1]:.1f} ms"),
            ("p95 newest first ≤ bound", percentile(timings["didgah, newest first"][0], 0.95) <= bound,
             f"{percentile(timings['didgah, newest first'][0], 0.95):.1f} ms"),
            ("index ≤ 3× tuned plain", builds["didgah"][1] <= 3 * builds["plain"][1],
             f"{builds['didgah'][1] / builds['plain'][1]:.2f}×"),
            ("build ≥ 2,000 articles/s", n_articles / builds["didgah"][0] >= 2000,
             f"{n_articles / builds['didgah'][0]:,.0f}/s"),
            (f"variants {nq}/{nq}", d_full == nq, f"{d_full}/{nq}"),
        ]
        for name, ok, figure in checks:
            say(f"target: {name}: {figure} {'MET' if ok else 'NOT MET'}")
    else:
        say(f"target: every variant found ({d_full}/{nq}) and p95 ≤ 2× naive "
            f"({p['didgah'][1]:.1f} ms vs {2 * p['naive'][1]:.1f} ms): "
            f"{'MET' if d_full == nq and p['didgah'][1] <= 2 * p['naive'][1] else 'NOT MET'}")
    for n in names:
        if recalls[n][3]:
            say(f"{label[n]} missed: " + " | ".join(recalls[n][3]))
    say()
    say("matches per query (didgah, ~ = estimated / " + " / ".join(label[n] for n in baselines) + "): " + ", ".join(
        f"{q} {'~' if estimated.get(q) else ''}{timings['didgah'][1][q]:,}/"
        + "/".join(f"{timings[n][1][q]:,}" for n in baselines) for q in REALISTIC_QUERIES))
    for line in analysis_rates(services, analysis, persian):
        say(line)
    say(f"machine: {os.cpu_count()} cores, shared; python {sys.version.split()[0]}")

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    stem = "search" + ("-postgres" if pg else "") + ("" if args.articles == 100_000 else f"-{args.articles}")
    (out / f"{stem}.txt").write_text("\n".join(out_lines) + "\n", encoding="utf-8")
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        fig, axes = plt.subplots(1, 2, figsize=(10, 3.8))
        width = 0.8 / len(names)
        for i, n in enumerate(names):
            axes[0].bar([j + i * width for j in (0, 1)], list(p[n]), width=width, label=label[n])
        axes[0].set_xticks([0.4 - width / 2, 1.4 - width / 2], ["p50", "p95"])
        axes[0].set_yscale("log")
        axes[0].set_ylabel("ms, full results page (log)")
        axes[0].legend()
        axes[1].bar([label[n] for n in names], [recalls[n][0] / nq * 100 for n in names],
                    color=[f"C{i}" for i in range(len(names))])
        axes[1].set_ylabel("% variant queries fully found")
        fig.suptitle(f"Search, {n_articles:,} articles ({engine})")
        fig.tight_layout()
        fig.savefig(out / f"{stem}.png", dpi=100)
    except Exception as exc:  # the figures are in the text file either way
        print("plot skipped:", exc)
    if pg:
        sql("DROP INDEX IF EXISTS bench_naive")  # the corpus stays for the next run
    if not args.keep:
        shutil.rmtree(args.data_dir, ignore_errors=True)
    else:
        print("scratch data kept in", args.data_dir)


if __name__ == "__main__":
    main()
