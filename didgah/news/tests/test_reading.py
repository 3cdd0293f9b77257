"""The reading pages through the HTTP layer."""

import re
from datetime import datetime, timedelta, timezone as dt_timezone

import pytest
from django.utils import timezone

from didgah.news import services
from didgah.news.models import Article

from .factories import make_article, make_category, make_source

pytestmark = pytest.mark.django_db


def test_home_lists_published_articles_rtl_with_jalali_time(client):
    source = make_source(name="رادیو آوای امروز")
    when = datetime(2025, 11, 2, 6, 21, tzinfo=dt_timezone.utc)
    make_article(title="گشایش خط تازهٔ قطار شهری", source=source, published_at=when)
    make_article(title="پیش‌نویس پنهان", status=Article.Status.DRAFT)
    html = client.get("/").content.decode()
    assert 'dir="rtl"' in html and 'lang="fa"' in html
    assert "گشایش خط تازهٔ قطار شهری" in html
    assert "پیش‌نویس پنهان" not in html
    assert "یکشنبه ۱۱ آبان ۱۴۰۴ - ۰۹:۵۱" in html
    assert "رادیو آوای امروز" in html


def test_article_page_credits_source_and_links_original(client):
    source = make_source(name="رادیو آوای امروز")
    article = make_article(
        title="بارش باران در شهر", source=source, original_url="https://avaye.example/news/12",
        body="<h2>پیامدها</h2><p>متن.</p>",
    )
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'class="credit"><a [^>]*>رادیو آوای امروز</a>-', html)
    assert 'href="https://avaye.example/news/12"' in html
    assert "<h2>پیامدها</h2>" in html
    assert '<link rel="canonical"' in html


def test_persian_slug_and_changed_title_keeps_old_links(client):
    article = make_article(title="نمایشگاه کتاب تهران گشایش یافت")
    old_url = article.get_absolute_url()
    assert "نمایشگاه-کتاب" in article.slug
    assert client.get(old_url).status_code == 200
    services.article_update(article=article, title="نمایشگاه کتاب با استقبال گسترده گشایش یافت")
    article.refresh_from_db()
    assert article.get_absolute_url() != old_url
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()
    assert client.get(f"/news/{article.pk}/").status_code == 301


def test_unpublished_and_unknown_are_persian_404(client):
    draft = make_article(status=Article.Status.DRAFT, published_at=None)
    for url in (draft.get_absolute_url(), "/news/999999/x/", "/no-such-page/"):
        response = client.get(url)
        assert response.status_code == 404
        assert "صفحه پیدا نشد" in response.content.decode()


def test_scheduled_article_appears_at_its_time_without_cron(client):
    article = make_article(title="خبر زمان‌بندی‌شده", published_at=timezone.now() + timedelta(hours=1))
    assert article.status == Article.Status.SCHEDULED
    assert client.get(article.get_absolute_url()).status_code == 404
    assert "خبر زمان‌بندی‌شده" not in client.get("/").content.decode()
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    assert client.get(article.get_absolute_url()).status_code == 200


def test_staff_preview_of_draft(client, admin_user):
    draft = make_article(status=Article.Status.DRAFT, published_at=None, title="پیش‌نمایش ویراستار")
    client.force_login(admin_user)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "پیش‌نمایش" in response.content.decode()


def test_a_draft_opens_for_those_who_may_edit_it_not_for_every_staff_member(client):
    from django.contrib.auth.models import Group, User

    from didgah.news import roles

    draft = make_article(status=Article.Status.DRAFT, published_at=None, title="پیش‌نویس دبیران")
    people = {}
    for group in (roles.EDITORS, roles.MODERATORS):
        people[group] = User.objects.create_user(f"staff-{len(people)}", is_staff=True)
        people[group].groups.add(Group.objects.get(name=group))
    client.force_login(people[roles.MODERATORS])
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(people[roles.EDITORS])
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_category_and_source_pages_paginate(client, settings):
    settings.ARTICLES_PER_PAGE = 3
    category, source = make_category(name="اقتصاد"), make_source()
    for _ in range(5):
        a = make_article(source=source)
        a.categories.add(category)
    html = client.get(category.get_absolute_url()).content.decode()
    assert html.count('<article class="card') == 3 and "صفحهٔ ۱ از ۲" in html
    assert client.get(category.get_absolute_url() + "?page=2").content.decode().count('<article class="card') == 2
    assert client.get(source.get_absolute_url()).status_code == 200
    assert client.get("/category/nothing/").status_code == 404


def test_home_query_count_is_fixed(client, django_assert_max_num_queries):
    category = make_category()
    for _ in range(20):
        make_article().categories.add(category)
    with django_assert_max_num_queries(8):
        assert client.get("/").status_code == 200


def test_lost_zwnj_restored_when_stored():
    article = make_article(title="رئیسجمهور در نشست خبری گفت", lead="کارشناسان میگویند")
    assert "رئیس\u200cجمهور" in article.title
    assert "می\u200cگویند" in article.lead


def test_home_hot_order_follows_the_stored_hot_score(client):
    cold = make_article(title="خبر کم‌رمق")
    hot = make_article(title="خبر پرحرارت", published_at=timezone.now() - timedelta(days=2))
    Article.objects.filter(pk=hot.pk).update(hot=10.0)
    Article.objects.filter(pk=cold.pk).update(hot=1.0)
    html = client.get("/?order=hot").content.decode()
    assert html.index("خبر پرحرارت") < html.index("خبر کم‌رمق")
    html = client.get("/").content.decode()
    main = html.split('id="main"', 1)[1].split("</main>", 1)[0]
    assert main.index("خبر کم‌رمق") < main.index("خبر پرحرارت")
