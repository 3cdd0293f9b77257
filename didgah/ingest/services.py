"""Writes of the ingest room: adding sources, polling feeds, importing entries.

Articles are created only through `didgah.news.services.article_save`, which normalizes
(display_text) and sanitizes (clean_html with the original page as base URL) every field.
Each entry is imported in its own transaction; a poll never lets an exception escape.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urljoin, urlsplit

import feedparser
import lxml.html
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from lxml import etree

from didgah import persian
from didgah.common.html import strip_tags
from didgah.news import services as news_services
from didgah.news.models import Article, Source, StoryCluster

from . import conf
from .encoding import fix_encoding
from .canon import legacy_canonical_url
from .fetch import FetchError, FetchResult, fetch, url_checked
from .mapping import EntryData, Skip, entry_ident, map_entry
from .models import FeedState, FetchLog
from .simhash import distance, simhash

log = logging.getLogger(__name__)

# How many skipped entries a fetch log lists one by one; the counts are always complete.
SKIPPED_LISTED = 200
# Fetch logs kept per source: about two days at the default interval.
LOGS_KEPT = 200

# Test-only seam: called inside each entry's transaction right after the article row is
# written. A test sets it to raise, to prove that a crash leaves no half article.
_after_article_insert: Callable[[Article], None] | None = None


# --- Sources --------------------------------------------------------------------------

def feed_state_get(*, source: Source) -> FeedState:
    state, _created = FeedState.objects.get_or_create(source=source, defaults={"interval": conf.default_interval()})
    return state


def _unique_slug(name: str, url: str) -> str:
    base = persian.slugify(name, max_length=80) or persian.slugify(url.split("//")[-1], max_length=80) or "source"
    slug, n = base, 2
    while Source.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


class NotAFeed(FetchError):
    """The address answered, with something that is not a feed: a web page (`web_page`)
    most often. `alternates` are the feed addresses the page itself names, to offer."""

    def __init__(self, message: str, *, web_page: bool = False, alternates: list[str] | None = None):
        super().__init__("not_a_feed", message)
        self.web_page = web_page
        self.alternates = alternates or []


# The feed types a web page names in its head («<link rel="alternate" type=…>»).
FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml"})


def _feed_links(content: bytes, base: str) -> list[str]:
    """The feeds a web page names, as absolute http(s) addresses (at most five): a hint
    for the editor, so a page too broken to parse offers none."""
    try:
        page = lxml.html.document_fromstring(content[:512 * 1024])
    except (etree.ParserError, ValueError):
        return []
    found = []
    for link in page.iter("link"):
        if ("alternate" in (link.get("rel") or "").lower().split()
                and (link.get("type") or "").lower().strip() in FEED_TYPES and (link.get("href") or "").strip()):
            try:
                url = urljoin(base, link.get("href").strip())
            except ValueError:
                continue
            if url.lower().startswith(("http://", "https://")) and url not in found:
                found.append(url)
    return found[:5]


def _name_from_url(url: str) -> str:
    """A source's name when its feed gave none: host and path (and query), so that
    several feeds of one host stay apart; never the credentials an address may carry."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    name = parts.netloc.rpartition("@")[2] + parts.path.rstrip("/")
    if parts.query:
        name += "?" + parts.query
    return name or url


