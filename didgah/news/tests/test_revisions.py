"""Revisions, roles and preview links (issue 18), through the HTTP layer where a person
would meet them: the admin for writers and editors, the preview link for anyone."""

import re
import time

import lxml.html
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import signing
from django.test import Client

from didgah.news import preview, revisions, roles, services
from didgah.news.models import Article, ArticleRevision
from didgah.news.tests.factories import make_article, make_category

pytestmark = pytest.mark.django_db

CHANGE = "/admin/news/article/{}/change/"
HISTORY = "/admin/news/article/{}/history/"


def _staff(username, group=None):
    user = get_user_model().objects.create_user(username, f"{username}@didgah.example", is_staff=True)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def writer():
    return _staff("writer", roles.WRITERS)


@pytest.fixture
def editor():
    return _staff("editor", roles.EDITORS)


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _form(response, form_id="article_form"):
    """What the browser would send back from the admin's form, as rendered."""
    doc = lxml.html.fromstring(response.content.decode())
    data = {}
    for name, value in doc.get_element_by_id(form_id).form_values():
        data.setdefault(name, []).append(value.lstrip("\n"))
    return data


def _save(client, article, **changes):
    data = _form(client.get(CHANGE.format(article.pk)))
    data.update({k: v for k, v in changes.items()})
    data["_save"] = "1"
    return client.post(CHANGE.format(article.pk), data)


# --- Roles: one policy, asked everywhere ---------------------------------------------------

def test_roles_table(writer, editor):
    moderator = _staff("moderator", roles.MODERATORS)
    own_draft = make_article(author=writer, status=Article.Status.DRAFT)
    own_published = make_article(author=writer)
    others_draft = make_article(author=editor, status=Article.Status.DRAFT)
    table = [
        # user, article, publish, edit, delete, submit, restore, preview
        (writer, own_draft, False, True, True, True, False, True),
        (writer, own_published, False, False, False, False, False, False),
        (writer, others_draft, False, False, False, False, False, False),
        (editor, own_draft, True, True, True, False, True, True),
        (editor, own_published, True, True, True, False, True, False),
        (moderator, own_draft, False, False, False, False, False, False),
    ]
    for user, article, *expected in table:
        got = [roles.can_publish(user), roles.can_edit_article(user, article),
               roles.can_delete_article(user, article), roles.can_submit_article(user, article),
               roles.can_restore_revision(user, article), roles.can_share_preview(user, article)]
        assert got == expected, (user.username, article.title)
    assert moderator.has_perm("community.change_comment") and not moderator.has_perm("news.add_article")


