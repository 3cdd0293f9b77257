"""import_disqus on isso's Disqus test export, its threads pointed at imported posts."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from didgah.community.models import Comment
from didgah.imports import services
from didgah.imports.models import ImportedItem
from didgah.news.models import Article

from .wxrdocs import CORPUS_DISQUS, SITE, comment, item, write, wxr

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles(tmp_path):
    services.wxr_import(path=write(tmp_path, "site.xml", wxr(item(7, title="خبر هفتم") + item(8, title="خبر هشتم"))),
                        images=False)
    return Article.objects.get(title="خبر هفتم"), Article.objects.get(title="خبر هشتم")


def _disqus(tmp_path) -> str:
    # The corpus's threads are about example hosts; here they are about our imported posts.
    text = Path(CORPUS_DISQUS).read_text()
    text = text.replace("http://example.org/", f"{SITE}/2019/04/30/post-7/")
    text = text.replace("http://localhost:4000/blog/2013/02/12/redacted/index.html", f"{SITE}/2019/04/30/post-8")
    return write(tmp_path, "disqus.xml", text)


def test_corpus_comments_attach_threaded_and_skips_are_counted(articles, tmp_path, client):
    seventh, eighth = articles
    report = services.disqus_import(path=_disqus(tmp_path))
    on_seventh = {c.guest_name: c for c in Comment.objects.filter(article=seventh)}
    assert set(on_seventh) == {"peter", "user"} and Comment.objects.filter(article=seventh).count() == 3
    # Post 5 answers post 4; post 11 answered the deleted post 9 and joins the top level.
    reply = Comment.objects.get(article=seventh, body="Hello, World.", parent__isnull=False)
    assert reply.parent.guest_name == "peter" and reply.parent.body == "..."
    assert Comment.objects.filter(article=seventh, body="Hello, World.", parent__isnull=True).count() == 1
    assert Comment.objects.get(article=eighth).body == "Message from thread with empty title and id"
    assert report.skipped["comment"]["deleted"] == 1
    assert report.skipped["comment"]["no_thread"] == 1  # post 6, thread 1337
    assert report.skipped["thread"]["no_article"] == 1  # thread 3, empty
    assert reply.created_at.isoformat() == "2013-10-11T06:51:33+00:00"
    seventh.refresh_from_db()
    assert seventh.comment_count == 3
    # The names show on the page; the addresses never do.
    html = client.get(seventh.get_absolute_url()).content.decode()
    assert "peter" in html and "foo@bar.com" not in html


def test_second_run_adds_nothing(articles, tmp_path):
    path = _disqus(tmp_path)
    services.disqus_import(path=path)
    out = StringIO()
    call_command("import_disqus", path, "--quiet", stdout=out, stderr=StringIO())
    assert Comment.objects.count() == 4
    assert "پیش‌تر آمده" in out.getvalue()


def test_dry_run_writes_nothing(articles, tmp_path):
    report = services.disqus_import(path=_disqus(tmp_path), dry_run=True)
    assert report.imported["comment"] == 4 and Comment.objects.count() == 0


def test_thread_identifier_of_the_wordpress_plugin(articles, tmp_path):
    doc = f"""<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
  <post dsq:id="21"><message><![CDATA[<p>پاسخ پیش از پدرش</p>]]></message><createdAt>2020-01-02T00:00:00Z</createdAt>
    <isDeleted>false</isDeleted><isSpam>false</isSpam><author><name>دوم</name><email>b@example.org</email></author>
    <thread dsq:id="100"/><parent dsq:id="20"/></post>
  <thread dsq:id="100"><id>8 {SITE}/?p=8</id><forum>oldsite</forum><link>https://moved.example/somewhere/</link></thread>
  <post dsq:id="20"><message>نخستین دیدگاه</message><createdAt>2020-01-01T00:00:00Z</createdAt>
    <isDeleted>false</isDeleted><isSpam>false</isSpam><author><name>نخست</name><email>A@Example.org</email></author>
    <thread dsq:id="100"/></post>
  <post dsq:id="22"><message>تبلیغ</message><isDeleted>false</isDeleted><isSpam>true</isSpam><thread dsq:id="100"/></post>
</disqus>"""
    report = services.disqus_import(path=write(tmp_path, "d.xml", doc))
    _seventh, eighth = articles
    first = Comment.objects.get(article=eighth, body="نخستین دیدگاه")
    assert first.guest_email == "a@example.org"
    assert Comment.objects.get(article=eighth, body="پاسخ پیش از پدرش").parent == first
    assert report.skipped["comment"]["spam"] == 1
    assert ImportedItem.objects.filter(source="disqus:oldsite", kind="comment").count() == 2


def test_wordpress_comments_are_not_repeated_by_a_later_export(tmp_path):
    first = wxr(item(7, comments=comment(1, content="قدیمی")))
    later = wxr(item(7, comments=comment(1, content="قدیمی") + comment(2, parent=1, content="تازه")))
    services.wxr_import(path=write(tmp_path, "a.xml", first), images=False)
    report = services.wxr_import(path=write(tmp_path, "b.xml", later), images=False)
    assert report.imported["comment"] == 1 and report.skipped["post"]["already_imported"] == 1
    assert Comment.objects.get(body="تازه").parent == Comment.objects.get(body="قدیمی")
