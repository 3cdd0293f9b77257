"""Comments on the article page, through the HTTP layer."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from didgah.community import services
from didgah.community.models import ArticleVote, Comment
from didgah.news.models import Article
from didgah.news.tests.factories import make_article

from .factories import fold, make_comment, make_reader

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def _post(client, article, body, **extra):
    return client.post(f"/community/article/{article.pk}/comment/", {"body": body, **extra})


def test_visitor_sees_invitation_with_links_back(client):
    article = make_article()
    html = client.get(article.get_absolute_url()).content.decode()
    assert "دیدگاه شما چیست؟ برای نوشتن دیدگاه، وارد شوید یا نام‌نویسی کنید." in html
    login = re.search(r'id="login-link" href="([^"]+)"', html).group(1)
    register = re.search(r'id="register-link" href="([^"]+)"', html).group(1)
    assert login.startswith("/accounts/login/?next=") and register.startswith("/accounts/register/?next=")
    assert f"/news/{article.pk}/" in login and "%23comments" in login
    # The form is in the page for everyone (the page is shared), hidden until the
    # reader's own request shows it; without JavaScript a link leads to its own page.
    assert '<div class="reader-only" hidden>' in html and 'id="compose-page-link"' in html
    assert client.get(f"/community/article/{article.pk}/comment/")["Location"].startswith("/accounts/login/")
    # posting without an account leads to the login page, nothing stored
    response = _post(client, article, "سلام")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")
    assert not Comment.objects.exists()


def test_reader_comments_and_sees_name_place_time_score(client):
    article = make_article()
    reader = make_reader(display_name="مریم احمدی", city="شیراز", country="IR")
    client.force_login(reader)
    response = _post(client, article, "خبر خوبی بود.\n\nبند دوم با پیوند https://example.org/x")
    comment = Comment.objects.get()
    assert response.status_code == 200
    done = response.content.decode()
    assert "دیدگاه شما ثبت شد" in done and f'href="{article.get_absolute_url()}#c-{comment.pk}"' in done
    fold()
    html = client.get(article.get_absolute_url()).content.decode()
    block = html[html.index(f'id="c-{comment.pk}"'):]
    assert "مریم احمدی - شیراز، ایران" in block
    assert re.search(r"(شنبه|یکشنبه|دوشنبه|سه‌شنبه|چهارشنبه|پنجشنبه|جمعه) [۰-۹]+ \S+ [۰-۹]{4} - [۰-۹]{2}:[۰-۹]{2}", block)
    assert f'id="c-{comment.pk}-score"' in block and ">۰<" in block
    assert "<p>خبر خوبی بود.</p><p>بند دوم با پیوند " in block
    assert 'href="https://example.org/x" rel="nofollow ugc noopener"' in block
    article.refresh_from_db()
    assert article.comment_count == 1 and article.hot > 0


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("سلام\x00دنیا", "NUL"),
        ("سلام \u202eدنیا", "RLO"),
        ("   \n\n\t  ", "خالی"),
        ("", "خالی"),
        ("ب" * 100_000, "حداکثر"),
    ],
)
def test_bad_input_gets_a_persian_error_and_stores_nothing(client, body, message):
    article = make_article()
    client.force_login(make_reader())
    response = _post(client, article, body)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Comment.objects.exists()


def test_markup_and_scripts_are_shown_as_harmless_text(client):
    article = make_article()
    client.force_login(make_reader())
    hostile = '<script>alert(1)</script><img src=x onerror=alert(2)> <a href="javascript:alert(3)">x</a> javascript:alert(4)'
    _post(client, article, hostile)
    fold()
    stored = Comment.objects.get().body
    assert stored == hostile  # kept as typed, never as markup
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html and "<img src=x" not in html and 'href="javascript' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_replies_nest_up_to_the_depth_cap(client, settings):
    settings.COMMENT_MAX_DEPTH = 2
    article = make_article()
    a, b = make_reader(), make_reader()
    top = make_comment(article=article, author=a, body="ریشه")
    r1 = make_comment(article=article, author=b, body="پاسخ یک", parent=top)
    r2 = make_comment(article=article, author=a, body="پاسخ دو", parent=r1)
    client.force_login(b)
    response = _post(client, article, "پاسخ سه", parent=r2.pk)
    r3 = Comment.objects.get(body="پاسخ سه")
    assert response.status_code == 200
    fold()
    assert (r1.depth, r2.depth, r3.depth) == (1, 2, 2) and r3.parent_id == r1.pk and r3.root_id == top.pk
    html = client.get(article.get_absolute_url()).content.decode()
    assert html.index("ریشه") < html.index("پاسخ یک") < html.index("پاسخ دو") < html.index("پاسخ سه")
    # the reply form works without JavaScript, on its own page
    page = client.get(f"/community/comment/{top.pk}/reply/")
    assert page.status_code == 200 and f'name="parent" value="{top.pk}"' in page.content.decode()


def test_reply_to_another_articles_comment_is_refused(client):
    a1, a2 = make_article(), make_article()
    other = make_comment(article=a2)
    client.force_login(make_reader())
    assert _post(client, a1, "پاسخ", parent=other.pk).status_code == 400
    assert Comment.objects.count() == 1


def test_orders_oldest_default_newest_and_best(client):
    article = make_article()
    voters = [make_reader() for _ in range(4)]
    first = make_comment(article=article, body="نخستین")
    second = make_comment(article=article, body="دومین")
    third = make_comment(article=article, body="سومین")
    now = timezone.now()
    for n, c in enumerate((first, second, third)):
        Comment.objects.filter(pk=c.pk).update(created_at=now - timedelta(minutes=30 - n))
    for v in voters:
        services.comment_vote(comment=second, user=v, value=1)
    services.comment_vote(comment=third, user=voters[0], value=1)
    fold()
    url = article.get_absolute_url()

    def order(query=""):
        html = client.get(url + query).content.decode()
        return sorted(("نخستین", "دومین", "سومین"), key=html.index)

    assert order() == ["نخستین", "دومین", "سومین"]
    assert order("?corder=newest") == ["سومین", "دومین", "نخستین"]
    assert order("?corder=best") == ["دومین", "سومین", "نخستین"]
    assert client.get(f"/community/article/{article.pk}/comments/?corder=best").status_code == 200


def test_edit_within_window_marked_edited_then_refused(client, settings):
    article = make_article()
    reader = make_reader()
    comment = make_comment(article=article, author=reader, body="متن نخست")
    client.force_login(reader)
    assert client.get(f"/community/comment/{comment.pk}/edit/").status_code == 200
    response = client.post(f"/community/comment/{comment.pk}/edit/", {"body": "متن ویراسته"})
    assert response.status_code == 200 and "ویرایش شما ثبت شد" in response.content.decode()
    fold()
    comment.refresh_from_db()
    assert comment.body == "متن ویراسته" and comment.edited_at is not None
    assert "(ویرایش‌شده)" in client.get(article.get_absolute_url()).content.decode()
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(minutes=16))
    response = client.post(f"/community/comment/{comment.pk}/edit/", {"body": "دیرهنگام"})
    assert response.status_code == 400 and "زمان ویرایش" in response.content.decode()
    comment.refresh_from_db()
    assert comment.body == "متن ویراسته"


def test_soft_delete_keeps_replies_and_updates_count(client):
    article = make_article()
    reader = make_reader()
    comment = make_comment(article=article, author=reader, body="حرفی که پس می‌گیرم")
    reply = make_comment(article=article, body="پاسخ به آن", parent=comment)
    client.force_login(reader)
    fold()
    # Following the link deletes nothing: it asks first.
    ask = client.get(f"/community/comment/{comment.pk}/delete/")
    assert ask.status_code == 200 and 'id="delete-form"' in ask.content.decode()
    assert not Comment.objects.get(pk=comment.pk).is_deleted
    assert client.post(f"/community/comment/{comment.pk}/delete/").status_code == 200
    fold()
    comment.refresh_from_db()
    article.refresh_from_db()
    assert comment.is_deleted and comment.body == "حرفی که پس می‌گیرم"  # kept for moderators
    assert article.comment_count == 1
    html = client.get(article.get_absolute_url()).content.decode()
    assert "حرفی که پس می‌گیرم" not in html and "به دست نویسنده‌اش حذف شده" in html and reply.body in html


def test_a_reader_cannot_act_as_another(client):
    article = make_article()
    owner, intruder = make_reader(), make_reader()
    comment = make_comment(article=article, author=owner, body="مال من")
    client.force_login(intruder)
    assert client.get(f"/community/comment/{comment.pk}/edit/").status_code == 404
    assert client.post(f"/community/comment/{comment.pk}/edit/", {"body": "دست‌کاری"}).status_code == 404
    client.post(f"/community/comment/{comment.pk}/delete/")
    # a forged author field is ignored: the author is the session's reader
    client.post(f"/community/article/{article.pk}/comment/", {"body": "جعلی", "author": owner.pk})
    comment.refresh_from_db()
    assert comment.body == "مال من" and not comment.is_deleted
    assert Comment.objects.get(body="جعلی").author_id == intruder.pk
    # the intruder's vote is theirs, never the owner's
    client.post(f"/community/comment/{comment.pk}/vote/", {"value": "1", "user": owner.pk})
    assert list(comment.votes.values_list("user_id", flat=True)) == [intruder.pk]


def test_every_state_change_needs_csrf():
    article = make_article()
    reader = make_reader()
    comment = make_comment(article=article)
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    for url, data in [
        (f"/community/article/{article.pk}/comment/", {"body": "x"}),
        (f"/community/article/{article.pk}/vote/", {"value": "1"}),
        (f"/community/comment/{comment.pk}/vote/", {"value": "1"}),
        (f"/community/comment/{comment.pk}/delete/", {}),
        (f"/community/comment/{comment.pk}/report/", {"reason": "spam"}),
        ("/accounts/logout/", {}),
        ("/accounts/profile/", {"display_name": "x"}),
    ]:
        assert client.post(url, data).status_code == 403, url
    assert Comment.objects.count() == 1
    # GET changes nothing: it is the confirmation page that carries the token.
    assert client.get(f"/community/article/{article.pk}/vote/?value=1").status_code == 200
    assert not ArticleVote.objects.exists()
    plain = Client()
    plain.force_login(reader)
    assert plain.put(f"/community/article/{article.pk}/vote/").status_code == 405


def test_htmx_posting_returns_an_empty_form_and_the_reader_sees_the_comment_at_once(client):
    article = make_article()
    reader = make_reader()
    client.force_login(reader)
    response = client.post(f"/community/article/{article.pk}/comment/", {"body": "با htmx"}, **HTMX)
    assert response.status_code == 200 and response["HX-Trigger"] == "didgah:commented"
    html = response.content.decode()
    assert html.startswith('<form method="post"') and "دیدگاه شما ثبت شد" in html and "با htmx" not in html
    # Before any fold, the reader's own request already carries their new comment.
    state = client.get(f"/community/me/?article={article.pk}").json()
    comment = Comment.objects.get(body="با htmx")
    assert comment.pk in state["own"] and "با htmx" in state["own_html"]
    bad = client.post(f"/community/article/{article.pk}/comment/", {"body": "  "}, **HTMX)
    assert bad.status_code == 200 and "خالی" in bad.content.decode() and 'id="comment-form"' in bad.content.decode()


def _bulk_thread(article, n_roots: int, replies_per_root: int, authors):
    """Comments written straight to the table: counters do not matter for these tests."""
    now = timezone.now()
    roots = Comment.objects.bulk_create([
        Comment(article=article, author=authors[i % len(authors)], body=f"دیدگاه {i}",
                status=Comment.Status.APPROVED, created_at=now - timedelta(seconds=n_roots - i))
        for i in range(n_roots)
    ])
    replies = []
    for r in roots[: n_roots // 10]:
        for j in range(replies_per_root):
            replies.append(Comment(article=article, author=authors[j % len(authors)], parent=r, root=r, depth=1,
                                   body=f"پاسخ {j}", status=Comment.Status.APPROVED))
    Comment.objects.bulk_create(replies)
    Article.objects.filter(pk=article.pk).update(comment_count=n_roots + len(replies))
    fold()


def _queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_big_thread_is_paginated_with_a_fixed_number_of_queries(client, settings):
    authors = [make_reader() for _ in range(12)]
    small, big = make_article(), make_article()
    _bulk_thread(small, 60, 3, authors)
    _bulk_thread(big, 5000, 3, authors)
    client.force_login(authors[0])
    settings.COMMENTS_PER_PAGE = 50
    small_q = _queries_for(client, small.get_absolute_url())
    big_q = _queries_for(client, big.get_absolute_url())
    assert big_q == small_q  # no query per comment, per author or per reply
    assert big_q <= 25
    html = client.get(big.get_absolute_url() + "?cpage=100").content.decode()
    assert html.count('class="comment depth-0') == 50 and "صفحهٔ ۱۰۰ از ۱۰۰" in html
    assert _queries_for(client, f"/community/article/{big.pk}/comments/?corder=best&cpage=7") <= 15


def test_a_new_comment_redirects_to_the_last_page_which_shows_it(client, settings):
    settings.COMMENTS_PER_PAGE = 2
    article = make_article()
    for i in range(5):
        make_comment(article=article, body=f"دیدگاه پیشین {i}")
    reader = make_reader(approved=10)
    client.force_login(reader)
    response = _post(client, article, "دیدگاه تازهٔ من")
    comment = Comment.objects.get(body="دیدگاه تازهٔ من")
    assert response.status_code == 200
    fold()
    html = client.get(article.get_absolute_url() + "?cpage=last").content.decode()
    assert f'id="c-{comment.pk}"' in html and "دیدگاه پیشین ۴" in html and "دیدگاه پیشین ۳" not in html  # shown in Persian digits
    assert "صفحهٔ ۳ از ۳" in html
    visitor = Client()
    assert visitor.get(article.get_absolute_url() + "?cpage=last").content.decode() == html
