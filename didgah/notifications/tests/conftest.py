import pytest


@pytest.fixture(autouse=True)
def _notification_settings(settings):
    settings.COMMENT_MODERATION = "post"
    settings.NOTIFICATIONS_DIGEST_HOUR = 0
