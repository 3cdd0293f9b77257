"""Ingest's panel on the editors' dashboard (news.dashboard): the feeds failing, the
last successful fetch, and the entries taken per hour today. Answers
news.signals.dashboard_panels (connected in IngestConfig.ready())."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils.translation import gettext as _

from didgah import persian
from didgah.news.dashboard import ORDER_INGEST, Panel, day_hours, hours_chart

from . import selectors
from .fetch import error_in_persian

# Failing feeds listed by name: more than this is a wider outage, which the count says.
FAILING_LISTED = 6


def ingest_panel(*, now) -> Panel:
    hours = day_hours(now)
    health = selectors.feed_health(failing_limit=FAILING_LISTED)
    counts = selectors.items_per_hour(start=hours[0], end=hours[0] + timedelta(days=1))
    total = sum(counts.values())
    last = health["last_success"]
    return Panel(
        key="ingest", order=ORDER_INGEST, title=_("سلامت دریافت خوراک‌ها"),
        figures=[
            (_("خوراک‌های ناموفق"), _("%(failing)s از %(feeds)s") % {
                "failing": persian.format_number(health["failing"]), "feeds": persian.format_number(health["feeds"])}),
            (_("آخرین دریافت موفق"), persian.format_relative(last, now=now) if last else _("هنوز هیچ")),
            (_("خبر دریافتی امروز"), persian.format_number(total)),
        ],
        charts=[hours_chart(
            key="chart-ingest", title=_("خبرهای دریافتی از خوراک‌ها در هر ساعت امروز"),
            desc=_("%(day)s: %(n)s خبر برداشته‌شده از خوراک‌ها، هر ستون یک ساعت، از راست به چپ.")
            % {"day": persian.format_jalali_date(now), "n": persian.format_number(total)},
            hours=hours, counts=counts, value_header=_("خبر"))],
        items=[(f["name"], reverse("admin:news_source_change", args=[f["source_id"]]),
                _("%(n)s خطای پیاپی: %(error)s") % {"n": persian.format_number(f["failures"]),
                                                    "error": error_in_persian(f["error"])})
               for f in health["failing_feeds"]],
        items_title=_("خوراک‌هایی که دریافتشان ناموفق است"),
        link=(_("وضعیت همهٔ خوراک‌ها"), reverse("admin:ingest_feedstate_changelist")),
    )


def dashboard_panels(sender, *, now, **kwargs):
    return ingest_panel(now=now)
