"""The editors' dashboard (/admin/dashboard/): staff only, every panel drawn as SVG with
its table, figures in Persian digits, and a fixed number of queries however much there
is to show. Real views go through the real flush into the hourly rows it plots."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from didgah.community.models import Comment
from didgah.community.tests.factories import make_comment, make_reader
from didgah.community.viewcount import view_record, views_flush
from didgah.ingest.models import FeedState, FetchLog
from didgah.news.tests.factories import make_article, make_source

pytestmark = pytest.mark.django_db
URL = "/admin/dashboard/"

@pytest.fixture
def editor(client):
    user = get_user_model().objects.create_user("editor", "e@example.org", "x-pass-123", is_staff=True,
                                                is_superuser=True)
    client.force_login(user)
    return client

def _newsroom(n: int):
    """n stories today from n sources, each viewed, commented on, and fetched (all at
    this moment, so that all of it is today's)."""
    now = timezone.now()
    reader = make_reader(approved=0)  # a new reader: their comments wait
    for i in range(n):
        source = make_source(name=f"منبع شمارهٔ {i}")
        article = make_article(title=f"خبر امروز شمارهٔ {i}", source=source, published_at=now)
        for v in range(i + 1):
            view_record(article_id=article.pk, viewer=f"v{i}-{v}")
        make_comment(article=article, author=reader)
        FeedState.objects.update_or_create(source=source, defaults={
            "failure_count": i % 2, "last_error": "timeout: 30s" if i % 2 else "", "last_success_at": now})
        FetchLog.objects.create(source=source, started_at=now, outcome="ok",
                                entries_taken=3)
    views_flush()

def test_only_staff_see_the_dashboard(client):
    assert client.get(URL).status_code == 302
    client.force_login(make_reader())
    response = client.get(URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]

def test_the_admin_front_page_leads_to_it(editor):
    assert URL in editor.get("/admin/").content.decode()

def test_every_panel_is_a_chart_with_its_table(editor):
    _newsroom(3)
    html = editor.get(URL).content.decode()
    for key in ("stories", "views", "comments", "sources", "ingest"):
        assert f'id="panel-{key}"' in html
    for chart in ("chart-stories", "chart-views", "chart-top-stories", "chart-waiting", "chart-sources",
                  "chart-ingest"):
        assert f'aria-labelledby="{chart}-t {chart}-d"' in html
    assert html.count('<svg class="chart ') == 6 and html.count("<details class=\"chart-data\">") == 6
    # Views reached the plot through the flush: 1 + 2 + 3, in Persian digits.
    views = html[html.index('id="panel-views"'):html.index('id="panel-comments"')]
    assert "<dd>۶</dd>" in views and "خبر امروز شمارهٔ 2: ۳" in views  # its <title>: three views
    comments = html[html.index('id="panel-comments"'):html.index('id="panel-sources"')]
    waiting = Comment.objects.filter(status=Comment.Status.PENDING).count()
    assert waiting and f"<dd>{'۰۱۲۳۴۵۶۷۸۹'[waiting]}</dd>" in comments
    ingest = html[html.index('id="panel-ingest"'):]
    assert "۱ از ۳" in ingest and "منبع شمارهٔ 1</a>" in ingest and "<dd>۹</dd>" in ingest
    assert "۱۲:۰۰" in html  # hour labels on the site's clock

def test_the_dashboard_costs_the_same_queries_however_much_it_shows(editor, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _newsroom(2)
    with CaptureQueriesContext(connection) as small:
        assert editor.get(URL).status_code == 200
    _newsroom(6)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert editor.get(URL).status_code == 200
    assert len(small.captured_queries) <= 15
