"""The stream of an open article page, through the real stream server (granian, the
live app's ASGI application) and the real channel: the local one, and Redis pub/sub."""

import json
import os
import socket

import pytest
from django.test import Client

from didgah.community import services
from didgah.community.models import Comment
from didgah.community.tests.factories import fold, make_comment, make_reader
from didgah.news.tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)


class Events:
    """An open stream, read event by event (raw HTTP, as a browser's EventSource sees it)."""

    def __init__(self, server, article, *, client: Client | None = None, origin: str | None = None):
        self.sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
        cookie = ""
        if client is not None:
            cookie = "; ".join(f"{k}={v.value}" for k, v in client.cookies.items())
        lines = [f"GET /live/article/{article.pk}/ HTTP/1.1", f"Host: 127.0.0.1:{server.port}",
                 "Accept: text/event-stream", "Accept-Encoding: gzip"]
        if cookie:
            lines.append(f"Cookie: {cookie}")
        if origin:
            lines.append(f"Origin: {origin}")
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        self.buffer = b""
        head = self._until(b"\r\n\r\n").decode()
        self.status = int(head.split()[1])
        self.headers = {k.lower(): v.strip() for k, v in
                        (line.split(":", 1) for line in head.split("\r\n")[1:] if ":" in line)}
        self.chunked = self.headers.get("transfer-encoding") == "chunked"
        self.text = ""
        # The stream is open once its first bytes (the reconnection delay) are here;
        # after that no event can be missed.
        assert "retry:" in self._more_until("\n\n")

    def _until(self, mark: bytes) -> bytes:
        while mark not in self.buffer:
            data = self.sock.recv(65536)
            assert data, "the stream closed"
            self.buffer += data
        head, self.buffer = self.buffer.split(mark, 1)
        return head

    def _chunk(self) -> None:
        if not self.chunked:
            data = self.buffer or self.sock.recv(65536)
            self.buffer = b""
            assert data, "the stream closed"
            self.text += data.decode()
            return
        size = int(self._until(b"\r\n"), 16)
        while len(self.buffer) < size + 2:
            data = self.sock.recv(65536)
            assert data, "the stream closed"
            self.buffer += data
        self.text += self.buffer[:size].decode()
        self.buffer = self.buffer[size + 2:]

    def _more_until(self, mark: str) -> str:
        while mark not in self.text:
            self._chunk()
        block, self.text = self.text.split(mark, 1)
        return block

    def next(self) -> tuple[str, dict]:
        """The next event (heartbeats skipped), or a timeout."""
        while True:
            block = self._more_until("\n\n")
            fields = dict(line.split(": ", 1) for line in block.split("\n") if ": " in line and line[0] != ":")
            if "event" in fields:
                return fields["event"], json.loads(fields["data"])

    def close(self):
        self.sock.close()


@pytest.fixture
def article():
    return make_article(title="بازگشایی پل طبیعت")


def test_a_comment_its_edit_its_deletion_and_the_votes_reach_the_open_page(stream_server, article):
    author = make_reader(display_name="نگار")
    voter = make_reader()
    page = Events(stream_server, article)
    assert page.status == 200 and page.headers["content-type"].startswith("text/event-stream")
    assert "content-encoding" not in page.headers  # never gzip, though the client accepts it

    comment = make_comment(article=article, author=author, body="پل زیبایی است.")
    kind, data = page.next()
    assert (kind, data["id"], data["parent"]) == ("comment", comment.pk, None)
    assert f'id="c-{comment.pk}"' in data["html"] and "پل زیبایی است." in data["html"] and "نگار" in data["html"]

    services.comment_edit(comment=comment, user=author, body="پل بسیار زیبایی است.")
    kind, data = page.next()
    assert kind == "update" and "پل بسیار زیبایی است." in data["html"] and "comment-edited" in data["html"]

    services.comment_vote(comment=comment, user=voter, value=1)
    services.article_vote(article=article, user=voter, value=-1)
    fold()
    kind, data = page.next()
    assert kind == "counts"
    assert data["comments"][str(comment.pk)] == ["۱", "۰", "+۱"]
    assert data["article"]["score"] == "−۱" and data["article"]["comments"] == "۱"
    assert data["article"]["tally"] == "۰ موافق، ۱ مخالف"

    services.comment_delete(comment=comment, user=author)
    kind, data = page.next()
    assert kind == "update" and "comment-removed" in data["html"] and "پل بسیار" not in data["html"]
    page.close()