def source_add(
    *,
    feed_url: str,
    name: str = "",
    site_url: str = "",
    review: bool = False,
    full_text: bool = False,
    discover: bool = True,
    notes: list[str] | None = None,
) -> tuple[Source, bool]:
    """Register a feed (idempotent on feed_url). Returns (source, created).

    With `discover`, the feed is fetched once to take the outlet's name and site address
    from the feed itself. An address that answers with something that is not a feed (a
    web page) raises NotAFeed and nothing is added. A feed that cannot be fetched is
    still added (its health will show why), named after its address, with a Persian note
    in `notes` saying so."""
    existing = Source.objects.filter(feed_url=feed_url).first()
    if existing:
        return existing, False
    title = link = description = ""
    if discover and not (name and site_url):
        result = None
        try:
            result = fetch(feed_url)
            content, content_type, _warning = fix_encoding(result.content, result.headers.get("content-type", ""))
            parsed = feedparser.parse(content, response_headers={"content-type": content_type} if content_type else {})
            _feed_verdict(parsed, raw=result.content, content_type=result.headers.get("content-type", ""))
            title = strip_tags(parsed.feed.get("title", "") or "")
            link = parsed.feed.get("link", "") or ""
            description = strip_tags(parsed.feed.get("subtitle", "") or "")
        except FetchError as exc:
            # Refused rather than added with a warning: the editor is at the keyboard
            # now, and an address that answers with a web page does not become a feed
            # by waiting; added, it would only fail every poll. A failed fetch (network,
            # an HTTP error, an unreadable feed) may pass, so that source is added and
            # its health takes over. --no-fetch adds an address on the editor's word.
            if exc.code == "not_a_feed" and result is not None:
                log.info("add_source: %s is not a feed: %s", feed_url, exc)
                web_page = _looks_like_html(result.content, result.headers.get("content-type", ""))
                raise NotAFeed(str(exc.args[0]), web_page=web_page,
                               alternates=_feed_links(result.content, result.url) if web_page else []) from None
            log.warning("add_source: cannot fetch %s: %s", feed_url, exc)
            if notes is not None:
                notes.append(_("نخستین دریافت خوراک ناموفق بود (%(why)s)؛ منبع با این حال افزوده شد و "
                               "سلامت خوراکش در صفحهٔ منبع دیده می‌شود") % {"why": exc.persian})
    if not link.lower().startswith(("http://", "https://")):
        link = ""
    name = (name or title or _name_from_url(feed_url)).strip()[:200]
    with transaction.atomic():
        source = news_services.source_create(
            name=name, slug=_unique_slug(name, feed_url), site_url=(site_url or link)[:500],
            feed_url=feed_url, description=description[:1000],
        )
        FeedState.objects.create(
            source=source, interval=conf.default_interval(), hold_for_review=review,
            fetch_full_text=full_text,
        )
    return source, True


def sources_due(*, now: datetime | None = None):
    """Sources with a feed whose next poll time has come (or that were never polled)."""
    now = now or timezone.now()
    return (
        Source.objects.filter(is_active=True).exclude(feed_url="")
        .filter(Q(feed_state__isnull=True) | Q(feed_state__poll_enabled=True))
        .filter(Q(feed_state__isnull=True) | Q(feed_state__next_poll_at__isnull=True)
                | Q(feed_state__next_poll_at__lte=now))
        .order_by("feed_state__next_poll_at", "pk")
    )


def source_claim(*, source: Source, now: datetime | None = None) -> bool:
    """Take the next poll of `source` for this worker: moves its next poll time ahead by
    one interval in a single UPDATE, so two schedulers (or a scheduler and `ingest`)
    never poll one feed at once. False if someone else took it first."""
    now = now or timezone.now()
    state = feed_state_get(source=source)
    lease = now + timedelta(seconds=max(state.interval, 60))
    return bool(
        FeedState.objects.filter(pk=state.pk)
        .filter(Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now))
        .update(next_poll_at=lease)
    )


# --- Polling --------------------------------------------------------------------------

@dataclass
class PollReport:
    """What one poll did; saved as a FetchLog."""

    source: Source
    started_at: datetime
    url: str = ""
    outcome: str = FetchLog.Outcome.OK
    status_code: int | None = None
    bytes_received: int = 0
    error: str = ""
    warning: str = ""
    seen: int = 0
    taken: int = 0
    known: int = 0
    skipped: list[dict] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)

    @property
    def skip_counts(self) -> Counter:
        return Counter(s["reason"] for s in self.skipped)


