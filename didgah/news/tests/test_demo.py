import pytest
from django.core.management import call_command

from didgah.ingest.services import sources_due
from didgah.news.models import Article

pytestmark = pytest.mark.django_db(transaction=True)


def test_demo_loads_once_and_leaves_nothing_for_the_scheduler_to_poll(tmp_path, settings):
    settings.DATA_DIR = tmp_path
    call_command("load_demo", verbosity=0)
    count = Article.objects.published().count()
    assert count >= 30
    repaired = Article.objects.get(title__contains="شورای شهر", title__startswith="بودجه سال")
    assert "\u200c" in repaired.body  # its ZWNJs were lost in the demo text and restored
    # The fictional outlets have no feeds; the demo feeds' sources do not poll by themselves.
    assert not sources_due().exists()
    call_command("load_demo", verbosity=0)
    assert Article.objects.published().count() == count
