"""The front page's hierarchy, author and tag pages with their feeds, related stories:
each a page the same for everyone (cached), none of them personal."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from didgah.news import selectors, services
from didgah.news.models import Author, Breaking, StoryCluster, Tag

from .factories import make_article, make_category, make_source

pytestmark = pytest.mark.django_db


def _main(response) -> str:
    """The page's own content, without the sidebar's lists of the latest stories."""
    return response.content.decode().split('<main id="main">', 1)[1].split("</main>", 1)[0]


def _section(html: str, css_class: str) -> str:
    return html.split(f'class="{css_class}"', 1)[1].split("</section>", 1)[0]


def test_front_page_hierarchy(client):
    politics = make_category(name="سیاست", slug="politics-f")
    sport = make_category(name="ورزش", slug="sport-f")
    pinned = make_article(title="خبر اول سردبیر", published_at=timezone.now() - timedelta(days=1))
    services.article_update(article=pinned, front_position=1)
    pick = make_article(title="پیشنهاد سردبیر امروز", published_at=timezone.now() - timedelta(hours=1))
    services.article_update(article=pick, is_pick=True)
    hours_ago = timezone.now() - timedelta(hours=5)
    for n in range(3):
        make_article(title=f"خبر ورزشی {n}", published_at=hours_ago).categories.add(sport)
    make_article(title="خبر سیاسی", published_at=hours_ago).categories.add(politics)
    for n in range(4):  # the newest fill the top, under the lead
        make_article(title=f"خبر تازهٔ {n}", published_at=timezone.now() - timedelta(seconds=n + 1))
    html = _main(client.get("/"))
    assert "خبر تازهٔ ۰" in _section(html, "front-top")
    assert "خبر اول سردبیر" in _section(html, "front-top").split('class="front-top-list')[0]
    assert "پیشنهاد سردبیر امروز" in _section(html, "front-picks")
    assert "پیشنهاد سردبیر امروز" not in _section(html, "front-top")
    # Sections by category, in the categories' order, each story shown once on the page.
    assert html.index(">سیاست</a></h2>") < html.index(">ورزش</a></h2>")
    for title in ("خبر اول سردبیر", "پیشنهاد سردبیر امروز", "خبر ورزشی ۰", "خبر سیاسی"):
        assert html.count(f">{title}</a>") == 1, title


def test_without_a_pin_the_newest_story_with_a_picture_leads(client):
    make_article(title="تازه بی تصویر")
    make_article(title="با تصویر", image_url="https://cdn.example/a.jpg",
                 published_at=timezone.now() - timedelta(hours=2))
    assert selectors.front_page()["lead"].title == "با تصویر"


def test_one_story_from_several_outlets_shows_once_with_its_other_sources(client):
    cluster = StoryCluster.objects.create()
    first = make_article(title="زلزله در شهر؛ گزارش نخست", source=make_source(name="خبرگزاری یک"),
                         published_at=timezone.now())
    second = make_article(title="زلزلهٔ امروز شهر", source=make_source(name="خبرگزاری دو"),
                          published_at=timezone.now() - timedelta(hours=3))
    for a in (first, second):
        services.article_update(article=a, cluster=cluster)
    html = client.get("/").content.decode()
    assert "زلزله در شهر؛ گزارش نخست" in html and "زلزلهٔ امروز شهر</a>" not in html.split("همین خبر در:")[0]
    other = html.split('class="other-sources"', 1)[1].split("</p>", 1)[0]
    assert f'href="{second.get_absolute_url()}">خبرگزاری دو</a>' in other


def test_breaking_bar_shows_until_it_expires(client):
    article = make_article(title="خبر فوری شهر")
    Breaking.objects.create(headline="تیتر فوری تازه", article=article, expires_at=timezone.now() + timedelta(hours=1))
    Breaking.objects.create(headline="تیتر فوری کهنه", expires_at=timezone.now() - timedelta(minutes=1))
    html = client.get("/").content.decode()
    bar = _section(html, "breaking")
    assert f'<a href="{article.get_absolute_url()}">تیتر فوری تازه</a>' in bar
    assert "تیتر فوری کهنه" not in html


def test_later_pages_and_hot_order_are_the_plain_list(client):
    for n in range(3):
        make_article(title=f"خبر فهرست {n}")
    assert 'class="front-top"' not in client.get("/?order=hot").content.decode()
    latest = client.get("/latest/").content.decode()
    assert "خبر فهرست ۰" in latest and 'class="front-top"' not in latest


def _author_with_articles():
    author = Author.objects.create(name="مریم سلطانی", slug="maryam", role="دبیر جامعه",
                                   bio="پانزده سال از شهر می‌نویسد.")
    mine = make_article(title="نوشتهٔ مریم")
    mine.authors.add(author)
    make_article(title="نوشتهٔ دیگری")
    return author, mine


def test_byline_links_to_the_author_page_with_bio_articles_and_feed(client):
    author, mine = _author_with_articles()
    article_html = client.get(mine.get_absolute_url()).content.decode()
    assert f'<a href="/author/maryam/" rel="author">مریم سلطانی</a>' in article_html
    html = client.get("/author/maryam/").content.decode()
    assert 'href="/feeds/author/maryam/rss/"' in html
    html = _main(client.get("/author/maryam/"))
    assert "<h1 class=\"page-title\">مریم سلطانی</h1>" in html and "پانزده سال از شهر می‌نویسد." in html
    assert "نوشتهٔ مریم" in html and "نوشتهٔ دیگری" not in html
    feed = client.get("/feeds/author/maryam/rss/").content.decode()
    assert "نوشتهٔ مریم" in feed and "نوشتهٔ دیگری" not in feed
    assert "نوشتهٔ مریم" in client.get("/feeds/author/maryam/atom/").content.decode()
    assert client.get("/author/nobody/").status_code == 404


def test_outlet_reports_keep_crediting_the_outlet(client):
    article = make_article(title="گزارش منبع", source=make_source(name="رادیو نمونه"))
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'rel="author"' not in html and "رادیو نمونه" in html


def test_tag_page_and_feed(client):
    tagged = make_article(title="خبر برچسب‌دار", tags=["انرژی خورشیدی"])
    make_article(title="خبر بی برچسب")
    tag = Tag.objects.get(name="انرژی خورشیدی")
    article_html = client.get(tagged.get_absolute_url()).content.decode()
    assert f'<a class="tag" href="{tag.get_absolute_url()}">انرژی خورشیدی</a>' in article_html
    html = _main(client.get(tag.get_absolute_url()))
    assert "برچسب: انرژی خورشیدی" in html and "خبر برچسب‌دار" in html and "خبر بی برچسب" not in html
    feed = client.get(f"/feeds/tag/{tag.slug}/rss/").content.decode()
    assert "خبر برچسب‌دار" in feed and "خبر بی برچسب" not in feed


def test_related_stories_rank_shared_tags_and_skip_itself_and_its_cluster():
    category = make_category()
    article = make_article(title="اصلی", tags=["پهپاد", "دارو"])
    article.categories.add(category)
    both = make_article(title="هر دو برچسب", tags=["پهپاد", "دارو"], published_at=timezone.now() - timedelta(days=3))
    one = make_article(title="یک برچسب", tags=["پهپاد"])
    same_category = make_article(title="همان دسته")
    same_category.categories.add(category)
    make_article(title="بی ربط", tags=["فوتبال"])
    cluster = StoryCluster.objects.create()
    twin = make_article(title="همین خبر از منبعی دیگر", tags=["پهپاد", "دارو"])
    services.article_update(article=twin, cluster=cluster)
    services.article_update(article=article, cluster=cluster)
    other_cluster = StoryCluster.objects.create()
    dup_a = make_article(title="خبر خوشه الف", tags=["پهپاد"])
    dup_b = make_article(title="خبر خوشه ب", tags=["پهپاد"])
    for a in (dup_a, dup_b):
        services.article_update(article=a, cluster=other_cluster)
    article.refresh_from_db()
    related = selectors.article_related(article=article, limit=10)
    titles = [a.title for a in related]
    assert titles[0] == both.title
    assert "اصلی" not in titles and twin.title not in titles and "بی ربط" not in titles
    assert one.title in titles and same_category.title in titles
    assert titles.index(one.title) < titles.index(same_category.title)
    assert (dup_a.title in titles) != (dup_b.title in titles)


def test_related_stories_show_on_the_article_page(client):
    article = make_article(title="اصلی", tags=["پهپاد"])
    make_article(title="خبر مرتبط با پهپاد", tags=["پهپاد"])
    html = client.get(article.get_absolute_url()).content.decode()
    assert "خبر مرتبط با پهپاد" in _section(html, "related")


@pytest.mark.parametrize("url", ["/", "/author/maryam/", "/tag/{tag}/", "/latest/"])
def test_new_pages_are_the_same_for_a_reader_and_a_visitor(settings, url):
    settings.PAGE_CACHE_SECONDS = settings.CACHE_MIDDLEWARE_SECONDS = 5
    _author_with_articles()
    make_article(title="خبر با برچسب", tags=["بودجه"])
    url = url.format(tag=Tag.objects.get(name="بودجه").slug)
    visitor, reader = Client(), Client()
    reader.force_login(get_user_model().objects.create_user("reader1", "r@example.org", "x-pass-123"))
    first = visitor.get(url)
    assert first.status_code == 200 and not first.cookies and "Cookie" not in first.get("Vary", "")
    second = reader.get(url)
    assert "Age" in second and second.content == first.content
    assert "csrfmiddlewaretoken\" value=\"" not in first.content.decode().replace('value=""', "")