def _parse_headers(result: FetchResult) -> dict:
    """Headers for feedparser. The feed's own address is deliberately NOT given as
    content-location: relative URLs in an entry's HTML are relative to the entry's page,
    which article_save resolves (base_url=entry link); xml:base still wins where a feed
    declares it."""
    headers = {}
    if result.headers.get("content-type"):
        headers["content-type"] = result.headers["content-type"]
    return headers


def _bozo(parsed) -> str:
    exc = parsed.get("bozo_exception")
    return f"{type(exc).__name__}: {exc}"[:500]


def _bozo_warning(parsed) -> str:
    """What was wrong with a feed that was still read, as a Persian sentence for the
    editor. The parser's own English message goes to the log only; the place it gave up
    at is kept, in Persian digits, so the editor can show the outlet where to look."""
    exc = parsed.get("bozo_exception")
    log.info("feed read despite: %s", _bozo(parsed))
    if isinstance(exc, feedparser.NonXMLContentType):
        return _("منبع نوع محتوای خوراک را نادرست اعلام کرد؛ خوراک با این حال خوانده شد")
    if isinstance(exc, feedparser.CharacterEncodingOverride):
        return _("رمزگذاری خوراک با آنچه نام برده بود نمی‌خواند؛ با رمزگذاری دیگری خوانده شد")
    if isinstance(exc, feedparser.CharacterEncodingUnknown):
        return _("رمزگذاری خوراک شناخته نشد؛ آنچه خواندنی بود خوانده شد")
    if isinstance(exc, feedparser.UndeclaredNamespace):
        return _("خوراک فضای نامی به کار برده که تعریف نکرده است؛ آنچه خواندنی بود خوانده شد")
    warning = _("ساختار خوراک درست نیست؛ آنچه خواندنی بود خوانده شد")
    place = _parse_place(exc)
    return f"{warning} ({place})" if place else warning


def _parse_place(exc) -> str:
    """«سطر ۵، ستون ۲» for a parser error that knows where it stopped, else ""."""
    try:
        line, column = int(exc.getLineNumber()), int(exc.getColumnNumber())
    except (AttributeError, TypeError, ValueError):
        return ""
    if line < 1:
        return ""
    return _("سطر %(line)s، ستون %(column)s") % {
        "line": persian.to_persian_digits(line), "column": persian.to_persian_digits(max(column, 0))}


def _looks_like_html(content: bytes, content_type: str) -> bool:
    head = content[:1024].lstrip().lower()
    return "html" in content_type.lower() and b"<rss" not in head and b"<feed" not in head \
        or head.startswith((b"<!doctype html", b"<html"))


def _feed_verdict(parsed, *, raw: bytes, content_type: str) -> None:
    """Raise FetchError when what was fetched is no feed at all (nothing read, no
    version): `not_a_feed` for a web page or other document, `malformed` for a feed
    too broken to read anything from."""
    if parsed.get("entries") or parsed.get("version"):
        return
    if _looks_like_html(raw, content_type):
        raise FetchError("not_a_feed", "the address returned an HTML page, not an RSS/Atom feed")
    if parsed.get("bozo"):
        raise FetchError("malformed", f"not a readable feed ({_bozo(parsed)})")
    raise FetchError("not_a_feed", "no RSS/Atom/RDF feed found at this address")


def feed_poll(*, source: Source, now: datetime | None = None) -> PollReport:
    """Fetch and import one source's feed now. Never raises for anything the network, the
    feed or an entry can do; the outcome is on the returned report, the source's
    FeedState and a FetchLog."""
    now = now or timezone.now()
    clock = time.monotonic()
    state = feed_state_get(source=source)
    report = PollReport(source=source, started_at=now, url=source.feed_url)
    result = None
    try:
        result = fetch(source.feed_url, etag=state.etag, last_modified=state.last_modified)
        report.status_code = result.status_code
        report.bytes_received = len(result.content)
        if result.not_modified:
            report.outcome = FetchLog.Outcome.NOT_MODIFIED
        else:
            _import_feed(source=source, state=state, result=result, report=report, now=now)
    except FetchError as exc:
        report.outcome, report.error, report.status_code = FetchLog.Outcome.ERROR, str(exc), exc.status_code
    except Exception as exc:  # noqa: BLE001 - the poller must outlive any feed
        log.exception("ingest: unexpected error polling %s", source.feed_url)
        report.outcome, report.error = FetchLog.Outcome.ERROR, f"internal: {type(exc).__name__}: {exc}"
    _record(state=state, report=report, result=result, now=now, duration=time.monotonic() - clock)
    return report


