"""Video reports: a YouTube, Aparat or Vimeo address becomes the sandboxed,
privacy-friendly player (the same rule as a body's iframes), an uploaded file plays in
<video> with the article's picture as its poster, and lists mark video reports."""

import pytest
from django.core.files.base import ContentFile

from didgah.common.html import IFRAME_SANDBOX, clean_html, video_embed_url
from didgah.news import services
from didgah.news.tests.factories import make_article, make_category


@pytest.mark.parametrize(("url", "player"), [
    ("https://www.youtube.com/watch?v=abcDEF_123-", "https://www.youtube-nocookie.com/embed/abcDEF_123-"),
    ("https://youtube.com/watch?feature=share&v=abc123", "https://www.youtube-nocookie.com/embed/abc123"),
    ("https://m.youtube.com/watch?v=abc123", "https://www.youtube-nocookie.com/embed/abc123"),
    ("https://youtu.be/abc123", "https://www.youtube-nocookie.com/embed/abc123"),
    ("https://www.youtube.com/shorts/abc123", "https://www.youtube-nocookie.com/embed/abc123"),
    ("https://www.youtube.com/embed/abc123", "https://www.youtube-nocookie.com/embed/abc123"),
    ("https://www.aparat.com/v/AbC12", "https://www.aparat.com/video/video/embed/videohash/AbC12/vt/frame"),
    ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871?dnt=1"),
    ("https://player.vimeo.com/video/76979871", "https://player.vimeo.com/video/76979871?dnt=1"),
])
def test_watch_and_player_addresses_become_the_player(url, player):
    assert video_embed_url(url) == player


@pytest.mark.parametrize("url", [
    "https://www.youtube.com/watch?v=<script>",
    "https://www.youtube.com/channel/abc",
    "https://evil.example/watch?v=abc",
    "https://vimeo.com/channels/staff",
    "https://player.vimeo.com/video/../../x",
    "javascript:alert(1)",
    "https://user:pw@vimeo.com/1",
    "https://cdn.example/report.mp4",
])
def test_other_addresses_are_not_players(url):
    assert video_embed_url(url) is None


def test_a_body_iframe_takes_only_player_addresses():
    # The body's allow-list is unchanged: a frame of a watch page is refused there.
    assert "<iframe" not in clean_html('<iframe src="https://www.youtube.com/watch?v=abc"></iframe>')
    cleaned = clean_html('<iframe src="https://player.vimeo.com/video/42"></iframe>')
    assert 'src="https://player.vimeo.com/video/42?dnt=1"' in cleaned and f'sandbox="{IFRAME_SANDBOX}"' in cleaned


@pytest.mark.django_db
def test_youtube_link_in_the_video_field_is_a_sandboxed_nocookie_player(client):
    article = make_article(title="گزارش تصویری", video_url="https://www.youtube.com/watch?v=abc123")
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<iframe src="https://www.youtube-nocookie.com/embed/abc123"' in html
    assert f'sandbox="{IFRAME_SANDBOX}"' in html and 'referrerpolicy="no-referrer"' in html
    assert 'title="ویدیو: گزارش تصویری"' in html
    assert "<video" not in html.split('class="body"')[0]


@pytest.mark.django_db
def test_uploaded_video_plays_with_the_picture_as_poster(client, media_root):
    article = make_article(title="گزارش با پرونده", image_url="https://cdn.example/poster.jpg")
    article.video_file.save("report.mp4", ContentFile(b"\x00\x00\x00\x18ftypmp42"), save=False)
    services.article_update(article=article)
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'<video class="lead-video" src="/media/{article.video_file.name}" poster="https://cdn.example/poster.jpg"' in html
    # The file is served from the embedded default's disk.
    response = client.get(f"/media/{article.video_file.name}")
    assert response.status_code == 200 and response["Content-Type"] == "video/mp4"


@pytest.mark.django_db
def test_lists_mark_video_reports(client):
    category = make_category(slug="video-cat")
    video = make_article(title="گزارش ویدیویی شهر", video_url="https://www.aparat.com/v/AbC12")
    plain = make_article(title="خبر بی ویدیو")
    video.categories.add(category)
    plain.categories.add(category)
    for url in ("/", "/latest/", category.get_absolute_url()):
        html = client.get(url).content.decode()
        card = html.split("گزارش ویدیویی شهر")[0].rsplit('<article class="card', 1)[1]
        assert '<span class="badge-video">ویدیو</span>' in card, url
        card = html.split("خبر بی ویدیو")[0].rsplit('<article class="card', 1)[1]
        assert "badge-video" not in card, url
