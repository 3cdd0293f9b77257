"""The demo shows the newsroom: a lead, picks, a breaking item, video reports, authors
with photos, tags, library images with their renditions."""

import pytest
from django.core.management import call_command

from didgah.news.models import Article, Author, Breaking, Image

pytestmark = pytest.mark.django_db


def test_the_demo_shows_every_part_of_the_newsroom(client, media_root):
    call_command("load_demo", verbosity=0)
    assert Author.objects.count() == 4 and all(a.photo_id for a in Author.objects.all())
    assert Image.objects.count() >= 10 and all(i.renditions.get("social") for i in Image.objects.all())
    assert Article.objects.filter(front_position=1).count() == 1
    assert Article.objects.filter(is_pick=True).count() == 3
    assert Breaking.objects.active().count() == 1
    videos = Article.objects.exclude(video_url="")
    assert videos.count() >= 3 and all(v.authors.exists() for v in videos)
    html = client.get("/").content.decode()
    assert 'class="breaking"' in html and 'class="front-picks"' in html and "badge-video" in html
    author = Author.objects.get(slug="maryam-soltani")
    assert author.articles.count() >= 2
    assert client.get(author.get_absolute_url()).status_code == 200
    # Running it again adds nothing.
    call_command("load_demo_newsroom", verbosity=0)
    assert Author.objects.count() == 4
