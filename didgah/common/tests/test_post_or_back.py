"""A form's target reached by GET after a sign-in goes back to the form, not to a blank 405.

A reader whose session ran out while a form was open sends its POST to the sign-in page;
Django's sign-in then takes them to «next» by GET. Each POST-only page a signed-in reader
uses is walked through that way here, through the HTTP layer."""

import pytest

from didgah.community.tests.factories import PASSWORD, make_reader

pytestmark = pytest.mark.django_db

# (the form's target, where a GET to it goes back to)
TARGETS = [
    ("/notifications/settings/", "/accounts/profile/#notification-settings"),
    ("/notifications/read/", "/notifications/"),
    ("/accounts/verify-again/", "/accounts/profile/"),
]


@pytest.mark.parametrize("target,back", TARGETS)
def test_a_lapsed_session_comes_back_to_the_form(client, target, back):
    reader = make_reader()
    # The POST without a session is sent to sign in first, with the target as «next».
    response = client.post(target, {})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    login = client.get(response["Location"])
    assert login.status_code == 200
    signed_in = client.post(response["Location"], {"username": reader.username, "password": PASSWORD})
    assert signed_in.status_code == 302 and signed_in["Location"] == target
    # The sign-in's GET to the target lands on the page the form is on, which answers.
    again = client.get(target)
    assert again.status_code == 302 and again["Location"] == back
    assert client.get(back).status_code == 200


def test_revoking_a_token_by_get_goes_to_the_tokens_page(client):
    client.force_login(make_reader())
    response = client.get("/api/tokens/1/revoke/")
    assert response.status_code == 302 and response["Location"] == "/api/tokens/"


@pytest.mark.parametrize("target", [t for t, _ in TARGETS])
def test_other_methods_are_still_refused(client, target):
    client.force_login(make_reader())
    assert client.put(target).status_code == 405
    assert client.delete(target).status_code == 405
