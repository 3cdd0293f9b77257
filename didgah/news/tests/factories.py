"""Small builders for tests: they go through the same services the site uses."""

from datetime import timedelta
from itertools import count

from django.utils import timezone

from didgah.news import services
from didgah.persian import to_persian_digits
from didgah.news.models import Article, Category, Source

_n = count(1)


def make_source(**kw) -> Source:
    n = next(_n)
    return services.source_create(
        name=kw.pop("name", f"خبرگزاری آزمایشی {n}"),
        slug=kw.pop("slug", f"source-{n}"),
        site_url=kw.pop("site_url", f"https://source-{n}.example"),
        **kw,
    )


def make_category(**kw) -> Category:
    n = next(_n)
    return Category.objects.create(name=kw.get("name", f"دسته {n}"), slug=kw.get("slug", f"cat-{n}"))


def make_article(**kw) -> Article:
    n = next(_n)
    kw.setdefault("title", f"خبر آزمایشی شمارهٔ {to_persian_digits(n)}")
    kw.setdefault("lead", "لید این خبر آزمایشی است.")
    kw.setdefault("body", "<p>متن خبر آزمایشی.</p>")
    kw.setdefault("status", Article.Status.PUBLISHED)
    kw.setdefault("published_at", timezone.now() - timedelta(minutes=n))
    return services.article_create(**kw)