def test_a_pending_comment_reaches_its_author_only(stream_server, article, settings):
    settings.COMMENT_MODERATION = "pre"
    writer, other = make_reader(), make_reader()
    staff = make_reader()
    staff.is_staff = True
    staff.save()
    writer_client, other_client = Client(), Client()
    writer_client.force_login(writer)
    other_client.force_login(other)
    writer_page = Events(stream_server, article, client=writer_client)
    other_page = Events(stream_server, article, client=other_client)
    visitor_page = Events(stream_server, article)

    pending = make_comment(article=article, author=writer, body="این دیدگاه در انتظار است.")
    assert pending.status == Comment.Status.PENDING
    assert writer_page.next() == ("own", {"id": pending.pk})
    # Then something for everyone: it is the first thing the others get, so nothing of
    # the pending comment came before it.
    public = make_comment(article=article, author=staff, body="خبر تکمیلی")
    for page in (other_page, visitor_page, writer_page):
        kind, data = page.next()
        assert (kind, data["id"]) == ("comment", public.pk)
        assert "در انتظار است" not in data["html"]

    # Approved by a moderator: now everyone's.
    services.comment_moderate(comment=pending, actor=staff, approve=True)
    for page in (other_page, visitor_page):
        kind, data = page.next()
        assert (kind, data["id"]) == ("comment", pending.pk) and "در انتظار است" in data["html"]
    for page in (writer_page, other_page, visitor_page):
        page.close()


def test_the_stream_opens_to_the_site_s_own_pages_on_another_port_only(stream_server, article):
    own = Events(stream_server, article, origin="http://127.0.0.1:8000")
    assert own.headers["access-control-allow-origin"] == "http://127.0.0.1:8000"
    assert own.headers["access-control-allow-credentials"] == "true"
    other = Events(stream_server, article, origin="http://evil.example")
    assert "access-control-allow-origin" not in other.headers
    own.close()
    other.close()


def test_without_the_stream_server_the_page_is_as_it_was(client, article):
    # Under WSGI (the site's own server, a test client) the stream answers 204, which
    # tells EventSource to stop. The page is the same page for everyone; live adds one
    # deferred script to it and nothing else, and its forms work without JavaScript.
    import re

    comment = make_comment(article=article, body="دیدگاهی پیش از باز شدن صفحه")
    assert client.get(f"/live/article/{article.pk}/").status_code == 204
    html = client.get(article.get_absolute_url()).content.decode()
    scripts = re.findall(r"<script[^>]*live[^>]*>", html)
    assert len(scripts) == 1 and " defer" in scripts[0] and 'data-stream="/live/article/"' in scripts[0]
    assert 'data-port=""' in scripts[0]  # the page's own origin unless serve.py says otherwise
    assert f'id="c-{comment.pk}"' in html and "دیدگاهی پیش از باز شدن صفحه" in html
    assert f'<form method="get" action="/community/comment/{comment.pk}/vote/"' in html
    assert f'href="/community/comment/{comment.pk}/reply/"' in html
    assert 'action="/community/article/' in html or "compose-page-link" in html


@pytest.fixture
def redis_channel(settings):
    # The production profile's channel: Redis pub/sub, on a channel of this test's own.
    settings.REDIS_URL = "redis://127.0.0.1:6379/0"
    settings.CACHES = {**settings.CACHES, "default": {**settings.CACHES["default"],
                                                       "KEY_PREFIX": f"didgah-live-test-{os.getpid()}"}}


def test_through_redis_pub_sub(redis_channel, stream_server, article):
    from didgah.live.broker import RedisListener
    from didgah.live.hub import hub

    assert isinstance(hub.listener, RedisListener)
    page = Events(stream_server, article)
    comment = make_comment(article=article, body="از راه ردیس")
    kind, data = page.next()
    assert (kind, data["id"]) == ("comment", comment.pk) and "از راه ردیس" in data["html"]
    page.close()
