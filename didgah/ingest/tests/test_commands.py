"""Management commands, OPML, the scheduler, the RQ path, the admin and the pure helpers."""

import io
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from didgah.ingest import jobs, services
from didgah.ingest.canon import canonical_url
from didgah.ingest.localserver import Route
from didgah.ingest.models import FeedState, FetchLog
from didgah.ingest.opml import OPMLError, parse_opml
from didgah.ingest.simhash import distance, simhash
from didgah.news.models import Article, Source

from .conftest import item, rss

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url,expected", [
    ("https://Example.COM/news/1/", "https://example.com/news/1"),
    ("https://example.com/news/1#frag", "https://example.com/news/1"),
    ("https://example.com/a?utm_source=x&id=3&utm_medium=rss&ref=home", "https://example.com/a?id=3"),
    ("https://example.com:443/a/", "https://example.com/a"),
    ("http://example.com:8080/a", "http://example.com:8080/a"),
    ("https://example.com", "https://example.com/"),
    ("https://example.com/", "https://example.com/"),
    ("javascript:alert(1)", ""),
    ("ftp://example.com/x", ""),
    ("https:///nohost", ""),
    ("https://exa mple.com/", ""),
])
def test_canonical_url(url, expected):
    assert canonical_url(url) == expected


@pytest.mark.parametrize("a,b,near", [
    ("وزیر نیرو گفت ذخیرهٔ سدهای تهران به کمترین میزان در پنجاه سال گذشته رسیده و مردم باید مصرف آب را کم کنند",
     "وزير نيرو گفت ذخيره سدهاي تهران به كمترين ميزان در پنجاه سال گذشته رسيده و مردم بايد مصرف آب را كم كنند", True),
    ("وزیر نیرو گفت ذخیرهٔ سدهای تهران به کمترین میزان در پنجاه سال گذشته رسیده و مردم باید مصرف آب را کم کنند",
     "تیم ملی فوتبال ایران در بازی دوستانه مقابل کره جنوبی با نتیجهٔ دو بر یک پیروز شد و به رده بالاتری رسید", False),
])
def test_simhash_near_and_far(a, b, near):
    assert (distance(simhash(a), simhash(b)) <= 12) is near


def test_simhash_short_text_has_no_fingerprint():
    assert simhash("خبر کوتاه") is None


def test_add_source_takes_the_feeds_title(server):
    server.routes["/f"] = Route(body=rss(item(1), title="رادیو نمونه", link="https://radio.example/"))
    out = io.StringIO()
    call_command("add_source", server.url("/f"), "--review", stdout=out)
    source = Source.objects.get()
    assert source.name == "رادیو نمونه" and source.site_url == "https://radio.example/"
    assert source.feed_state.hold_for_review
    call_command("add_source", server.url("/f"), stdout=out)  # idempotent
    assert Source.objects.count() == 1 and "پیش‌تر بود" in out.getvalue()


def test_add_source_with_name_and_several_urls(server):
    call_command("add_source", server.url("/x"), "--name", "نام دلخواه", "--no-fetch", stdout=io.StringIO())
    assert Source.objects.get().name == "نام دلخواه"
    with pytest.raises(Exception):
        call_command("add_source", server.url("/a"), server.url("/b"), "--name", "x")


HTML_PAGE = ('<!doctype html><html><head><title>خانه</title>'
             '<link rel="alternate" type="application/rss+xml" href="/rss.xml"></head>'
             '<body><h1>خبرگزاری نمونه</h1></body></html>').encode()


def test_add_source_refuses_a_web_page(server):
    server.routes["/"] = Route(body=HTML_PAGE, content_type="text/html; charset=utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("add_source", server.url("/"), stdout=io.StringIO(), stderr=err)
    assert not Source.objects.exists()
    said = str(refused.value) + err.getvalue()
    assert "خوراک" in said and "not" not in said
    # The feed the page itself names is offered instead.
    assert server.url("/rss.xml") in err.getvalue()
    with pytest.raises(services.NotAFeed):
        services.source_add(feed_url=server.url("/"))
    # Without the check (--no-fetch) the editor can still add it on their own word.
    call_command("add_source", server.url("/"), "--no-fetch", "--name", "صفحه", stdout=io.StringIO())
    assert Source.objects.get().name == "صفحه"


def test_add_source_refusal_does_not_stop_the_other_addresses(server):
    server.routes["/page"] = Route(body=HTML_PAGE, content_type="text/html; charset=utf-8")
    server.routes["/f"] = Route(body=rss(item(1), title="رادیو نمونه"))
    with pytest.raises(CommandError):
        call_command("add_source", server.url("/page"), server.url("/f"), stdout=io.StringIO(),
                     stderr=io.StringIO())
    assert list(Source.objects.values_list("name", flat=True)) == ["رادیو نمونه"]


def test_sources_whose_first_fetch_fails_are_named_apart_with_a_warning(server):
    out, err = io.StringIO(), io.StringIO()
    call_command("add_source", server.url("/a/rss"), server.url("/b/rss?lang=fa"), stdout=out, stderr=err)
    host = server.url("/").split("//", 1)[1].rstrip("/")
    assert sorted(Source.objects.values_list("name", flat=True)) == [f"{host}/a/rss", f"{host}/b/rss?lang=fa"]
    assert len(set(Source.objects.values_list("slug", flat=True))) == 2
    # Added all the same (a failure may pass), and the editor is told why the name is not the outlet's.
    assert err.getvalue().count("منبع پاسخ خطا داد") == 2


def test_fallback_name_never_carries_credentials():
    source, _ = services.source_add(feed_url="https://user:secret@outlet.example/feed/", discover=False)
    assert source.name == "outlet.example/feed"


def test_opml_import_and_export_roundtrip(tmp_path, server):
    opml = tmp_path / "subs.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head><title>s</title></head><body>'
        '<outline text="خبر"><outline text="الف" xmlUrl="https://a.example/rss" htmlUrl="https://a.example/"/>'
        '<outline text="ب" title="ب" xmlUrl="https://b.example/atom"/></outline>'
        '<outline text="folder only"/></body></opml>', encoding="utf-8")
    call_command("add_source", "--opml", str(opml), "--no-fetch", stdout=io.StringIO())
    assert sorted(Source.objects.values_list("name", "feed_url")) == [
        ("ب", "https://b.example/atom"), ("الف", "https://a.example/rss")] or Source.objects.count() == 2
    out = tmp_path / "out.opml"
    call_command("export_opml", "--output", str(out), stderr=io.StringIO())
    back = parse_opml(out.read_bytes())
    assert {o.feed_url for o in back} == {"https://a.example/rss", "https://b.example/atom"}
    assert {o.title for o in back} == {"الف", "ب"}