def _import_feed(*, source: Source, state: FeedState, result: FetchResult, report: PollReport,
                 now: datetime) -> None:
    # feedparser's own sanitizer is off: it would drop the allow-listed video iframes, and
    # clean_html (nh3) in article_save is the one allow-list for everything stored.
    content_type = result.headers.get("content-type", "")
    content, fixed_type, encoding_warning = fix_encoding(result.content, content_type)
    headers = {"content-type": fixed_type} if fixed_type else {}
    parsed = feedparser.parse(content, response_headers=headers, sanitize_html=False)
    entries = parsed.get("entries") or []
    warnings = [encoding_warning] if encoding_warning else []
    _feed_verdict(parsed, raw=result.content, content_type=content_type)
    if parsed.get("bozo"):
        warnings.append(_bozo_warning(parsed))
    # Full-text pages share one budget per poll, so a source with many slow pages cannot
    # hold up the sources polled after it; entries past the budget keep their summary.
    deadline = time.monotonic() + conf.poll_budget()
    notes: list[str] = []
    # Entry links are resolved against the address the feed was really served from
    # (after redirects); feedparser already did so for xml:base and content-location.
    feed_base = result.url
    candidates = _cluster_candidates(now=now)
    seen_urls: set[str] = set()
    for entry in entries:
        report.seen += 1
        try:
            data = map_entry(entry, feed_base=feed_base, fetched_at=now, lead_chars=conf.lead_max_chars())
            if data.original_url in seen_urls:
                raise Skip("duplicate_in_feed")
            seen_urls.add(data.original_url)
            article = entry_import(source=source, state=state, data=data, candidates=candidates,
                                   deadline=deadline, notes=notes)
        except Skip as skip:
            if skip.reason == "known":
                report.known += 1
            else:
                report.skipped.append({"entry": entry_ident(entry), "reason": skip.reason})
            continue
        except Exception as exc:  # noqa: BLE001 - one bad entry must not stop the rest
            log.exception("ingest: entry failed in %s", source.feed_url)
            report.skipped.append({"entry": entry_ident(entry), "reason": "error",
                                   "detail": f"{type(exc).__name__}: {exc}"[:300]})
            continue
        report.taken += 1
        report.articles.append(article)
    if state.fetch_full_text and time.monotonic() >= deadline:
        warnings.append("زمان دریافت متن کامل این نوبت تمام شد؛ خبرهای باقی‌مانده با خلاصه برداشته شدند")
    warnings.extend(notes[:20])
    report.warning = "; ".join(warnings)[:1000]


def _cluster_candidates(*, now: datetime) -> list[tuple[int, int, int | None, int | None]]:
    """(simhash, article id, cluster id, source id) of recent reports, oldest first."""
    since = now - timedelta(days=conf.cluster_window_days())
    return list(
        Article.objects.filter(simhash__isnull=False, created_at__gte=since)
        .order_by("id").values_list("simhash", "id", "cluster_id", "source_id")
    )


def _known(*, source: Source, data: EntryData) -> str | None:
    """Why this entry is already here, or None if it is new."""
    # Articles stored before canonical_url sorted queries and dropped sessions are kept
    # under their older form: found by it too, so nothing is imported twice.
    forms = {data.original_url, legacy_canonical_url(data.link)} - {""}
    owner = Article.objects.filter(original_url__in=forms).values_list("source_id").first()
    if owner is not None:
        return "known" if owner[0] == source.pk else "duplicate_url"
    if data.guid and Article.objects.filter(source=source, guid=data.guid).exists():
        return "known"
    return None


