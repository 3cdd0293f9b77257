"""Readers' accounts through the HTTP layer."""

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from didgah.accounts import services
from didgah.accounts.models import Profile
from didgah.accounts.names import name_key
from didgah.community import services as community_services
from didgah.community.models import ArticleVote, Comment
from didgah.community.tests.factories import PASSWORD, make_comment, make_reader
from didgah.news.models import Article
from didgah.news.tests.factories import make_article

pytestmark = pytest.mark.django_db
User = get_user_model()


def _register(client, **overrides):
    data = {
        "username": "maryam", "email": "maryam@example.org", "password1": "Sahel-Khazar-1404",
        "password2": "Sahel-Khazar-1404", "display_name": "مریم احمدی", "city": "رشت", "country": "IR",
        "website": "", "next": "",
    }
    data.update(overrides)
    return client.post("/accounts/register/", data)


def test_register_verify_and_come_back_to_the_article(client):
    article = make_article()
    back = article.get_absolute_url() + "#comments"
    page = client.get(f"/accounts/register/?next={back}")
    assert page.status_code == 200
    html = page.content.decode()
    assert "ایران" in html and "افغانستان" in html  # Persian country names
    response = _register(client, next=back)
    assert response.status_code == 302 and response["Location"] == back
    user = User.objects.get(username="maryam")
    assert user.profile.display_name == "مریم احمدی" and user.profile.place == "رشت، ایران"
    assert not user.profile.email_verified
    # signed in, with the address not yet confirmed
    assert "تأییدنشده" in client.get("/accounts/profile/").content.decode()
    assert len(mail.outbox) == 0  # queued, sent by the scheduler's job
    assert services.outgoing_mail_send_due() == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].body.startswith("مریم احمدی گرامی")
    link = re.search(r"https?://\S+/accounts/verify/\S+/", mail.outbox[0].body).group()
    assert client.get(link[link.index("/accounts"):]).status_code == 302
    user.profile.refresh_from_db()
    assert user.profile.email_verified
    assert "تأییدشده" in client.get("/accounts/profile/").content.decode()


def test_forged_verification_token_is_refused(client):
    reader = make_reader(verified=False)
    client.get("/accounts/verify/forged-token/")
    reader.profile.refresh_from_db()
    assert not reader.profile.email_verified


@pytest.mark.parametrize(
    ("first", "second"),
    [("علی", "علي"), ("علی‌رضا", "علی رضا"), ("علیرضا", "علی‌رضا"), ("Sara", "sara"), ("مهدي", "مهدی")],
)
def test_display_names_unique_on_their_search_key(client, first, second):
    make_reader(display_name=first)
    response = _register(client, display_name=second)
    assert response.status_code == 200
    assert "پیش‌تر گرفته شده" in response.content.decode()
    assert not User.objects.filter(username="maryam").exists()


def test_usernames_unique_on_their_key(client):
    make_reader(username="علی")
    response = _register(client, username="علي")
    assert "پیش‌تر گرفته شده" in response.content.decode()
    response = _register(client, username="ALI_x")
    assert response.status_code == 302
    assert "پیش‌تر گرفته شده" in _register(client.__class__(), username="ali_X", email="b@example.org",
                                           display_name="نام دیگر").content.decode()


@pytest.mark.parametrize("bad", ["مریم\u202e", "مر\u200bیم", "\u2066مریم\u2069", "مریم\u200d", "مریم\x00", "<b>x</b>"])
def test_bidi_and_zero_width_refused_in_names(client, bad):
    response = _register(client, display_name=bad)
    assert response.status_code == 200
    assert not User.objects.filter(username="maryam").exists()
    response = _register(client, username="mar\u200byam", display_name="نامی سالم")
    assert not User.objects.filter(email="maryam@example.org").exists()


def test_zwnj_is_allowed_in_display_names(client):
    assert _register(client, display_name="زهرا محمدی‌نژاد").status_code == 302
    assert Profile.objects.get(user__username="maryam").display_name == "زهرا محمدی‌نژاد"


def test_honeypot_creates_nothing(client):
    response = _register(client, website="http://spam.example")
    assert response.status_code == 302
    assert not User.objects.exists()


def test_registration_rate_limited_per_address(client, settings):
    settings.REGISTRATIONS_PER_IP_PER_HOUR = 2
    for n in range(2):
        assert _register(client.__class__(), username=f"user{n}", email=f"u{n}@example.org",
                         display_name=f"نام {n}").status_code == 302
    response = _register(client, username="user9", email="u9@example.org", display_name="نام نه")
    assert response.status_code == 200 and "حساب‌های زیادی" in response.content.decode()
    assert not User.objects.filter(username="user9").exists()


def test_login_logout_post_only(client):
    reader = make_reader(username="hamid")
    article = make_article()
    response = client.post("/accounts/login/", {"username": "hamid", "password": PASSWORD,
                                                "next": article.get_absolute_url()})
    assert response.status_code == 302 and response["Location"] == article.get_absolute_url()
    assert reader.profile.display_name in client.get("/accounts/profile/").content.decode()
    assert client.get("/accounts/logout/").status_code == 405
    assert client.get("/accounts/profile/").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/accounts/profile/")["Location"].startswith("/accounts/login/")


