"""The community's panels on the editors' dashboard (news.dashboard): views per hour
today with today's most-read stories, and the comments waiting for a moderator.
Answers news.signals.dashboard_panels (connected in CommunityConfig.ready()); reads
through this app's selectors only."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils.translation import gettext as _

from didgah import persian
from didgah.news.charts import Chart
from didgah.news.dashboard import ORDER_COMMENTS, ORDER_VIEWS, Panel, day_hours, hours_chart

from . import selectors

# Today's stories ranked by their views: a screen's worth of bars.
TOP_STORIES = 8


def views_panel(*, now) -> Panel:
    hours = day_hours(now)
    start = hours[0]
    counts = selectors.views_per_hour(start=start, end=start + timedelta(days=1))
    stories = selectors.stories_viewed_since(start=start, published_since=start, limit=TOP_STORIES)
    total = sum(counts.values())
    charts = [hours_chart(
        key="chart-views", title=_("بازدید در هر ساعت امروز"),
        desc=_("%(day)s: %(n)s بازدید از همهٔ خبرها، هر ستون یک ساعت، از راست به چپ.")
        % {"day": persian.format_jalali_date(now), "n": persian.format_number(total)},
        hours=hours, counts=counts, value_header=_("بازدید"))]
    if stories:
        charts.append(Chart(
            key="chart-top-stories", title=_("پربازدیدترین خبرهای امروز"),
            desc=_("هر نوار یکی از خبرهای منتشرشدهٔ امروز و بازدید آن تا این ساعت."),
            labels=tuple(s["title"] for s in stories), values=tuple(s["views"] for s in stories), kind="bars",
            label_header=_("خبر"), value_header=_("بازدید"),
            links=tuple(reverse("admin:news_article_change", args=[s["id"]]) for s in stories)))
    return Panel(key="views", order=ORDER_VIEWS, title=_("بازدیدها"),
                 figures=[(_("بازدید امروز"), persian.format_number(total))], charts=charts)


def _band_label(upper, lower) -> str:
    if upper is None:
        return _("بیش از %(h)s ساعت") % {"h": persian.to_persian_digits(lower)}
    if lower is None:
        return _("کمتر از %(h)s ساعت") % {"h": persian.to_persian_digits(upper)}
    return _("%(a)s تا %(b)s ساعت") % {"a": persian.to_persian_digits(lower), "b": persian.to_persian_digits(upper)}


def comments_panel(*, now) -> Panel:
    waiting = selectors.comments_waiting(now=now)
    uppers = [upper for upper, _n in waiting["bands"]]
    lowers = [None, *uppers[:-1]]
    labels = tuple(_band_label(u, lo) for u, lo in zip(uppers, lowers))
    figures = [(_("در انتظار بررسی"), persian.format_number(waiting["total"]))]
    if waiting["oldest"]:
        figures.append((_("قدیمی‌ترین"), persian.format_relative(waiting["oldest"], now=now)))
    return Panel(
        key="comments", order=ORDER_COMMENTS, title=_("دیدگاه‌های در انتظار"), figures=figures,
        charts=[Chart(
            key="chart-waiting", title=_("دیدگاه‌های در انتظار بررسی، بر پایهٔ مدت انتظار"),
            desc=_("%(n)s دیدگاه در انتظار؛ هر نوار شمار دیدگاه‌هایی است که این مدت منتظر مانده‌اند.")
            % {"n": persian.format_number(waiting["total"])},
            labels=labels, values=tuple(n for _u, n in waiting["bands"]), kind="bars",
            label_header=_("مدت انتظار"), value_header=_("دیدگاه"))] if waiting["total"] else [],
        link=(_("صف بررسی دیدگاه‌ها"), reverse("admin:community_comment_changelist") + "?queue=pending"),
        empty=_("دیدگاهی در انتظار بررسی نیست."),
    )


def dashboard_panels(sender, *, now, **kwargs) -> list[Panel]:
    return [views_panel(now=now), comments_panel(now=now)]
