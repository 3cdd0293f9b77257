"""The community's part in account changes, which accounts signals and the community
receives (didgah/accounts/signals.py, community/receivers.py), and the standing actions
the community adds to accounts' Profile admin: all through the test client."""

import json

import pytest
from django.contrib.auth import get_user_model

from didgah.community.models import ModerationLog, ThreadVersion
from didgah.news.tests.factories import make_article

from .factories import PASSWORD, fold, make_comment, make_reader

pytestmark = pytest.mark.django_db


def test_a_new_name_reaches_the_readers_cached_comment_lists(client):
    article = make_article()
    reader = make_reader(display_name="نام پیشین")
    make_comment(article=article, author=reader, body="دیدگاه با نام")
    fold()
    before = ThreadVersion.objects.get(article=article).version
    client.force_login(reader)
    response = client.post("/accounts/profile/", {"display_name": "نام تازه", "city": "", "country": ""})
    assert response.status_code == 302
    assert ThreadVersion.objects.get(article=article).version != before
    html = client.get(article.get_absolute_url()).content.decode()
    assert "نام تازه" in html and "نام پیشین" not in html


def test_deleting_an_account_and_downloading_its_data_include_the_community_part(client):
    article = make_article()
    reader = make_reader()
    make_comment(article=article, author=reader, body="برای پرونده")
    client.force_login(reader)
    data = json.loads(client.get("/accounts/export/").content)
    assert {"comments", "article_votes", "comment_votes", "reports"} <= data.keys()
    assert [c["body"] for c in data["comments"]] == ["برای پرونده"]
    assert client.post("/accounts/delete/", {"password": PASSWORD}).status_code == 302
    assert not get_user_model().objects.filter(pk=reader.pk).exists()


def test_profile_admin_suspends_bans_and_reinstates_with_a_reason(client):
    reader = make_reader()
    profile = reader.profile
    editor = get_user_model().objects.create_superuser("boss", "boss@example.org", "x")
    client.force_login(editor)
    listing = client.get("/admin/accounts/profile/").content.decode()
    assert 'name="reason"' in listing and 'value="ban"' in listing
    assert client.get(f"/admin/accounts/profile/{profile.pk}/change/").status_code == 200

    def act(action, reason):
        return client.post("/admin/accounts/profile/", {"action": action, "_selected_action": [profile.pk],
                                                         "reason": reason}, follow=True)

    assert "دلیل را بنویسید" in act("ban", "").content.decode()
    profile.refresh_from_db()
    assert not profile.banned
    act("suspend_week", "تبلیغ پیاپی")
    profile.refresh_from_db()
    assert profile.is_suspended() and profile.status_reason == "تبلیغ پیاپی"
    act("ban", "نفرت‌پراکنی")
    profile.refresh_from_db()
    assert profile.banned
    act("reinstate", "")
    profile.refresh_from_db()
    assert not profile.banned and profile.suspended_until is None
    log = list(ModerationLog.objects.filter(reader=reader).order_by("pk").values_list("action", "actor_id"))
    assert log == [("suspend", editor.pk), ("ban", editor.pk), ("reinstate", editor.pk)]
