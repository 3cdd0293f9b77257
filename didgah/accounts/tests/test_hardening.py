"""What probes and hostile input found in accounts (issue 16): look-alike names,
password spraying, duplicate addresses under concurrency, password reset (limits,
the mail queue, the name in the mail, API tokens), the country list."""

import re
import threading

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.test import Client

from didgah.accounts import names, services
from didgah.accounts.models import OutgoingMail, Profile
from didgah.api.models import ApiToken
from didgah.api.services import token_create
from didgah.common import periodic
from didgah.common.testing import run_threads
from didgah.community.tests.factories import PASSWORD, make_comment, make_reader
from didgah.news.tests.factories import make_article

pytestmark = pytest.mark.django_db
User = get_user_model()


def _needs_real_concurrency():
    # SQLite's in-memory test database (shared cache) refuses a second writer at once
    # ("table is locked") instead of making it wait as a database file does: run these
    # on SQLite with TEST_DB_NAME set to a file.
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("concurrent writers need a file database on SQLite (TEST_DB_NAME=/path/test.sqlite3)")


def _register(client, **overrides):
    data = {
        "username": "maryam", "email": "maryam@example.org", "password1": "Sahel-Khazar-1404",
        "password2": "Sahel-Khazar-1404", "display_name": "مریم احمدی", "city": "رشت", "country": "IR",
        "website": "", "next": "",
    }
    data.update(overrides)
    return client.post("/accounts/register/", data)


# --- Look-alike names -------------------------------------------------------------------