def test_failed_logins_are_locked_out(client, settings):
    make_reader(username="target")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "target", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "target", "password": PASSWORD})
    assert response.status_code in (403, 429)
    assert "_auth_user_id" not in client.session


def test_password_reset_by_mail(client):
    make_reader(username="reza")
    user = User.objects.get(username="reza")
    assert client.post("/accounts/password-reset/", {"email": user.email}).status_code == 302
    services.outgoing_mail_send_due()
    body = mail.outbox[-1].body
    path = re.search(r"/accounts/reset/\S+/", body).group()
    response = client.get(path, follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": "Tazeh-Ramz-7788", "new_password2": "Tazeh-Ramz-7788"})
    assert response.status_code == 302
    assert client.post("/accounts/login/", {"username": "reza", "password": "Tazeh-Ramz-7788"}).status_code == 302


def test_edit_profile_keeps_names_unique(client):
    make_reader(display_name="سارا")
    reader = make_reader(display_name="نگار")
    client.force_login(reader)
    response = client.post("/accounts/profile/", {"display_name": "سارا", "city": "", "country": ""})
    assert "پیش‌تر گرفته شده" in response.content.decode()
    response = client.post("/accounts/profile/", {"display_name": "نگار کریمی", "city": "هرات", "country": "AF"})
    assert response.status_code == 302
    reader.profile.refresh_from_db()
    assert reader.profile.place == "هرات، افغانستان" and reader.profile.display_key == name_key("نگار کریمی")


def test_delete_account_keeps_comments_as_deleted_user(client):
    article = make_article()
    reader = make_reader(display_name="پرویز")
    other = make_reader()
    mine = make_comment(article=article, author=reader, body="دیدگاه من می‌ماند")
    theirs = make_comment(article=article, author=other)
    community_services.article_vote(article=article, user=reader, value=1)
    community_services.comment_vote(comment=theirs, user=reader, value=-1)
    client.force_login(reader)
    assert client.post("/accounts/delete/", {"password": "wrong"}).status_code == 200
    assert User.objects.filter(pk=reader.pk).exists()
    assert client.post("/accounts/delete/", {"password": PASSWORD}).status_code == 302
    assert not User.objects.filter(pk=reader.pk).exists()
    mine.refresh_from_db()
    assert mine.author is None and mine.body == "دیدگاه من می‌ماند"
    article.refresh_from_db()
    theirs.refresh_from_db()
    assert (article.votes_up, article.score) == (0, 0) and ArticleVote.objects.count() == 0
    assert (theirs.dislikes, theirs.score) == (0, 0)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "کاربر حذف‌شده" in html and "دیدگاه من می‌ماند" in html and "پرویز" not in html


def test_export_own_data_as_json(client):
    article = make_article()
    reader = make_reader(display_name="کاوه")
    make_comment(article=article, author=reader, body="برای دانلود")
    community_services.article_vote(article=article, user=reader, value=-1)
    client.force_login(reader)
    response = client.get("/accounts/export/")
    assert response["Content-Type"].startswith("application/json")
    data = json.loads(response.content)
    assert data["profile"]["display_name"] == "کاوه"
    assert data["comments"][0]["body"] == "برای دانلود"
    assert data["article_votes"][0]["value"] == -1
    assert "password" not in response.content.decode()
    client.logout()
    assert client.get("/accounts/export/").status_code == 302  # to the login page


def test_account_pages_need_login(client):
    for path in ("/accounts/profile/", "/accounts/delete/", "/accounts/export/"):
        assert client.get(path)["Location"].startswith("/accounts/login/")
    assert Comment.objects.count() == 0 and Article.objects.count() == 0


def test_every_password_help_line_says_something(client):
    """Django lists each validator's help under the password boxes: none may be an empty
    bullet (the token-revoking entry checks nothing, and says what it does)."""
    from django.contrib.auth.password_validation import password_validators_help_texts

    texts = password_validators_help_texts()
    assert texts and all(str(t).strip() for t in texts)
    client.force_login(get_user_model().objects.create_superuser("سردبیر", "chief@example.org", "x-Chief-Pass-77"))
    html = client.get("/admin/auth/user/add/").content.decode()
    assert "توکن‌های API حساب باطل می‌شوند" in html
    assert not re.search(r"<li>\s*</li>", html)


def test_the_country_menu_is_in_persian_alphabetical_order():
    """After the three countries most readers live in, the names follow the Persian
    alphabet (پ after ب, چ after ج, گ after ک), not their English order."""
    from django.utils import translation

    from didgah.accounts.countries import ReaderCountries

    alphabet = "آابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"
    with translation.override("fa"):
        names = [str(name) for _code, name in ReaderCountries()]
    assert names[:3] == ["ایران", "افغانستان", "تاجیکستان"]
    firsts = [alphabet.index(n[0]) for n in names[3:] if n[0] in alphabet]
    assert len(firsts) > 200 and firsts == sorted(firsts)
