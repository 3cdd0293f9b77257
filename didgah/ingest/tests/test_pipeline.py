"""Entries become articles through the whole pipeline, served over local HTTP."""

from datetime import datetime, timezone

import pytest

from didgah.ingest import services
from didgah.ingest.localserver import Route
from didgah.ingest.models import FeedState, FetchLog
from didgah.news.models import Article

from .conftest import item, rss

pytestmark = pytest.mark.django_db


def _source(server, path="/feed", body=b"", **route):
    server.routes[path] = Route(body=body, **route)
    source, _ = services.source_add(feed_url=server.url(path), discover=False, name="خبرگزاری نمونه")
    return source


def test_entry_fields_are_mapped(server, client):
    body = ('<p>پاراگراف نخست لید می‌شود.</p><p>رئیسجمهور گفت <a href="/other">پیوند</a> <img src="/img/a.jpg" alt="عکس نشست"></p>'
            '<script>alert(1)</script><iframe src="https://www.youtube.com/embed/abc123"></iframe>'
            '<iframe src="https://evil.example/x"></iframe>')
    items = item(
        1, link="https://outlet.example/news/1/?utm_source=x&ref=home#top", title="نامههای وزير",
        body=body, guid="urn:outlet:1",
        extra='<author>reporter@outlet.example (مریم احمدی)</author>'
              '<enclosure url="https://cdn.outlet.example/v.mp4" type="video/mp4" length="1"/>',
    )
    source = _source(server, body=rss(items))
    report = services.feed_poll(source=source)
    assert report.outcome == "ok", report.error
    assert report.taken == 1
    a = Article.objects.get()
    assert a.original_url == "https://outlet.example/news/1"
    assert a.guid == "urn:outlet:1"
    assert a.title == "نامه‌های وزیر"
    assert a.published_at == datetime(2025, 11, 3, 8, 0, tzinfo=timezone.utc)
    assert a.status == Article.Status.PUBLISHED
    assert a.source == source
    assert a.video_url == "https://cdn.outlet.example/v.mp4"
    assert a.image_url == "https://outlet.example/img/a.jpg"
    assert a.image_caption == "عکس نشست"
    assert "مریم احمدی" in a.byline
    assert "<script" not in a.body and "evil.example" not in a.body
    assert 'href="https://outlet.example/other"' in a.body
    assert "youtube-nocookie.com/embed/abc123" in a.body and "sandbox=" in a.body
    assert "رئیس‌جمهور" in a.body
    assert a.lead == "پاراگراف نخست لید می‌شود."
    page = client.get(a.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert "خبرگزاری نمونه" in html and 'href="https://outlet.example/news/1"' in html
    state = FeedState.objects.get(source=source)
    assert state.entries_taken == 1 and state.last_success_at and not state.last_error


def test_missing_date_uses_fetch_time_and_media_content(server):
    items = item(1, date="", extra='<media:content url="https://cdn.outlet.example/p.jpg" medium="image">'
                 '<media:description>زیرنویس عکس</media:description></media:content>')
    source = _source(server, body=rss(items))
    before = datetime.now(timezone.utc)
    services.feed_poll(source=source)
    a = Article.objects.get()
    assert a.published_at >= before.replace(microsecond=0)
    assert a.image_url == "https://cdn.outlet.example/p.jpg"


def test_review_mode_holds_drafts(server):
    server.routes["/feed"] = Route(body=rss(item(1)))
    source, _ = services.source_add(feed_url=server.url("/feed"), review=True, discover=False, name="x")
    services.feed_poll(source=source)
    assert Article.objects.get().status == Article.Status.DRAFT


def test_rerun_imports_nothing_twice(server):
    source = _source(server, body=rss(item(1) + item(2) + item(3)))
    first = services.feed_poll(source=source)
    second = services.feed_poll(source=source)
    assert first.taken == 3
    assert second.taken == 0 and second.known == 3 and not second.skipped
    assert Article.objects.count() == 3
    assert FetchLog.objects.filter(source=source).count() == 2


def test_conditional_get_304(server):
    source = _source(server, body=rss(item(1)), etag='"v1"', headers={"Last-Modified": "Mon, 03 Nov 2025 08:00:00 GMT"})
    assert services.feed_poll(source=source).outcome == "ok"
    again = services.feed_poll(source=source)
    assert again.outcome == "not_modified"
    path, headers = server.requests[-1]
    assert headers.get("If-None-Match") == '"v1"'
    assert headers.get("If-Modified-Since") == "Mon, 03 Nov 2025 08:00:00 GMT"
    assert "DidgahBot" in headers.get("User-Agent", "")


def test_one_url_in_two_feeds_is_one_article(server):
    a = _source(server, "/a", body=rss(item(1, link="https://wire.example/story/7")))
    b = _source(server, "/b", body=rss(item(2, link="https://wire.example/story/7/?utm_medium=rss")))
    services.feed_poll(source=a)
    report = services.feed_poll(source=b)
    assert Article.objects.count() == 1
    assert report.skipped == [{"entry": "https://wire.example/story/7/?utm_medium=rss", "reason": "duplicate_url"}]
    assert FeedState.objects.get(source=b).skip_reasons == {"duplicate_url": 1}


STORY = ("وزیر نیرو امروز در نشست خبری اعلام کرد که به دلیل کاهش بارش‌ها در پاییز امسال، "
         "ذخیرهٔ سدهای تهران به کمترین میزان در پنجاه سال گذشته رسیده است و از شهروندان خواست "
         "مصرف آب را دست‌کم بیست درصد کاهش دهند. او گفت برنامهٔ جیره‌بندی فعلاً در دستور کار نیست.")


def test_near_duplicates_from_two_outlets_cluster(server, client):
    rewritten = STORY.replace("امروز", "روز دوشنبه").replace("دست‌کم", "دستکم").replace("ي", "ی")
    a = _source(server, "/a", body=rss(item(1, link="https://a.example/1", title="هشدار دربارهٔ ذخیرهٔ سدهای تهران", body=STORY)))
    b = _source(server, "/b", body=rss(item(2, link="https://b.example/2", title="هشدار دربارهٔ ذخیره سدهای تهران", body=rewritten)
                                        + item(3, link="https://b.example/3", title="نتیجهٔ بازی فوتبال",
                                               body="تیم ملی فوتبال در بازی دوستانه با نتیجهٔ دو بر یک پیروز شد و مربی از بازیکنان جوان تعریف کرد و گفت آینده روشن است.")))
    services.feed_poll(source=a)
    services.feed_poll(source=b)
    first = Article.objects.get(original_url="https://a.example/1")
    second = Article.objects.get(original_url="https://b.example/2")
    other = Article.objects.get(original_url="https://b.example/3")
    assert first.cluster_id and first.cluster_id == second.cluster_id
    assert other.cluster_id is None
    html = client.get(first.get_absolute_url()).content.decode()
    assert "این خبر در منابع دیگر" in html and second.get_absolute_url() in html


def test_crash_inside_entry_transaction_leaves_no_half_article(server, monkeypatch):
    source = _source(server, body=rss(item(1) + item(2) + item(3)))

    def boom(article):
        if article.original_url.endswith("/2"):
            raise RuntimeError("injected crash after insert")

    monkeypatch.setattr(services, "_after_article_insert", boom)
    report = services.feed_poll(source=source)
    assert sorted(Article.objects.values_list("original_url", flat=True)) == [
        "https://outlet.example/news/1", "https://outlet.example/news/3"]
    assert report.skipped[0]["reason"] == "error"

    # A kill (not an exception the poller catches) mid-entry: nothing half-written either.
    def kill(article):
        raise KeyboardInterrupt

    server.routes["/feed"] = Route(body=rss(item(1) + item(2) + item(3) + item(4)))
    monkeypatch.setattr(services, "_after_article_insert", kill)
    with pytest.raises(KeyboardInterrupt):
        services.feed_poll(source=source)
    assert Article.objects.count() == 2

    monkeypatch.setattr(services, "_after_article_insert", None)
    report = services.feed_poll(source=source)
    assert report.taken == 2 and report.known == 2
    assert Article.objects.count() == 4


def test_entry_without_link_is_skipped_with_reason(server):
    items = "<item><title>بی پیوند</title><description>x</description></item>" + item(1)
    source = _source(server, body=rss(items))
    report = services.feed_poll(source=source)
    assert report.taken == 1
    assert report.skipped == [{"entry": "بی پیوند", "reason": "no_link"}]


def _page(paragraphs: int) -> bytes:
    text = "".join(f"<p>بند شمارهٔ {i} از متن کامل گزارش که در خوراک نیامده و فقط در صفحهٔ خبر هست. "
                   f"این جمله برای اینکه استخراج‌گر متن را مقاله بداند، کمی بلندتر نوشته شده است.</p>"
                   for i in range(paragraphs))
    return (f"<html><head><title>t</title></head><body><nav>فهرست</nav><article><h1>تیتر</h1>{text}"
            f"<script>alert(1)</script></article><footer>پانویس</footer></body></html>").encode()


def test_full_text_is_fetched_when_switched_on(server):
    server.routes["/article"] = Route(body=_page(8), content_type="text/html; charset=utf-8")
    server.routes["/feed"] = Route(body=rss(item(1, link=server.url("/article"), body="<p>فقط خلاصه.</p>")))
    source, _ = services.source_add(feed_url=server.url("/feed"), discover=False, name="x", full_text=True)
    services.feed_poll(source=source)
    a = Article.objects.get()
    assert "بند شمارهٔ 7" in a.body or "بند شمارهٔ ۷" in a.body
    assert "<script" not in a.body and "فهرست" not in a.body


def test_full_text_failure_keeps_the_summary(server):
    server.routes["/feed"] = Route(body=rss(item(1, link=server.url("/missing"),
                                                body="<p>فقط خلاصه.</p><p>بند دوم خلاصه.</p>")))
    source, _ = services.source_add(feed_url=server.url("/feed"), discover=False, name="x", full_text=True)
    report = services.feed_poll(source=source)
    assert report.taken == 1
    a = Article.objects.get()
    assert a.lead == "فقط خلاصه." and "بند دوم خلاصه" in a.body