def _full_text(data: EntryData, *, deadline: float | None = None) -> str | None:
    """The article extracted from the original page, or None (the summary stays)."""
    import trafilatura

    if deadline is not None and time.monotonic() >= deadline:
        return None
    try:
        page = fetch(data.link, max_bytes=conf.page_max_bytes(), accept="text/html,application/xhtml+xml",
                     deadline=deadline)
        html = page.content.decode(_charset(page), errors="replace")
        extracted = trafilatura.extract(
            html, url=page.url, output_format="html", include_images=True, include_links=True,
            favor_precision=True,
        )
    except FetchError as exc:
        log.info("full text of %s not fetched: %s", data.link, exc)
        return None
    except Exception:  # noqa: BLE001 - extraction is best effort
        log.exception("full text extraction failed for %s", data.link)
        return None
    if not extracted or len(strip_tags(extracted).split()) < len(strip_tags(data.body).split()):
        return None
    return extracted


def _charset(page: FetchResult) -> str:
    content_type = page.headers.get("content-type", "")
    if "charset=" in content_type:
        charset = content_type.split("charset=", 1)[1].split(";")[0].strip().strip('"')
        try:
            "".encode(charset)
            return charset
        except LookupError:
            pass
    return "utf-8"


def _media_checked(data: EntryData) -> list[str]:
    """Drop image and video addresses that we would not fetch ourselves (not http(s),
    credentials in them, a host on a private network): readers' browsers load them on our
    page's word. Returns a Persian note for each one dropped."""
    notes = []
    for attr, label in (("image_url", "تصویر"), ("video_url", "ویدیو")):
        url = getattr(data, attr)
        if not url:
            continue
        try:
            url_checked(url)
        except FetchError as exc:
            setattr(data, attr, "")
            if attr == "image_url":
                data.image_caption = ""
            notes.append(f"نشانی {label} «{url[:200]}» کنار گذاشته شد: {exc.persian}")
    return notes


def entry_import(
    *, source: Source, state: FeedState, data: EntryData,
    candidates: list[tuple[int, int, int | None, int | None]] | None = None,
    deadline: float | None = None, notes: list[str] | None = None,
) -> Article:
    """Import one mapped entry as an article in its own transaction, or raise Skip.

    Rerun-safe: an entry already imported (same canonical URL, or same GUID from the same
    source) raises Skip("known"); a URL another source already gave raises
    Skip("duplicate_url"). `candidates` (see _cluster_candidates) is extended with the
    new article so later entries of the same poll can cluster with it. `deadline` (a
    time.monotonic() value) bounds the fetch of the full text; `notes` collects what was
    dropped from the entry, in Persian, for the poll's warning."""
    reason = _known(source=source, data=data)
    if reason:
        raise Skip(reason)
    dropped = _media_checked(data)
    if notes is not None:
        notes.extend(dropped)
    if state.fetch_full_text and not data.has_full_content:
        # Outside the transaction: a slow page must not hold the database's write lock.
        extracted = _full_text(data, deadline=deadline)
        if extracted:
            data.body = extracted
    text = f"{data.title}\n{data.lead}\n{strip_tags(data.body)[:4000]}"
    fingerprint = simhash(text)
    status = Article.Status.DRAFT if state.hold_for_review else Article.Status.PUBLISHED
    try:
        with transaction.atomic():
            reason = _known(source=source, data=data)  # again, inside: another worker may have won
            if reason:
                raise Skip(reason)
            match = _nearest(fingerprint, source_id=source.pk, candidates=candidates or [])
            article = Article(
                title=data.title, lead=data.lead, body=data.body, status=status,
                published_at=data.published_at, source=source, original_url=data.original_url,
                guid=data.guid, byline=data.byline, image_url=data.image_url,
                image_caption=data.image_caption, video_url=data.video_url, simhash=fingerprint,
            )
            if match is not None:
                article.cluster_id = match[2] or _cluster_for(article_id=match[1])
            news_services.article_save(article=article, base_url=data.link)
            if _after_article_insert is not None:
                _after_article_insert(article)
    except IntegrityError:
        # The unique original_url lost a race with another worker: that one imported it.
        raise Skip("duplicate_url") from None
    if candidates is not None and fingerprint is not None:
        if match is not None and not match[2]:
            candidates[:] = [(h, i, article.cluster_id if i == match[1] else c, s) for h, i, c, s in candidates]
        candidates.append((fingerprint, article.pk, article.cluster_id, source.pk))
    return article


