"""Two editors on one article: the later save of a form opened before the other's save is
refused, with what happened and what to do, instead of silently undoing the other's edit.
Through the admin's HTTP layer, as the two editors would meet it."""

import pytest

from didgah.news.models import Article
from didgah.news.tests.factories import make_article
from didgah.news.tests.test_revisions import CHANGE, _client, _form, _staff
from didgah.news import roles

pytestmark = pytest.mark.django_db


def _post(client, article, data, **changes):
    data = {**data, **changes, "_save": "1"}
    return client.post(CHANGE.format(article.pk), data)


def test_the_second_of_two_editors_is_told_and_loses_nothing():
    first, second = _client(_staff("ed1", roles.EDITORS)), _client(_staff("ed2", roles.EDITORS))
    article = make_article(lead="لید نخست.", title="سدهای کشور")
    opened_by_first = _form(first.get(CHANGE.format(article.pk)))
    opened_by_second = _form(second.get(CHANGE.format(article.pk)))

    assert _post(second, article, opened_by_second, lead=["لید دبیر دوم."]).status_code == 302
    refused = _post(first, article, opened_by_first, title=["سدهای کشور در پاییز"])
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "دوباره ذخیره شده است" in html and "تغییرهای شما ذخیره نشد" in html
    # What the first editor typed is still in the form for them.
    assert "سدهای کشور در پاییز" in html
    article.refresh_from_db()
    assert article.lead == "لید دبیر دوم." and article.title == "سدهای کشور"

    # Saving the form they were given back keeps their version, knowingly.
    again = _form(refused)
    assert _post(first, article, again).status_code == 302
    article.refresh_from_db()
    assert article.title == "سدهای کشور در پاییز"


def test_one_editor_saving_twice_in_a_row_is_no_conflict():
    client = _client(_staff("ed1", roles.EDITORS))
    article = make_article(title="خبر یک")
    assert _post(client, article, _form(client.get(CHANGE.format(article.pk))), title=["خبر دو"]).status_code == 302
    assert _post(client, article, _form(client.get(CHANGE.format(article.pk))), title=["خبر سه"]).status_code == 302
    assert Article.objects.get(pk=article.pk).title == "خبر سه"


def test_the_front_page_list_counts_as_a_save():
    client = _client(_staff("ed1", roles.EDITORS))
    article = make_article(title="خبر یک")
    opened = _form(client.get(CHANGE.format(article.pk)))
    other = _client(_staff("ed2", roles.EDITORS))
    listing = _form(other.get("/admin/news/article/"), form_id="changelist-form")
    pinned = {k: v for k, v in listing.items()}
    row = next(k[: -len("-id")] for k, v in listing.items() if k.endswith("-id") and v == [str(article.pk)])
    pinned[f"{row}-front_position"] = ["1"]
    pinned["_save"] = ["1"]
    assert other.post("/admin/news/article/", pinned).status_code == 302
    assert Article.objects.get(pk=article.pk).front_position == 1
    assert _post(client, article, opened, title=["خبر دو"]).status_code == 200
    assert Article.objects.get(pk=article.pk).front_position == 1


def test_a_front_page_position_already_taken_is_said():
    client = _client(_staff("ed1", roles.EDITORS))
    lead = make_article(title="خبر اول امروز")
    Article.objects.filter(pk=lead.pk).update(front_position=1)
    other = make_article(title="خبر دیگر")
    response = _post(client, other, _form(client.get(CHANGE.format(other.pk))), front_position=["1"])
    assert response.status_code == 302
    shown = client.get(response["Location"]).content.decode()
    assert "جایگاه ۱ در صفحهٔ اول را «خبر اول امروز» هم دارد" in shown
    # Saving again without touching the position says nothing more.
    response = _post(client, other, _form(client.get(CHANGE.format(other.pk))), title=["خبر دیگر امروز"])
    assert "هم دارد" not in client.get(response["Location"]).content.decode()
