from urllib.parse import urlencode

from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from didgah import persian
from didgah.common.pagecache import shared_page

from . import analysis, conf, selectors

# Filters are slugs, Jalali dates and a page number: short by nature. A longer value is
# not parsed or normalised at all (see analysis.MAX_RAW_QUERY_CHARS for the query).
MAX_FILTER_CHARS = 100
MAX_PAGE_CHARS = 12


def _int(value, default: int = 1) -> int:
    if not isinstance(value, str) or len(value) > MAX_PAGE_CHARS:
        return default
    try:
        return int(persian.to_latin_digits(value))
    except (TypeError, ValueError):
        return default


def _filter(request, name: str, errors: list) -> str:
    raw = request.GET.get(name, "")
    # NUL is in no slug or date, and PostgreSQL refuses it in any string parameter.
    if len(raw) > MAX_FILTER_CHARS or "\x00" in raw:
        message = _("پالایه‌ای بیش از اندازه بلند بود و نادیده گرفته شد.")
        if message not in errors:
            errors.append(message)
        return ""
    return raw.strip()


def _date_examples() -> dict:
    """The date fields' examples in this Solar Hijri year (Tehran time): its first and
    last day as placeholders, today in messages; «۱۴۰۵/۰۱/۰۱»."""
    today = persian.jalali_today()

    def jalali(year: int, month: int, day: int) -> str:
        return persian.to_persian_digits(f"{year}/{month:02d}/{day:02d}")

    return {"year_start": jalali(today.year, 1, 1), "year_end": jalali(today.year, 12, 29),
            "today": jalali(today.year, today.month, today.day)}


@require_safe
@shared_page
def search(request):
    """GET /search/?q=&source=&category=&from=&to=&page= ; dates are Jalali («۱۴۰۵/۰۸/۱۱»).

    The same page for everyone who asks the same thing, so the page cache keeps it
    (conf.page_seconds(), nginx in production): when a story breaks, many readers search
    for the same words, and a new article shows within that time."""
    errors = []
    # Sizes first: nothing below strips, normalises or parses more than the caps.
    q, clipped = analysis.clip_query(request.GET.get("q", ""))
    if clipped:
        errors.append(_("عبارت جست‌وجو بیش از اندازه بلند بود؛ تنها آغاز آن جست‌وجو شد."))
    source = _filter(request, "source", errors)
    category = _filter(request, "category", errors)
    date_from_raw = _filter(request, "from", errors)
    date_to_raw = _filter(request, "to", errors)
    dates = _date_examples()
    date_from = persian.parse_jalali_date(date_from_raw) if date_from_raw else None
    if date_from_raw and date_from is None:
        errors.append(_("تاریخ «از» نامعتبر است؛ تاریخ خورشیدی بنویسید، مثلاً %(example)s.") % {"example": dates["today"]})
    date_to = persian.parse_jalali_date(date_to_raw) if date_to_raw else None
    if date_to_raw and date_to is None:
        errors.append(_("تاریخ «تا» نامعتبر است؛ تاریخ خورشیدی بنویسید، مثلاً %(example)s.") % {"example": dates["today"]})

    sort = "date" if request.GET.get("sort") == "date" else "relevance"

    result = selectors.search_articles(
        query=q, source=source or None, category=category or None,
        date_from=date_from, date_to=date_to, page=_int(request.GET.get("page")), sort=sort,
    )
    keep = {k: v for k, v in (("q", q), ("source", source), ("category", category),
                               ("from", date_from_raw), ("to", date_to_raw)) if v}
    sort_query = {"relevance": urlencode(keep), "date": urlencode({**keep, "sort": "date"})}
    if sort == "date":
        keep["sort"] = "date"
    response = render(request, "search/results.html", {
        "search_query": q,
        "result": result,
        "filters": {"source": source, "category": category, "from": date_from_raw, "to": date_to_raw},
        "options": selectors.search_filter_options(),
        "errors": errors,
        "searched": bool(q.strip()),
        "extra_query": urlencode(keep),
        "sort_query": sort_query,
        "dates": dates,
    })
    if seconds := conf.page_seconds():
        patch_cache_control(response, max_age=seconds)
    return response
