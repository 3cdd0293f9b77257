"""The editors' dashboard at /admin/dashboard/: today's stories and their views per
hour, the top sources, comments waiting and the feeds' health, as server-drawn charts
(news.charts) with their figures beside them.

News is the bottom layer and knows nothing of views, comments or feeds: it draws its
own panel (today's stories, sources) and asks the apps above it for theirs through
news.signals.dashboard_panels; the community and ingest answer with a `Panel` built
from their own selectors. Each panel costs a fixed number of queries, so the page
does too, however big the site. It only reads; staff only (admin.site.admin_view).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import admin
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from didgah import persian

from . import selectors, signals
from .charts import Chart

# Panels come in this order (a receiver's Panel.order): what changes by the minute
# first, the feeds' health, which an editor checks now and then, last.
ORDER_STORIES = 10
ORDER_VIEWS = 20
ORDER_COMMENTS = 30
ORDER_SOURCES = 40
ORDER_INGEST = 50
# Sources ranked on the dashboard: a screen's worth of bars.
TOP_SOURCES = 8


@dataclass
class Panel:
    """One box of the dashboard. `figures`: headline numbers (label, value already in
    Persian digits); `charts`; `items`: a short list of (text, link, detail), e.g. the
    failing feeds; `link`: (text, url) to the admin page where the work is done."""

    key: str
    title: str
    order: int
    figures: list[tuple[str, str]] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    items: list[tuple[str, str, str]] = field(default_factory=list)
    items_title: str = ""
    link: tuple[str, str] | None = None
    empty: str = ""


def day_start(now: datetime) -> datetime:
    """Midnight of `now`'s day on the site's clock: «today» is a Tehran day."""
    local = timezone.localtime(now, ZoneInfo(settings.TIME_ZONE))
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def day_hours(now: datetime) -> list[datetime]:
    """The starts of today's 24 hours on the site's clock."""
    start = day_start(now)
    return [start + timedelta(hours=h) for h in range(24)]


def hour_label(hour: datetime) -> str:
    """«۱۴:۰۰», on the site's clock."""
    return persian.to_persian_digits(f"{timezone.localtime(hour, ZoneInfo(settings.TIME_ZONE)).hour:02d}:۰۰")


def per_hour(hours: list[datetime], counts: dict[datetime, int]) -> tuple[int, ...]:
    """The counts laid on the hours (an hour with none is zero)."""
    return tuple(int(counts.get(hour, 0)) for hour in hours)


def hours_chart(*, key: str, title: str, desc: str, hours: list[datetime], counts: dict[datetime, int],
                value_header: str) -> Chart:
    """A column per hour of today, the first at the right."""
    return Chart(key=key, title=title, desc=desc, labels=tuple(hour_label(h) for h in hours),
                 values=per_hour(hours, counts), kind="columns", label_header=_("ساعت"),
                 value_header=value_header, label_every=3)


def stories_panel(*, now: datetime) -> Panel:
    hours = day_hours(now)
    counts = selectors.published_per_hour(start=hours[0], end=hours[0] + timedelta(days=1))
    today = persian.format_jalali_date(now)
    total = sum(counts.values())
    return Panel(
        key="stories", order=ORDER_STORIES, title=_("خبرهای امروز"),
        figures=[(_("منتشرشده امروز"), persian.format_number(total))],
        charts=[hours_chart(
            key="chart-stories", title=_("خبرهای منتشرشده در هر ساعت امروز"),
            desc=_("%(day)s: %(n)s خبر در ۲۴ ساعت، هر ستون یک ساعت، از راست به چپ.")
            % {"day": today, "n": persian.format_number(total)},
            hours=hours, counts=counts, value_header=_("خبر"))],
        link=(_("همهٔ خبرها"), reverse("admin:news_article_changelist")),
    )


def sources_panel(*, now: datetime) -> Panel:
    rows = selectors.top_sources(since=now - timedelta(days=1), limit=TOP_SOURCES)
    return Panel(
        key="sources", order=ORDER_SOURCES, title=_("منابع پرکار"),
        figures=[(_("منبع با خبر در ۲۴ ساعت گذشته"), persian.format_number(len(rows)))] if rows else [],
        charts=[Chart(
            key="chart-sources", title=_("منابع با بیشترین خبر در ۲۴ ساعت گذشته"),
            desc=_("هر نوار یک منبع و شمار خبرهای آن در ۲۴ ساعت گذشته."),
            labels=tuple(r["name"] for r in rows), values=tuple(r["stories"] for r in rows), kind="bars",
            label_header=_("منبع"), value_header=_("خبر"),
            links=tuple(reverse("admin:news_source_change", args=[r["id"]]) for r in rows),
        )] if rows else [],
        empty=_("در ۲۴ ساعت گذشته خبری از منابع نرسیده است."),
    )


def dashboard_panels(*, now: datetime | None = None) -> list[Panel]:
    """Every panel, news' own and those of the apps above it, in their order."""
    now = now or timezone.now()
    panels = [stories_panel(now=now), sources_panel(now=now)]
    for _receiver, answer in signals.dashboard_panels.send(sender=Panel, now=now):
        panels.extend(answer if isinstance(answer, (list, tuple)) else [answer] if answer else [])
    return sorted(panels, key=lambda p: p.order)


@require_safe
def dashboard(request):
    now = timezone.now()
    context = {
        **admin.site.each_context(request),
        "title": _("داشبورد تحریریه"),
        "today": persian.format_jalali(now),
        "panels": dashboard_panels(now=now),
    }
    return render(request, "admin/news/dashboard.html", context)


# Staff only, like every admin page: admin_view sends anyone else to the sign-in page.
dashboard_view = admin.site.admin_view(dashboard)
