"""A short hot-article run (bench/hot_article.py runs the long one through the production
profile): readers voting and commenting on one article at once through a live server;
afterwards every accepted write is in the database and the counters equal the rows."""

import importlib.util
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connection
from django.test.testcases import LiveServerThread, _StaticFilesHandler
from django.utils import timezone
from django.utils.crypto import get_random_string

from didgah.accounts.models import Profile
from didgah.news.tests.factories import make_article

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = 30  # PostgreSQL here allows 100 connections, shared with other test runs
SECONDS = 5

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def _bench():
    spec = importlib.util.spec_from_file_location("hot_article", ROOT / "bench" / "hot_article.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _readers(n):
    User = get_user_model()
    User.objects.bulk_create([User(username=f"bench{i}", email=f"bench{i}@example.org", password="!")
                              for i in range(n)])
    users = list(User.objects.filter(username__startswith="bench").order_by("pk"))
    now = timezone.now()
    Profile.objects.bulk_create([
        Profile(user=u, display_name=f"خواننده {i}", display_key=f"خواننده{i}", username_key=u.username,
                email_verified_at=now, approved_comments=10) for i, u in enumerate(users)])
    store, sessions, pairs = SessionStore(), [], []
    for u in users:
        key = get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789")
        sessions.append(Session(session_key=key, expire_date=now + timezone.timedelta(hours=1), session_data=store.encode(
            {"_auth_user_id": str(u.pk), "_auth_user_backend": "django.contrib.auth.backends.ModelBackend",
             "_auth_user_hash": u.get_session_auth_hash()})))
        pairs.append((key, get_random_string(32)))
    Session.objects.bulk_create(sessions)
    return pairs


class _BigBacklogServer(ThreadedWSGIServer):
    # socketserver's default queue of 5 (Django's 10) resets connections when all the
    # clients connect at once; a real server's backlog is in the hundreds.
    request_queue_size = 256


class _LiveServer(LiveServerThread):
    server_class = _BigBacklogServer


@pytest.fixture
def server():
    thread = _LiveServer("127.0.0.1", _StaticFilesHandler)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield f"http://127.0.0.1:{thread.port}"
    thread.terminate()


def test_concurrent_votes_and_comments_on_one_article_lose_nothing(server, settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: many concurrent writers")
    for name in ("VOTE_RATE_PER_MINUTE", "COMMENT_RATE_PER_MINUTE", "COMMENT_RATE_PER_HOUR"):
        setattr(settings, name, 1_000_000)
    bench = _bench()
    readers = _readers(CLIENTS)
    article = make_article(title="خبر داغ")
    result = bench.hammer(server, readers, article.pk, CLIENTS, SECONDS, timeout=15)
    assert result["finished_clients"] == CLIENTS
    assert result["timeouts"] == 0 and result["errors"] == []
    assert len(result["comments"]) > CLIENTS and result["votes_sent"] > CLIENTS
    check = bench.verify(article_id=article.pk, comment_ids=result["comments"], expected_votes=result["votes"],
                         usernames=[f"bench{i}" for i in range(CLIENTS)])
    assert check["missing_comments"] == 0
    assert check["wrong_votes"] == 0
    assert check["counters"] == check["rows"]
