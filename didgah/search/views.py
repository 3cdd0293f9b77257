from urllib.parse import urlencode

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from didgah import persian

from . import selectors


def _int(value, default: int = 1) -> int:
    try:
        return int(persian.to_latin_digits(str(value)))
    except (TypeError, ValueError):
        return default


@require_safe
def search(request):
    """GET /search/?q=&source=&category=&from=&to=&page= ; dates are Jalali («۱۴۰۴/۰۸/۱۱»)."""
    q = request.GET.get("q", "")
    source = request.GET.get("source", "").strip()
    category = request.GET.get("category", "").strip()
    date_from_raw = request.GET.get("from", "").strip()
    date_to_raw = request.GET.get("to", "").strip()
    errors = []
    date_from = persian.parse_jalali_date(date_from_raw) if date_from_raw else None
    if date_from_raw and date_from is None:
        errors.append(_("تاریخ «از» نامعتبر است؛ مثلاً ۱۴۰۴/۰۸/۱۱ بنویسید."))
    date_to = persian.parse_jalali_date(date_to_raw) if date_to_raw else None
    if date_to_raw and date_to is None:
        errors.append(_("تاریخ «تا» نامعتبر است؛ مثلاً ۱۴۰۴/۰۸/۱۱ بنویسید."))

    result = selectors.search_articles(
        query=q, source=source or None, category=category or None,
        date_from=date_from, date_to=date_to, page=_int(request.GET.get("page")),
    )
    keep = {k: v for k, v in (("q", q), ("source", source), ("category", category),
                               ("from", date_from_raw), ("to", date_to_raw)) if v}
    return render(request, "search/results.html", {
        "search_query": q,
        "result": result,
        "filters": {"source": source, "category": category, "from": date_from_raw, "to": date_to_raw},
        "options": selectors.search_filter_options(),
        "errors": errors,
        "searched": bool(q.strip()),
        "extra_query": urlencode(keep),
    })
