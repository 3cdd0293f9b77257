"""After confirming the address, a new reader is back on the page they registered from
(issue 21): the register view's `next`, kept in the session, checked again on the way out."""

import re

import pytest
from django.core import mail

from didgah.accounts import services
from didgah.accounts.views import VERIFY_NEXT_KEY
from didgah.community.tests.factories import make_reader
from didgah.news.tests.factories import make_article

pytestmark = pytest.mark.django_db


def _register(client, next_url):
    return client.post("/accounts/register/", {
        "username": "sara", "email": "sara@example.org", "password1": "Sahel-Khazar-1404",
        "password2": "Sahel-Khazar-1404", "display_name": "سارا", "city": "رشت", "country": "IR",
        "website": "", "next": next_url,
    })


def _verify_link(client):
    services.outgoing_mail_send_due()
    link = re.search(r"https?://\S+/accounts/verify/\S+/", mail.outbox[-1].body).group()
    return client.get(link[link.index("/accounts"):])


def test_confirming_the_address_leads_back_to_the_article(client):
    article = make_article()
    back = article.get_absolute_url() + "#comments"
    assert _register(client, back)["Location"] == back
    response = _verify_link(client)
    assert response.status_code == 302 and response["Location"] == back
    # Once: a second visit of the link is the profile page again.
    assert _verify_link(client)["Location"] == "/accounts/profile/"


def test_without_a_page_to_return_to_it_is_the_profile(client):
    _register(client, "")
    assert _verify_link(client)["Location"] == "/accounts/profile/"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "abc"])
def test_a_foreign_or_odd_target_in_the_session_is_not_followed(client, target):
    _register(client, "")
    session = client.session
    session[VERIFY_NEXT_KEY] = target
    session.save()
    assert _verify_link(client)["Location"] == "/accounts/profile/"


def test_another_readers_link_does_not_use_this_session(client):
    article = make_article()
    _register(client, article.get_absolute_url())
    other = make_reader(verified=False)
    token = services.email_verification_token(user=other)
    assert client.get(f"/accounts/verify/{token}/")["Location"] == "/accounts/profile/"