@pytest.mark.parametrize(("field", "value", "message"), [
    ("display_name", "مریم\u3164", "پرکننده"),                 # a name plus a Hangul filler
    ("display_name", "\u3164\u3164\u3164", "پرکننده"),         # fillers only
    ("display_name", "\uffa0\uffa0", "پرکننده"),               # halfwidth fillers
    ("display_name", "مریم\u2800", "پرکننده"),                 # the Braille blank
    ("display_name", "مریم\u00ad", "پرکننده"),                 # a soft hyphen
    ("display_name", "Ｓａｒａ", "تمام‌عرض"),                   # fullwidth Latin
    ("display_name", "\U0001d412ara", "تمام‌عرض"),             # mathematical bold
    ("display_name", "S\u0430ra", "یک خط"),                    # Cyrillic «а» in a Latin word
    ("display_name", "مریمa", "یک خط"),                        # Persian and Latin in one word
    ("city", "Tehr\u0430n", "یک خط"),
    ("city", "رشت\u3164", "پرکننده"),
    ("username", "sara\u3164", "پرکننده"),
    ("username", "s\u0430ra", "یک خط"),
    ("username", "<script>alert(1)</script>", "فقط می‌تواند حرف"),
    ("username", "a b/c", "فقط می‌تواند حرف"),
])
def test_invisible_decorated_and_mixed_script_names_are_refused(client, field, value, message):
    response = _register(client, **{field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.parametrize(("first", "second"), [
    ("علی", "علې"),      # U+06D0 for «ی»
    ("مهدی", "مھدی"),    # U+06BE for «ه»
    ("کاوه", "كاوه"),    # Arabic kaf
])
def test_look_alike_display_names_collide(client, first, second):
    make_reader(display_name=first)
    response = _register(client, display_name=second)
    assert response.status_code == 200
    assert "پیش‌تر گرفته شده" in response.content.decode()
    assert not User.objects.filter(username="maryam").exists()


def test_look_alike_usernames_collide(client):
    make_reader(username="sara")
    response = _register(client, username="Sara")
    assert "پیش‌تر گرفته شده" in response.content.decode()
    # Django's username field folds fullwidth letters (NFKC) and then it is «sara»
    response = _register(client, username="ｓａｒａ")
    assert "پیش‌تر گرفته شده" in response.content.decode()
    assert User.objects.count() == 1


def test_names_that_only_look_different_in_one_script_stay_apart():
    assert names.name_key("بهار") != names.name_key("پهار")
    assert names.name_key("سارا") != names.name_key("ساره")
    assert names.name_key("رضا") != names.name_key("زضا")
    assert names.display_name_problem("زهرا محمدی‌نژاد") is None
    assert names.display_name_problem("Sara Ahmadi") is None
    assert names.display_name_problem("Sara احمدی") is None  # two words, two scripts: fine


# --- Password spraying ------------------------------------------------------------------

def test_one_address_trying_many_accounts_is_locked_out(settings):
    settings.AXES_FAILURE_LIMIT_PER_ADDRESS = 6
    readers = [make_reader(username=f"target{i}") for i in range(7)]
    sprayer = Client(REMOTE_ADDR="203.0.113.7")
    # one wrong password for each: no account comes near its own limit
    codes = [sprayer.post("/accounts/login/", {"username": r.username, "password": "Summer2024!"}).status_code
             for r in readers[:6]]
    assert codes == [200] * 5 + [429]  # the sixth failure from the address locks it out
    response = sprayer.post("/accounts/login/", {"username": readers[6].username, "password": PASSWORD})
    assert response.status_code == 429
    assert "تلاش‌های ناموفق" in response.content.decode()
    assert "_auth_user_id" not in sprayer.session
    # another address is not affected
    other = Client(REMOTE_ADDR="198.51.100.2")
    assert other.post("/accounts/login/", {"username": readers[6].username, "password": PASSWORD}).status_code == 302


def test_an_address_below_its_own_limit_still_signs_in(settings):
    """Readers behind one NAT mistyping now and then are not locked out: the address
    alone has more room than one account."""
    settings.AXES_FAILURE_LIMIT_PER_ADDRESS = 20
    readers = [make_reader(username=f"office{i}") for i in range(7)]
    office = Client(REMOTE_ADDR="203.0.113.9")
    for reader in readers[:6]:
        office.post("/accounts/login/", {"username": reader.username, "password": "typo"})
    assert office.post("/accounts/login/", {"username": readers[6].username, "password": PASSWORD}).status_code == 302


# --- Duplicate addresses under concurrency ----------------------------------------------

@pytest.mark.django_db(transaction=True)
def test_eight_registrations_of_one_address_at_once_make_one_account(settings, monkeypatch):
    """All eight pass the form's check before any of them writes (held at a barrier):
    only the database's constraint on the lower-cased address can stop the others, and
    each of them gets the form back with a Persian message, not a server error."""
    _needs_real_concurrency()
    settings.REGISTRATIONS_PER_IP_PER_HOUR = 100
    real = services.reader_register
    barrier = threading.Barrier(8)

    def held(**kwargs):
        barrier.wait(timeout=30)
        return real(**kwargs)

    monkeypatch.setattr(services, "reader_register", held)
    statuses = {}

    def register(i):
        response = _register(Client(), username=f"twin{i}", display_name=f"همزاد {i}",
                             email="Twin@Example.org" if i % 2 else "twin@example.org")
        statuses[i] = (response.status_code, response.content.decode() if response.status_code == 200 else "")

    assert run_threads(8, register) == []
    assert User.objects.filter(email__iexact="twin@example.org").count() == 1
    assert sorted(code for code, _ in statuses.values()) == [200] * 7 + [302]
    assert all("پیش‌تر حسابی ساخته شده" in html for code, html in statuses.values() if code == 200)
    assert Profile.objects.count() == 1


# --- Password reset ---------------------------------------------------------------------

def test_reset_mail_is_queued_and_names_the_reader(client):
    reader = make_reader(username="reza", display_name="رضا کرمانی")
    response = client.post("/accounts/password-reset/", {"email": reader.email.upper()})
    assert response.status_code == 302 and response["Location"] == "/accounts/password-reset/sent/"
    assert mail.outbox == []  # nothing sent inside the request
    queued = OutgoingMail.objects.get()
    assert queued.to == reader.email and queued.sent_at is None
    assert "accounts.outgoing_mail" in periodic.registered()
    assert services.outgoing_mail_send_due() == 1
    body = mail.outbox[0].body
    assert body.startswith("رضا کرمانی گرامی") and "«reza»" in body
    assert re.search(r"/accounts/reset/\S+/", body)


def test_reset_for_an_unknown_address_answers_the_same_and_queues_nothing(client):
    response = client.post("/accounts/password-reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302 and response["Location"] == "/accounts/password-reset/sent/"
    assert not OutgoingMail.objects.exists()


def test_reset_is_limited_per_address(client, settings):
    settings.PASSWORD_RESETS_PER_EMAIL_PER_HOUR = 3
    reader = make_reader()
    for n in range(3):
        assert Client(REMOTE_ADDR=f"192.0.2.{n + 1}").post(
            "/accounts/password-reset/", {"email": reader.email}).status_code == 302
    response = Client(REMOTE_ADDR="192.0.2.99").post("/accounts/password-reset/", {"email": reader.email})
    assert response.status_code == 429
    assert "بعداً دوباره تلاش کنید" in response.content.decode()
    assert OutgoingMail.objects.count() == 3


def test_reset_is_limited_per_client(client, settings):
    settings.PASSWORD_RESETS_PER_CLIENT_PER_HOUR = 5
    for n in range(5):
        assert client.post("/accounts/password-reset/", {"email": f"probe{n}@example.org"}).status_code == 302
    response = client.post("/accounts/password-reset/", {"email": "probe9@example.org"})
    assert response.status_code == 429 and "بعداً دوباره تلاش کنید" in response.content.decode()


def test_a_failed_send_is_retried_later_and_sent_once(monkeypatch):
    services.outgoing_mail_queue(to="a@example.org", subject="s", body="b")
    real = services.mail_deliver
    calls = []

    def flaky(*args, **kwargs):
        calls.append(args)
        if len(calls) == 1:
            raise ConnectionRefusedError("mail server down")
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "mail_deliver", flaky)
    assert services.outgoing_mail_send_due() == 0
    queued = OutgoingMail.objects.get()
    assert queued.attempts == 1 and "mail server down" in queued.last_error and queued.sent_at is None
    assert services.outgoing_mail_send_due() == 0  # waits before trying again
    OutgoingMail.objects.update(next_attempt_at=queued.created_at)
    assert services.outgoing_mail_send_due() == 1
    assert services.outgoing_mail_send_due() == 0
    assert len(mail.outbox) == 1 and OutgoingMail.objects.get().sent_at is not None


@pytest.mark.django_db(transaction=True)
def test_two_senders_at_once_send_each_mail_once():
    _needs_real_concurrency()
    for n in range(30):
        services.outgoing_mail_queue(to=f"m{n}@example.org", subject=f"s{n}", body="b")
    assert run_threads(4, lambda i: services.outgoing_mail_send_due()) == []
    assert sorted(to for m in mail.outbox for to in m.to) == sorted(f"m{n}@example.org" for n in range(30))
    assert not OutgoingMail.objects.filter(sent_at__isnull=True).exists()


def test_reset_signs_out_everywhere_and_revokes_api_tokens(client):
    reader = make_reader(username="nasrin")
    token, _raw = token_create(user=reader, name="خبرخوان")
    elsewhere = Client()
    elsewhere.force_login(reader)
    assert elsewhere.get("/accounts/profile/").status_code == 200
    client.post("/accounts/password-reset/", {"email": reader.email})
    services.outgoing_mail_send_due()
    path = re.search(r"/accounts/reset/\S+/", mail.outbox[-1].body).group()
    form_url = client.get(path, follow=True).redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": "Tazeh-Ramz-7788", "new_password2": "Tazeh-Ramz-7788"})
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    response = elsewhere.get("/accounts/profile/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_any_password_change_revokes_api_tokens():
    """The admin's form and `changepassword` set the password and save, as the reset does."""
    reader = make_reader()
    token, _raw = token_create(user=reader, name="اسکریپت")
    other_token, _ = token_create(user=make_reader(), name="دیگری")
    reader.set_password("Another-Long-Pass-1405")
    reader.save()
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    assert ApiToken.objects.get(pk=other_token.pk).revoked_at is None
    reader.first_name = "بی‌ربط"
    reader.save()  # a save without a new password revokes nothing new
    new_token, _ = token_create(user=reader, name="تازه")
    reader.save()
    assert ApiToken.objects.get(pk=new_token.pk).revoked_at is None


# --- Countries --------------------------------------------------------------------------

def test_every_country_with_its_persian_name(client):
    html = client.get("/accounts/register/").content.decode()
    for code, name in (("PT", "پرتغال"), ("ZA", "آفریقای جنوبی"), ("JO", "اردن"), ("IR", "ایران")):
        assert f'value="{code}"' in html and name in html
    assert html.index('value="IR"') < html.index('value="AF"') < html.index('value="TJ"') < html.index('value="JO"')
    assert _register(client, country="PT").status_code == 302
    profile = Profile.objects.get(user__username="maryam")
    assert profile.country == "PT" and profile.place == "رشت، پرتغال"
    assert _register(Client(), username="other", email="o@example.org", display_name="دیگری",
                     country="XX").status_code == 200


def test_comment_byline_shows_the_persian_country(client):
    article = make_article()
    reader = make_reader(display_name="لیلا", city="امان", country="JO")
    make_comment(article=article, author=reader, body="دیدگاهی از اردن")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "امان، اردن" in html


def test_an_over_long_username_at_sign_in_is_refused_not_an_error(client):
    """axes records the attempt with the name cut to its column (PostgreSQL refused the
    whole name with a 500)."""
    from axes.models import AccessAttempt

    for url in ("/accounts/login/", "/admin/login/"):
        response = client.post(url, {"username": "x" * 3000, "password": "y"})
        assert response.status_code in (200, 403), url
    assert all(len(a.username) <= 255 for a in AccessAttempt.objects.all())
