import pytest


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploads and renditions of one test in a directory of its own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