def _nearest(fingerprint: int | None, *, source_id: int, candidates) -> tuple | None:
    """The closest recent report from another outlet within the SimHash distance."""
    if fingerprint is None:
        return None
    best, best_d = None, conf.simhash_max_distance() + 1
    for candidate in candidates:
        if candidate[3] == source_id:
            continue
        d = distance(fingerprint, candidate[0])
        if d < best_d:
            best, best_d = candidate, d
    return best


def _cluster_for(*, article_id: int) -> int:
    """A new story cluster holding the matched article (call inside the transaction)."""
    cluster = StoryCluster.objects.create()
    other = Article.objects.get(pk=article_id)
    news_services.article_update(article=other, cluster=cluster)
    return cluster.pk


def _record(*, state: FeedState, report: PollReport, result: FetchResult | None, now: datetime,
            duration: float) -> None:
    """Save the poll's outcome on the source's health and in its fetch log."""
    counts = report.skip_counts
    with transaction.atomic():
        state.refresh_from_db()
        state.last_polled_at = now
        if report.outcome == FetchLog.Outcome.ERROR:
            state.failure_count += 1
            state.last_error = report.error
            state.last_error_at = now
            backoff = min(state.interval * 2 ** min(state.failure_count, 16), conf.max_backoff())
            state.next_poll_at = now + timedelta(seconds=max(backoff, state.interval))
        else:
            state.failure_count = 0
            state.last_success_at = now
            state.next_poll_at = now + timedelta(seconds=state.interval)
            state.last_warning = report.warning
            if result is not None and not result.not_modified:
                state.etag, state.last_modified = result.etag, result.last_modified
        state.entries_taken += report.taken
        state.entries_skipped += len(report.skipped)
        reasons = dict(state.skip_reasons or {})
        for reason, n in counts.items():
            reasons[reason] = reasons.get(reason, 0) + n
        state.skip_reasons = reasons
        state.save()
        FetchLog.objects.create(
            source=report.source, started_at=now, duration_ms=int(duration * 1000),
            url=report.url[:1000], status_code=report.status_code, bytes_received=report.bytes_received,
            outcome=report.outcome, error=report.error, warning=report.warning,
            entries_seen=report.seen, entries_taken=report.taken, entries_known=report.known,
            entries_skipped=len(report.skipped), skipped=report.skipped[:SKIPPED_LISTED],
        )
        old = list(FetchLog.objects.filter(source=report.source).values_list("pk", flat=True)[LOGS_KEPT:])
        if old:
            FetchLog.objects.filter(pk__in=old).delete()


def ingest_due(*, now: datetime | None = None, progress: Callable[[PollReport], None] | None = None,
               limit: int | None = None) -> list[PollReport]:
    """Poll every due source once (each claimed first, so concurrent runs share the work)."""
    now = now or timezone.now()
    reports = []
    for source in list(sources_due(now=now)[:limit] if limit else sources_due(now=now)):
        if not source_claim(source=source, now=now):
            continue
        report = feed_poll(source=source)
        reports.append(report)
        if progress:
            progress(report)
    return reports


def next_due_at() -> datetime | None:
    """When the next source falls due (None if no source has a feed)."""
    state = (
        FeedState.objects.filter(poll_enabled=True, source__is_active=True)
        .exclude(source__feed_url="").order_by(F("next_poll_at").asc(nulls_first=True)).first()
    )
    return state.next_poll_at if state else None