def test_opml_with_entities_is_refused():
    with pytest.raises(OPMLError):
        parse_opml(b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><opml><body/></opml>')
    with pytest.raises(OPMLError):
        parse_opml(b"not xml at all")


def test_ingest_polls_due_sources_and_one_by_slug(server):
    server.routes["/a"] = Route(body=rss(item(1, link="https://a.example/1")))
    server.routes["/b"] = Route(body=rss(item(2, link="https://b.example/2")))
    a, _ = services.source_add(feed_url=server.url("/a"), discover=False, name="a")
    b, _ = services.source_add(feed_url=server.url("/b"), discover=False, name="b")
    out = io.StringIO()
    call_command("ingest", stdout=out)
    assert Article.objects.count() == 2 and "polled 2 sources" in out.getvalue()
    call_command("ingest", stdout=out)  # nothing is due now
    assert FetchLog.objects.count() == 2
    call_command("ingest", "--source", a.slug, stdout=out)  # due or not
    assert FetchLog.objects.filter(source=a).count() == 2


def test_scheduler_one_round(server):
    server.routes["/a"] = Route(body=rss(item(1)))
    services.source_add(feed_url=server.url("/a"), discover=False, name="a")
    out = io.StringIO()
    call_command("ingest_scheduler", "--once", stdout=out)
    assert Article.objects.count() == 1 and "scheduler stopped" in out.getvalue()


def test_claim_prevents_double_polling(server):
    server.routes["/a"] = Route(body=rss(item(1)))
    a, _ = services.source_add(feed_url=server.url("/a"), discover=False, name="a")
    assert services.source_claim(source=a)
    assert not services.source_claim(source=a)
    assert list(services.sources_due()) == []


def test_rq_path_enqueues_and_a_worker_polls(server):
    redis = pytest.importorskip("redis")
    from rq import Queue, SimpleWorker

    connection = redis.Redis.from_url("redis://127.0.0.1:6379/13")
    try:
        connection.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    q = Queue(f"ingest-test-{id(server)}", connection=connection)
    q.empty()
    server.routes["/a"] = Route(body=rss(item(1)))
    services.source_add(feed_url=server.url("/a"), discover=False, name="a")
    assert jobs.enqueue_due(q) == 1
    assert jobs.enqueue_due(q) == 0  # claimed: not enqueued twice
    SimpleWorker([q], connection=connection).work(burst=True)
    assert Article.objects.count() == 1
    q.delete(delete_jobs=True)


def test_background_commands_start_the_scheduler():
    from didgah.serve import background_commands

    assert [sys.executable, "manage.py", "ingest_scheduler"] in background_commands()


def test_admin_shows_source_health(server, client, django_user_model):
    server.routes["/a"] = Route(status=500)
    source, _ = services.source_add(feed_url=server.url("/a"), discover=False, name="منبع خراب")
    services.feed_poll(source=source)
    admin = django_user_model.objects.create_superuser("boss", "b@x.example", "pw-long-enough-123")
    client.force_login(admin)
    page = client.get(f"/admin/news/source/{source.pk}/change/").content.decode()
    assert "HTTP 500" in page
    listing = client.get("/admin/ingest/feedstate/?health=failing").content.decode()
    assert "منبع خراب" in listing
    assert client.get("/admin/ingest/fetchlog/").status_code == 200
    state = FeedState.objects.get(source=source)
    server.routes["/a"] = Route(body=rss(item(1)))
    client.post("/admin/ingest/feedstate/", {"action": "poll_now", "_selected_action": [state.pk]})
    assert Article.objects.count() == 1


def test_load_demo_feeds_is_rerun_safe():
    out = io.StringIO()
    call_command("load_demo_feeds", stdout=out)
    first = Article.objects.count()
    assert first >= 8
    call_command("load_demo_feeds", stdout=out)
    assert Article.objects.count() == first
    dams = Article.objects.filter(title__contains="سدهای تهران")
    assert dams.count() == 2 and len({a.cluster_id for a in dams}) == 1 and dams[0].cluster_id
    assert not FeedState.objects.filter(poll_enabled=True).exists()
    assert Article.objects.filter(title__contains="می‌شود").exists()  # lost ZWNJ restored