def test_writer_cannot_publish_and_editor_can(writer, editor):
    writer_client = _client(writer)
    page = writer_client.get("/admin/news/article/add/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="status"' not in html and 'name="_submit_review"' in html
    data = _form(page)
    data.update({"title": ["گزارش نویسنده"], "body": ["<p>متن نخست.</p>"], "status": ["published"], "_save": "1"})
    assert writer_client.post("/admin/news/article/add/", data).status_code == 302
    article = Article.objects.get(title="گزارش نویسنده")
    assert article.status == Article.Status.DRAFT and article.author == writer

    # Neither the form nor the list's action publishes for a writer.
    _save(writer_client, article, status=["published"])
    writer_client.post("/admin/news/article/", {"action": "make_published", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT

    # An editor's article is the writer's to read, not to change.
    published = make_article(author=editor, title="خبر دبیر")
    assert _save(writer_client, published, title=["دست‌کاری"]).status_code == 403
    deleting = writer_client.post("/admin/news/article/", {"action": "delete_selected", "post": "yes",
                                                          "_selected_action": [published.pk]})
    assert deleting.status_code == 403
    published.refresh_from_db()
    assert published.title == "خبر دبیر"

    editor_client = _client(editor)
    html = editor_client.get(CHANGE.format(article.pk)).content.decode()
    assert 'name="status"' in html and 'name="_submit_review"' not in html
    assert _save(editor_client, article, status=["published"]).status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    # Published now: the writer may no longer change it.
    assert _save(writer_client, article, title=["دیگر"]).status_code == 403


def test_writer_submits_for_review(writer, editor):
    article = make_article(author=writer, status=Article.Status.DRAFT, title="پیش‌نویس")
    client = _client(writer)
    assert _save(client, article, _submit_review=["1"]).status_code == 302
    article.refresh_from_db()
    assert article.submitted_at is not None and article.status == Article.Status.DRAFT
    assert article.revisions.first().note == "فرستاده برای بازبینی"
    waiting = _client(editor).get("/admin/news/article/?review=waiting").content.decode()
    assert "پیش‌نویس" in waiting


# --- Revisions ---------------------------------------------------------------------------

def test_a_revision_per_save_and_the_diff_shows_the_change(editor):
    category = make_category(name="سیاست")
    article = make_article(author=editor, title="وزیر امروز به تهران رفت", body="<p>بند نخست.</p>",
                           categories=[category], tags=["دولت"])
    assert article.revisions.count() == 1  # created through the services

    client = _client(editor)
    _save(client, article, title=["وزیر دیروز به تهران رفت"],
          body=['<p>بند نخست.</p><p>بند دوم با <a href="https://example.org/x">پیوند</a>.</p>'])
    assert article.revisions.count() == 2
    _save(client, article)  # nothing changed: no revision
    assert article.revisions.count() == 2
    services.article_update(article=article, tags=["دولت", "مجلس"], user=editor)
    assert article.revisions.count() == 3
    latest = article.revisions.first()
    assert latest.user == editor and latest.data["tags"] == ["دولت", "مجلس"]

    history = client.get(HISTORY.format(article.pk)).content.decode()
    assert "نسخهٔ ۳" in history and "برچسب‌ها" in history

    page = client.get(HISTORY.format(article.pk) + "2/").content.decode()
    assert re.search(r'<del class="rev-del"><span class="visually-hidden">[^<]+</span>امروز<', page)
    assert re.search(r'<ins class="rev-ins"><span class="visually-hidden">[^<]+</span>دیروز<', page)
    # The body as text, its new paragraph and link shown as markup tokens.
    assert "¶" in page and "&lt;a href=&quot;https://example.org/x&quot;&gt;" in page
    # Against any other revision on request; a missing one is a 404.
    assert "مجلس" in client.get(HISTORY.format(article.pk) + "3/?against=1").content.decode()
    assert client.get(HISTORY.format(article.pk) + "9/").status_code == 404


def test_restore_is_a_new_revision_and_checked(writer, editor):
    article = make_article(author=editor, title="تیتر نخست", lead="لید نخست", tags=["الف"])
    services.article_update(article=article, title="تیتر دوم", lead="لید دوم", tags=["ب"], user=editor)
    restore = HISTORY.format(article.pk) + "1/restore/"

    assert _client(editor).get(restore).status_code == 405
    assert _client(writer).post(restore).status_code == 403
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(editor)
    assert csrf_client.post(restore).status_code == 403
    article.refresh_from_db()
    assert article.title == "تیتر دوم"

    assert _client(editor).post(restore).status_code == 302
    article.refresh_from_db()
    assert (article.title, article.lead, [t.name for t in article.tags.all()]) == ("تیتر نخست", "لید نخست", ["الف"])
    assert article.status == Article.Status.PUBLISHED
    newest = article.revisions.first()
    assert newest.number == 3 and newest.user == editor and "بازگردانی نسخهٔ ۱" in newest.note


def test_body_markup_tokens_and_compare():
    tokens = revisions.body_tokens('<p>سلام <strong>دنیا</strong></p>\n  <h2>تیتر</h2><img src="/a.jpg" alt="عکس">')
    assert tokens == [revisions.Markup("¶", block=True), "سلام", " ", revisions.Markup("<strong>"), "دنیا",
                      revisions.Markup("</strong>"), revisions.Markup("<h2>", block=True), "تیتر",
                      revisions.Markup('<img src="/a.jpg" alt="عکس">', block=False)]
    old = {"title": "الف", "status": "draft", "published_at": None, "tags": ["x"], "body": "<p>a</p>"}
    new = {**old, "status": "published", "published_at": "2026-01-01T10:00:00+00:00", "tags": ["x", "y"]}
    fields = {d.field: str(d.html) for d in revisions.compare(old, new)}
    assert set(fields) == {"status", "published_at", "tags"}
    assert "پیش‌نویس" in fields["status"] and "منتشرشده" in fields["status"]
    assert revisions.changed_fields(old, old) == []


# --- Preview links ------------------------------------------------------------------------

def _preview_url(client, article):
    html = client.get(CHANGE.format(article.pk)).content.decode()
    found = re.search(r'id="preview-link" type="url" readonly value="([^"]+)"', html)
    return found and found.group(1)


def test_preview_link_signed_out_expires_and_refuses_tampering(writer, monkeypatch):
    article = make_article(author=writer, status=Article.Status.DRAFT, title="پیش‌نویس محرمانه")
    url = _preview_url(_client(writer), article)
    assert url and "/preview/" in url

    visitor = Client()
    assert visitor.get(article.get_absolute_url()).status_code == 404
    page = visitor.get(url)
    html = page.content.decode()
    assert page.status_code == 200 and "پیش‌نویس محرمانه" in html and "پیش‌نمایش" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html and page["X-Robots-Tag"].startswith("noindex")
    assert "no-store" in page["Cache-Control"] and "private" in page["Cache-Control"]
    # Never kept: an edit shows on the next visit.
    services.article_update(article=article, title="پیش‌نویس ویراسته", user=writer)
    assert "پیش‌نویس ویراسته" in visitor.get(url).content.decode()

    token = url.rstrip("/").rsplit("/", 1)[1]
    tampered = url.replace(token, token[:-1] + ("A" if token[-1] != "A" else "B"))
    refused = visitor.get(tampered)
    assert refused.status_code == 403 and "درست نیست" in refused.content.decode()
    forged = url.replace(token, signing.dumps(article.pk, salt="another.salt"))
    assert visitor.get(forged).status_code == 403

    later = time.time() + preview.PREVIEW_MAX_AGE.total_seconds() + 60
    monkeypatch.setattr(signing.time, "time", lambda: later)
    expired = visitor.get(url)
    assert expired.status_code == 410 and "زمان این پیوند پیش‌نمایش گذشته است" in expired.content.decode()
    monkeypatch.undo()

    # Once published the link leads to the public page.
    services.article_update(article=article, status=Article.Status.PUBLISHED, user=None)
    assert visitor.get(url)["Location"] == article.get_absolute_url()


def test_preview_link_only_for_who_may_edit(writer, editor):
    others = make_article(author=editor, status=Article.Status.DRAFT)
    assert _preview_url(_client(writer), others) is None
    assert _preview_url(_client(editor), others)
    published = make_article(author=editor, published_at=None)
    assert _preview_url(_client(editor), published) is None


def test_roles_sync_is_idempotent_and_keeps_added_permissions():
    from django.contrib.auth.models import Permission

    writers = Group.objects.get(name=roles.WRITERS)
    extra = Permission.objects.get(codename="view_source")
    writers.permissions.add(extra)
    count = writers.permissions.count()
    services.roles_sync()
    assert writers.permissions.count() == count and ArticleRevision._meta.permissions
    assert not writers.permissions.filter(codename="publish_article").exists()


def test_demo_has_one_account_of_each_role_and_a_draft_waiting(settings, tmp_path):
    import io

    from django.core.management import call_command

    settings.DATA_DIR = tmp_path
    call_command("load_demo_roles", stdout=io.StringIO())
    users = {u.username: u for u in get_user_model().objects.filter(is_staff=True)}
    draft = Article.objects.get(author=users["writer"])
    assert roles.can_edit_article(users["writer"], draft) and not roles.can_publish(users["writer"])
    assert roles.can_publish(users["deskeditor"]) and users["moderator"].has_perm("community.change_comment")
    assert draft.status == Article.Status.DRAFT and draft.submitted_at and draft.revisions.count() == 3
    assert (tmp_path / "demo-staff-password.txt").exists()
    call_command("load_demo_roles", stdout=io.StringIO())
    assert Article.objects.filter(author=users["writer"]).count() == 1
