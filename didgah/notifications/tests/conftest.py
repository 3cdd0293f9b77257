import pytest


@pytest.fixture(autouse=True)
def _fast_hashes(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.COMMENT_MODERATION = "post"
    settings.NOTIFICATIONS_DIGEST_HOUR = 0
